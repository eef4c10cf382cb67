package io.xenscope.devices;

import io.xenscope.memory.IoBus;
import io.xenscope.memory.IoPortHandler;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * The MC146818 real-time clock and its CMOS memory at 0x70 (index; bit 7 masks NMI) / 0x71 (data),
 * as an HVM guest sees them on Xen: Xen's rtc.c owns the clock registers 0x00-0x0D, QEMU's
 * mc146818 the rest of the 128 bytes, filled as QEMU's pc_cmos_init does for the memory size.
 *
 * <p>The clock reads 2024-01-01T00:00:00Z (the emulated Xen's wallclock) plus virtual time, in BCD
 * or binary (register B DM) and 24- or 12-hour form (B 24/12, PM in bit 7 of the hour) per the
 * format at the time of the read. Register A: rate select and divider writable, UIP (bit 7) set
 * during the last 244 µs before each second. Register B: SET freezes the clock so the guest can
 * write it (the time counts on from the written value when SET clears; a write without SET takes
 * effect at once, as Xen's rtc_set_time), PIE/AIE/UIE enable the periodic, alarm and update-ended
 * interrupts on ISA IRQ 8 (flags PF/AF/UF in register C with IRQF; reading C clears them and
 * lowers IRQ 8). Register D: VRT (battery good). PF, AF and UF are only raised while their
 * interrupt is enabled. Periodic rates 1 and 2 behave as 8 and 9 (Xen and the MC146818 divider).
 */
public final class CmosRtc implements TimedDevice {
    public static final int INDEX_PORT = 0x70, DATA_PORT = 0x71;
    public static final long EPOCH_SECONDS = 1_704_067_200L; // 2024-01-01T00:00:00Z
    static final int SECONDS = 0, SECONDS_ALARM = 1, MINUTES = 2, MINUTES_ALARM = 3, HOURS = 4, HOURS_ALARM = 5,
            DAY_OF_WEEK = 6, DAY_OF_MONTH = 7, MONTH = 8, YEAR = 9, REG_A = 0x0a, REG_B = 0x0b, REG_C = 0x0c,
            REG_D = 0x0d, CENTURY = 0x32;
    static final int A_UIP = 0x80, B_SET = 0x80, B_PIE = 0x40, B_AIE = 0x20, B_UIE = 0x10, B_DM_BINARY = 0x04,
            B_24H = 0x02, C_IRQF = 0x80, C_PF = 0x40, C_AF = 0x20, C_UF = 0x10, D_VRT = 0x80;
    private static final long NS_PER_S = 1_000_000_000L, UIP_NS = 244_000;
    /** HVM_BELOW_4G_RAM_END: Xen's QEMU keeps RAM below 0xF0000000 and puts the rest above 4 GiB. */
    public static final long BELOW_4G_RAM_END = 0xf0000000L;

    private final byte[] cmos = new byte[128];
    private final LongSupplier nowNs;
    private final IrqLine irq8;
    private final Runnable reschedule;
    private int index;
    private boolean nmiMasked;
    /** The clock: {@code baseSeconds} at virtual time {@code baseNs}. */
    private long baseSeconds = EPOCH_SECONDS, baseNs;
    private long periodicStart, periodicCount;
    private long periodicDeadline = Long.MAX_VALUE, secondDeadline = Long.MAX_VALUE;

    public CmosRtc(IoBus io, LongSupplier nowNs, IrqLine irq8, Runnable reschedule) {
        this.nowNs = nowNs;
        this.irq8 = irq8;
        this.reschedule = reschedule;
        cmos[REG_A] = 0x26; // 32.768 kHz divider, 1024 Hz rate
        cmos[REG_B] = B_24H;
        cmos[REG_D] = (byte) D_VRT;
        io.register(INDEX_PORT, 2, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                if (size != 1) {
                    return size == 4 ? -1 : 0xffff; // handle_rtc_io: byte accesses only
                }
                return port == INDEX_PORT ? 0xff : read(index);
            }

            @Override
            public void out(int port, int size, int value) {
                if (size != 1) {
                    return;
                }
                if (port == INDEX_PORT) {
                    index = value & 0x7f;
                    nmiMasked = (value & 0x80) != 0;
                } else {
                    write(index, value & 0xff);
                }
            }
        });
        setMemorySize(0);
    }

    /** Whether the guest set the NMI mask (bit 7 of the last index written); no NMI source exists. */
    public boolean nmiMasked() {
        return nmiMasked;
    }

    /**
     * The memory-size bytes of pc_cmos_init (QEMU hw/i386/pc.c) for {@code ramBytes} of guest RAM,
     * split below/above 4 GiB as Xen's QEMU does ({@link #BELOW_4G_RAM_END}).
     */
    public void setMemorySize(long ramBytes) {
        long below = Math.min(ramBytes, BELOW_4G_RAM_END);
        long above = ramBytes - below;
        int base = (int) Math.min(below / 1024, 640);
        set16(0x15, base);
        int ext = (int) Math.min(below > 1 << 20 ? (below - (1 << 20)) / 1024 : 0, 65535);
        set16(0x17, ext);
        set16(0x30, ext);
        int high = (int) Math.min(below > 16 << 20 ? (below - (16 << 20)) / 65536 : 0, 65535);
        set16(0x34, high);
        long above64k = above / 65536;
        cmos[0x5b] = (byte) above64k;
        cmos[0x5c] = (byte) (above64k >> 8);
        cmos[0x5d] = (byte) (above64k >> 16);
        cmos[0x5f] = 0; // number of CPUs - 1
        cmos[0x14] = 0x06; // equipment: FPU, PS/2 mouse; no floppy
    }

    private void set16(int at, int v) {
        cmos[at] = (byte) v;
        cmos[at + 1] = (byte) (v >> 8);
    }

    public int cmosByte(int at) {
        return cmos[at] & 0xff;
    }

    // ---- the clock ---------------------------------------------------------------------------------

    private boolean binary() {
        return (cmos[REG_B] & B_DM_BINARY) != 0;
    }

    private boolean frozen() {
        return (cmos[REG_B] & B_SET) != 0;
    }

    private long seconds(long now) {
        return baseSeconds + Math.floorDiv(now - baseNs, NS_PER_S);
    }

    private int encode(int v) {
        return binary() ? v : (v / 10) << 4 | v % 10;
    }

    private int decode(int v) {
        return binary() ? v : (v >> 4) * 10 + (v & 0xf);
    }

    private int encodeHour(int h) {
        if ((cmos[REG_B] & B_24H) != 0) {
            return encode(h);
        }
        int h12 = h % 12 == 0 ? 12 : h % 12;
        return encode(h12) | (h >= 12 ? 0x80 : 0);
    }

    private int decodeHour(int v) {
        if ((cmos[REG_B] & B_24H) != 0) {
            return decode(v);
        }
        int h = decode(v & 0x7f) % 12;
        return (v & 0x80) != 0 ? h + 12 : h;
    }

    /** Writes the clock at {@code now} into the time bytes (in the current format). */
    private void latchTime(long now) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds(now), 0, ZoneOffset.UTC);
        cmos[SECONDS] = (byte) encode(t.getSecond());
        cmos[MINUTES] = (byte) encode(t.getMinute());
        cmos[HOURS] = (byte) encodeHour(t.getHour());
        cmos[DAY_OF_WEEK] = (byte) encode(t.getDayOfWeek().getValue() % 7 + 1); // Sunday = 1
        cmos[DAY_OF_MONTH] = (byte) encode(t.getDayOfMonth());
        cmos[MONTH] = (byte) encode(t.getMonthValue());
        cmos[YEAR] = (byte) encode(t.getYear() % 100);
        cmos[CENTURY] = (byte) encode(t.getYear() / 100);
    }

    /** Sets the clock from the time bytes (rtc_set_time); invalid dates leave the clock as it was. */
    private void setTime(long now) {
        try {
            LocalDateTime t = LocalDateTime.of(decode(cmos[CENTURY] & 0xff) * 100 + decode(cmos[YEAR] & 0xff),
                    decode(cmos[MONTH] & 0xff), decode(cmos[DAY_OF_MONTH] & 0xff), decodeHour(cmos[HOURS] & 0xff),
                    decode(cmos[MINUTES] & 0xff), decode(cmos[SECONDS] & 0xff));
            baseSeconds = t.toEpochSecond(ZoneOffset.UTC);
            baseNs = now;
        } catch (java.time.DateTimeException invalid) {
            // a guest writing nonsense (minute 75) keeps the old time, as the chip would not count it
        }
        armTimers(now);
    }

    // ---- registers ---------------------------------------------------------------------------------

    private int read(int reg) {
        long now = nowNs.getAsLong();
        if (reg <= YEAR || reg == CENTURY) {
            if (!frozen()) {
                latchTime(now);
            }
            return cmos[reg] & 0xff;
        }
        return switch (reg) {
            case REG_A -> {
                long intoSecond = Math.floorMod(now - baseNs, NS_PER_S);
                boolean uip = !frozen() && intoSecond >= NS_PER_S - UIP_NS;
                yield cmos[REG_A] & 0x7f | (uip ? A_UIP : 0);
            }
            case REG_C -> {
                expire(now);
                int c = cmos[REG_C] & 0xff;
                cmos[REG_C] = 0;
                irq8.set(false);
                yield c;
            }
            default -> cmos[reg] & 0xff;
        };
    }

    private void write(int reg, int val) {
        long now = nowNs.getAsLong();
        switch (reg) {
            case REG_A -> {
                cmos[REG_A] = (byte) (val & 0x7f);
                armTimers(now);
            }
            case REG_B -> {
                boolean wasFrozen = frozen();
                if (!wasFrozen && (val & B_SET) != 0) {
                    latchTime(now);
                }
                if ((val & B_SET) != 0) {
                    val &= ~B_UIE; // SET clears UIE on the MC146818
                }
                cmos[REG_B] = (byte) val;
                if (wasFrozen && !frozen()) {
                    setTime(now);
                } else {
                    armTimers(now);
                }
            }
            case REG_C, REG_D -> { } // read-only
            default -> {
                if (reg <= YEAR || reg == CENTURY) {
                    if (!frozen()) {
                        latchTime(now);
                        cmos[reg] = (byte) val;
                        setTime(now);
                        return;
                    }
                }
                cmos[reg] = (byte) val;
            }
        }
    }

    // ---- interrupts --------------------------------------------------------------------------------

    private boolean oscillatorRunning() {
        return (cmos[REG_A] & 0x70) == 0x20; // divider 010: 32.768 kHz time base
    }

    /** Nanoseconds of {@code n} periods at rate select {@code rate} (period = 2^(rate-1) / 32768 s). */
    private static long periodicNs(long n, int rate) {
        int code = rate < 3 ? rate + 7 : rate;
        long ticks32k = n << (code - 1);
        return ticks32k / 32768 * NS_PER_S + ticks32k % 32768 * NS_PER_S / 32768;
    }

    private void armTimers(long now) {
        int rate = cmos[REG_A] & 0x0f;
        int b = cmos[REG_B];
        if ((b & B_PIE) != 0 && rate != 0 && oscillatorRunning()) {
            if (periodicDeadline == Long.MAX_VALUE) {
                periodicStart = now;
                periodicCount = 1;
            }
            periodicDeadline = periodicStart + periodicNs(periodicCount, rate);
        } else {
            periodicDeadline = Long.MAX_VALUE;
        }
        if ((b & (B_UIE | B_AIE)) != 0 && !frozen() && oscillatorRunning()) {
            secondDeadline = baseNs + (Math.floorDiv(now - baseNs, NS_PER_S) + 1) * NS_PER_S;
        } else {
            secondDeadline = Long.MAX_VALUE;
        }
        reschedule.run();
    }

    @Override
    public long deadline() {
        return Math.min(periodicDeadline, secondDeadline);
    }

    @Override
    public void expire(long now) {
        int flags = 0;
        if (now >= periodicDeadline) {
            int rate = cmos[REG_A] & 0x0f;
            long approx = (now - periodicStart) / periodicNs(1, rate); // periods passed, give or take two
            periodicCount = Math.max(periodicCount, approx - 2 - approx / 100_000);
            while (periodicStart + periodicNs(periodicCount, rate) <= now) {
                periodicCount++;
            }
            periodicDeadline = periodicStart + periodicNs(periodicCount, rate);
            flags |= C_PF;
        }
        if (now >= secondDeadline) {
            int b = cmos[REG_B];
            if ((b & B_UIE) != 0) {
                flags |= C_UF;
            }
            if ((b & B_AIE) != 0 && alarmMatches(now)) {
                flags |= C_AF;
            }
            secondDeadline = baseNs + (Math.floorDiv(now - baseNs, NS_PER_S) + 1) * NS_PER_S;
        }
        if (flags == 0) {
            return;
        }
        int c = cmos[REG_C] & 0xff;
        cmos[REG_C] = (byte) (c | flags | C_IRQF);
        if ((c & C_IRQF) == 0) {
            irq8.pulse(); // rtc_update_irq: one edge until C is read
        }
        reschedule.run();
    }

    private boolean alarmMatches(long now) {
        latchTime(now);
        return alarm(SECONDS_ALARM, SECONDS) && alarm(MINUTES_ALARM, MINUTES) && alarm(HOURS_ALARM, HOURS);
    }

    private boolean alarm(int alarmReg, int timeReg) {
        int a = cmos[alarmReg] & 0xff;
        return (a & 0xc0) == 0xc0 || a == (cmos[timeReg] & 0xff); // 0xC0-0xFF: don't care
    }
}
