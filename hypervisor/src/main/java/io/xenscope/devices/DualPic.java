package io.xenscope.devices;

import io.xenscope.memory.IoBus;
import io.xenscope.memory.IoPortHandler;

/**
 * The PC's two cascaded 8259As: master at 0x20/0x21 (ISA IRQ 0-7), slave at 0xA0/0xA1 (IRQ 8-15)
 * on the master's IRQ 2 (a level input there, as in Xen's vpic: the master's IRR bit 2 follows the
 * slave's INT), and the edge/level control registers (ELCR) at 0x4D0/0x4D1 with the PIIX3's
 * masks (IRQ 0, 1, 2, 8 and 13 always edge). The master's INT output is the vCPU's INTR (through
 * the local APIC's LINT0); {@link #acknowledge} is the INTA cycle. An INTA that finds no request
 * (which Xen never runs: it asks only while INT is high) gives the spurious IRQ 7 (or 15) as the
 * datasheet says.
 */
public final class DualPic {
    public static final int MASTER = 0x20, SLAVE = 0xa0, ELCR = 0x4d0;

    private final Pic8259 master = new Pic8259(true);
    private final Pic8259 slave = new Pic8259(false);
    private final Runnable outputChanged;

    public DualPic(IoBus io, Runnable outputChanged) {
        this.outputChanged = outputChanged;
        io.register(MASTER, 2, new Ports(master));
        io.register(SLAVE, 2, new Ports(slave));
        io.register(ELCR, 2, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                return chip(port).readElcr();
            }

            @Override
            public void out(int port, int size, int value) {
                chip(port).writeElcr(value);
                update();
            }

            private Pic8259 chip(int port) {
                return port == ELCR ? master : slave;
            }
        });
    }

    private final class Ports implements IoPortHandler {
        private final Pic8259 pic;

        Ports(Pic8259 pic) {
            this.pic = pic;
        }

        @Override
        public int in(int port, int size) {
            int v = (port & 1) == 0 ? pic.readCommand() : pic.readData();
            update();
            return v;
        }

        @Override
        public void out(int port, int size, int value) {
            if ((port & 1) == 0) {
                pic.writeCommand(value & 0xff);
            } else {
                pic.writeData(value & 0xff);
            }
            update();
        }
    }

    /** ISA IRQ {@code irq} (0-15) driven by a device. */
    public void setIrq(int irq, boolean level) {
        (irq < 8 ? master : slave).setIrq(irq & 7, level);
        update();
    }

    /** The master's INT output: a request the CPU's INTA cycle would take. */
    public boolean output() {
        return master.pendingIrq() >= 0;
    }

    /** The INTA cycle (i8259.c pic_read_irq): the vector of the highest-priority request, now in service. */
    public int acknowledge() {
        int vector;
        int irq = master.pendingIrq();
        if (irq < 0) {
            vector = master.irqBase + 7; // spurious IRQ 7
        } else {
            if (irq == 2) {
                int irq2 = slave.pendingIrq();
                if (irq2 >= 0) {
                    slave.intack(irq2);
                } else {
                    irq2 = 7; // spurious IRQ 15
                }
                vector = slave.irqBase + irq2;
            } else {
                vector = master.irqBase + irq;
            }
            master.intack(irq);
        }
        update();
        return vector;
    }

    /** Propagates the slave's INT to the master's IRQ 2 and tells the platform INTR may have changed. */
    private void update() {
        master.setIrq(2, slave.pendingIrq() >= 0);
        outputChanged.run();
    }

    // ---- state for tests and debuggers ----

    public int irr(boolean ofSlave) {
        return (ofSlave ? slave : master).irr;
    }

    public int isr(boolean ofSlave) {
        return (ofSlave ? slave : master).isr;
    }
}
