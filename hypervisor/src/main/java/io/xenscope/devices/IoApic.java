package io.xenscope.devices;

import io.xenscope.memory.MmioHandler;

/**
 * The I/O APIC at 0xFEC00000 as Xen emulates it for an HVM guest (xen/arch/x86/hvm/vioapic.c):
 * IOREGSEL at offset 0x00 and IOWIN at 0x10; ID (bits 27:24), version 0x11 with 48 pins
 * (VIOAPIC_NUM_PINS: 16 ISA IRQs and 32 PCI INTx GSIs), arbitration ID; 48 redirection entries
 * (vector, delivery mode, physical/logical destination, polarity, trigger mode, mask, remote IRR
 * and delivery status read-only), all masked at reset.
 *
 * <p>Delivery to the one local APIC: fixed and lowest-priority entries whose destination matches
 * it; an edge-triggered pin delivers on each rising edge while unmasked; a level-triggered pin
 * delivers while asserted, sets remote IRR and waits for the local APIC's EOI of that vector
 * ({@link #eoi}), after which a still-asserted pin delivers again. An ExtINT entry does not deliver
 * here: it lets the 8259's INTR through to the CPU (Xen's __vlapic_accept_pic_intr, see
 * {@link PcPlatform}). NMI, SMI and INIT entries have no line to drive and are dropped. As in Xen,
 * {@code asserted} means active: the polarity bit is stored, not applied to the wire.
 */
public final class IoApic implements MmioHandler {
    public static final long DEFAULT_BASE = 0xfec00000L;
    public static final int VERSION = 0x11, PINS = 48;
    public static final int IOREGSEL = 0x00, IOWIN = 0x10;
    static final long MASKED = 1L << 16, LEVEL = 1L << 15, REMOTE_IRR = 1L << 14, DELIVERY_STATUS = 1L << 12,
            LOGICAL = 1L << 11;
    private static final int DM_FIXED = 0, DM_LOWEST = 1, DM_EXTINT = 7;
    /** Writable bits: vector, delivery mode, destination mode, polarity, trigger, mask, destination. */
    private static final long WRITABLE = 0xff000000_0001a000L | 0xfff;

    private final LocalApic[] lapics;
    private final Runnable changed;
    private int ioregsel;
    private int id;
    private final long[] redirection = new long[PINS];
    private final boolean[] asserted = new boolean[PINS];

    /** {@code changed}: told when pin 0's entry changes, which decides whether the 8259 reaches the CPU. */
    public IoApic(LocalApic lapic, Runnable changed) {
        this(new LocalApic[] {lapic}, changed);
    }

    /** An I/O APIC on the bus of {@code lapics} (one per vCPU; index 0 the BSP's). */
    public IoApic(LocalApic[] lapics, Runnable changed) {
        this.lapics = lapics;
        this.changed = changed;
        for (int i = 0; i < PINS; i++) {
            redirection[i] = MASKED;
        }
    }

    public long redirectionEntry(int pin) {
        return redirection[pin];
    }

    /** A device drives GSI {@code pin}. */
    public void setIrq(int pin, boolean level) {
        if (pin < 0 || pin >= PINS) {
            return;
        }
        boolean was = asserted[pin];
        asserted[pin] = level;
        if (!level) {
            return;
        }
        long e = redirection[pin];
        if ((e & LEVEL) != 0) {
            if ((e & REMOTE_IRR) == 0) {
                deliver(pin);
            }
        } else if (!was) {
            deliver(pin);
        }
    }

    private void deliver(int pin) {
        long e = redirection[pin];
        if ((e & MASKED) != 0) {
            return;
        }
        int mode = (int) (e >> 8) & 7;
        if (mode != DM_FIXED && mode != DM_LOWEST) {
            return; // ExtINT passes the PIC through LINT0's path; NMI/SMI/INIT have nowhere to go
        }
        // fixed: every APIC the destination names; lowest priority: the one of them with the lowest PPR
        // (vioapic_deliver → vlapic_lowest_prio; the first by APIC ID on ties)
        int dest = (int) (e >>> 56);
        boolean logical = (e & LOGICAL) != 0;
        LocalApic lowest = null;
        boolean level = (e & LEVEL) != 0;
        boolean any = false;
        for (LocalApic a : lapics) {
            if (!a.matches(dest, logical)) {
                continue;
            }
            if (mode == DM_LOWEST) {
                if (lowest == null || a.ppr() < lowest.ppr()) {
                    lowest = a;
                }
                continue;
            }
            if (level && !any) {
                redirection[pin] |= REMOTE_IRR;
            }
            any = true;
            a.accept((int) e & 0xff, level);
        }
        if (lowest != null) {
            if (level) {
                redirection[pin] |= REMOTE_IRR;
            }
            lowest.accept((int) e & 0xff, level);
        }
    }

    /** The local APIC's EOI of a level-triggered {@code vector} (vioapic_update_EOI; PcPlatform wires it). */
    void eoi(int vector) {
        for (int pin = 0; pin < PINS; pin++) {
            long e = redirection[pin];
            if ((e & 0xff) != vector || (e & REMOTE_IRR) == 0) {
                continue;
            }
            redirection[pin] &= ~REMOTE_IRR;
            if ((e & LEVEL) != 0 && asserted[pin]) {
                deliver(pin);
            }
        }
    }

    /** True when pin 0 is an unmasked ExtINT entry aimed at the local APIC (the PIC's virtual-wire path). */
    boolean pin0RoutesExtInt() {
        long e = redirection[0];
        return (e & MASKED) == 0 && ((e >> 8) & 7) == DM_EXTINT && (e >>> 56) == lapics[0].apicId();
    }

    private int readIndirect(int reg) {
        if (reg == 0) {
            return id;
        }
        if (reg == 1) {
            return (PINS - 1) << 16 | VERSION;
        }
        if (reg == 2) {
            return id; // arbitration ID
        }
        int pin = (reg - 0x10) >> 1;
        if (reg >= 0x10 && pin < PINS) {
            long e = redirection[pin];
            return (int) ((reg & 1) == 0 ? e : e >>> 32);
        }
        return -1; // vioapic_read_indirect: unknown registers read as all ones
    }

    private void writeIndirect(int reg, int val) {
        if (reg == 0) {
            id = val & 0x0f000000;
            return;
        }
        int pin = (reg - 0x10) >> 1;
        if (reg < 0x10 || pin >= PINS) {
            return; // version and arbitration ID are read-only
        }
        long e = redirection[pin];
        long updated = (reg & 1) == 0
                ? e & 0xffffffff_00000000L | val & 0xffffffffL
                : e & 0xffffffffL | (long) val << 32;
        updated = updated & WRITABLE | e & (REMOTE_IRR | DELIVERY_STATUS);
        if ((updated & LEVEL) == 0) {
            updated &= ~REMOTE_IRR; // vioapic_write_redirent: edge entries have no remote IRR
        }
        redirection[pin] = updated;
        if (pin == 0) {
            changed.run();
        }
        // An unmasked level pin that is asserted and not awaiting EOI delivers now.
        if ((updated & (MASKED | LEVEL | REMOTE_IRR)) == LEVEL && asserted[pin]) {
            deliver(pin);
        }
    }

    @Override
    public long read(long offset, int size) {
        return switch ((int) offset & 0xff) {
            case IOREGSEL -> ioregsel;
            case IOWIN -> readIndirect(ioregsel) & 0xffffffffL;
            default -> 0;
        };
    }

    @Override
    public void write(long offset, int size, long value) {
        switch ((int) offset & 0xff) {
            case IOREGSEL -> ioregsel = (int) value & 0xff;
            case IOWIN -> writeIndirect(ioregsel, (int) value);
            default -> { }
        }
    }
}
