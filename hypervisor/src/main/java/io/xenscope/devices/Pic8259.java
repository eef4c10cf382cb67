package io.xenscope.devices;

/**
 * One Intel 8259A programmable interrupt controller as Xen emulates it (xen/arch/x86/hvm/vpic.c,
 * from QEMU's i8259): ICW1-ICW4, OCW1 (IMR), OCW2 (non-specific, specific and rotating EOIs, set
 * priority), OCW3 (read IRR/ISR, poll, special mask), auto-EOI, special fully nested mode, and the
 * edge/level choice per line from the ELCR. A rising input sets IRR (vpic_irq_positive_edge); a
 * falling one clears it whatever the trigger mode (vpic_irq_negative_edge: a request withdrawn
 * before INTA is forgotten); INTA clears IRR only for edge-triggered lines. The cascade between
 * two chips is {@link DualPic}'s job.
 */
final class Pic8259 {
    final boolean master;
    /** Lines whose trigger mode the ELCR may set to level (PIIX3: not IRQ 0, 1, 2, 8, 13). */
    final int elcrMask;
    int irr, imr, isr;
    /** Level-triggered lines; the master's IR2 (the slave's INT) is always level inside, as in Xen. */
    int elcr;
    private int lines;
    private int priorityAdd;
    int irqBase;
    private boolean readIsr, poll, specialMask, autoEoi, rotateOnAutoEoi, specialFullyNested;
    private int initState;
    private boolean init4, single;

    Pic8259(boolean master) {
        this.master = master;
        this.elcrMask = master ? 0xf8 : 0xde;
        this.elcr = master ? 1 << 2 : 0; // vpic_init
    }

    /** The ELCR as software reads it: the internal level bit of the cascade line is hidden. */
    int readElcr() {
        return elcr & elcrMask;
    }

    void writeElcr(int value) {
        elcr = value & elcrMask | (master ? 1 << 2 : 0);
    }

    /** The input line {@code irq} goes to {@code level}; only transitions change IRR. */
    void setIrq(int irq, boolean level) {
        int mask = 1 << irq;
        boolean was = (lines & mask) != 0;
        if (level && !was) {
            lines |= mask;
            irr |= mask;
        } else if (!level && was) {
            lines &= ~mask;
            irr &= ~mask;
        }
    }

    /** Priority (0 = highest) of the highest-priority bit of {@code mask} under rotation; 8 if none. */
    private int priority(int mask) {
        if (mask == 0) {
            return 8;
        }
        int p = 0;
        while ((mask & (1 << ((p + priorityAdd) & 7))) == 0) {
            p++;
        }
        return p;
    }

    /** The request the chip would present on INT, or -1 (i8259.c pic_get_irq). */
    int pendingIrq() {
        int p = priority(irr & ~imr);
        if (p == 8) {
            return -1;
        }
        int inService = isr;
        if (specialMask) {
            inService &= ~imr;
        }
        if (specialFullyNested && master && ((p + priorityAdd) & 7) == 2) {
            inService &= ~(1 << 2); // the slave may interrupt its own in-service cascade line
        }
        return p < priority(inService) ? (p + priorityAdd) & 7 : -1;
    }

    /** The INTA cycle's effect on this chip for {@code irq}. */
    void intack(int irq) {
        if (autoEoi) {
            if (rotateOnAutoEoi) {
                priorityAdd = (irq + 1) & 7;
            }
        } else {
            isr |= 1 << irq;
        }
        if ((elcr & (1 << irq)) == 0) {
            irr &= ~(1 << irq); // edge: the request is consumed; level: it stays while the line is high
        }
    }

    void writeCommand(int val) {
        if ((val & 0x10) != 0) { // ICW1
            init4 = (val & 1) != 0;
            single = (val & 2) != 0;
            initReset(init4);
            initState = 1;
        } else if ((val & 0x08) != 0) { // OCW3
            if ((val & 0x04) != 0) {
                poll = true;
            }
            if ((val & 0x02) != 0) {
                readIsr = (val & 1) != 0;
            }
            if ((val & 0x40) != 0) {
                specialMask = (val & 0x20) != 0;
            }
        } else { // OCW2
            int cmd = val >> 5;
            switch (cmd) {
                case 0, 4 -> rotateOnAutoEoi = cmd == 4;
                case 1, 5 -> { // non-specific EOI (5: and rotate); special mask mode ignores masked IRs
                    int p = priority(specialMask ? isr & ~imr : isr);
                    if (p != 8) {
                        int irq = (p + priorityAdd) & 7;
                        isr &= ~(1 << irq);
                        if (cmd == 5) {
                            priorityAdd = (irq + 1) & 7;
                        }
                    }
                }
                case 3 -> isr &= ~(1 << (val & 7)); // specific EOI
                case 6 -> priorityAdd = (val + 1) & 7; // set priority: val&7 becomes the lowest
                case 7 -> { // rotate on specific EOI
                    isr &= ~(1 << (val & 7));
                    priorityAdd = ((val & 7) + 1) & 7;
                }
                default -> { } // 2: no operation
            }
        }
    }

    void writeData(int val) {
        switch (initState) {
            case 0 -> imr = val & 0xff; // OCW1
            case 1 -> { // ICW2: vector base
                irqBase = val & 0xf8;
                initState = single ? (init4 ? 3 : 0) : 2;
            }
            case 2 -> initState = init4 ? 3 : 0; // ICW3: cascade wiring, fixed on a PC
            default -> { // ICW4
                specialFullyNested = (val & 0x10) != 0;
                autoEoi = (val & 0x02) != 0;
                initState = 0;
            }
        }
    }

    /**
     * Port 0x20/0xA0: IRR or ISR per OCW3, or after a poll command the poll byte of the datasheet
     * (0x80 | level, the request acknowledged; Xen's vpic returns the bare IRQ number instead).
     */
    int readCommand() {
        if (poll) {
            poll = false;
            int irq = pendingIrq();
            if (irq < 0) {
                return 0;
            }
            intack(irq);
            return irq | 0x80;
        }
        return readIsr ? isr : irr;
    }

    int readData() {
        return imr;
    }

    /** ICW1 (vpic_ioport_write): edge requests and the masks go, IR7 becomes lowest priority. */
    private void initReset(boolean icw4) {
        irr &= elcr;
        imr = 0;
        isr = 0;
        priorityAdd = 0;
        rotateOnAutoEoi = false;
        specialMask = false;
        readIsr = false;
        poll = false;
        if (!icw4) {
            autoEoi = false; // no ICW4: its features are cleared
            specialFullyNested = false;
        }
    }
}
