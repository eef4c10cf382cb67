package io.xenscope.devices;

import io.xenscope.memory.IoBus;
import io.xenscope.memory.IoPortHandler;

import java.util.ArrayDeque;

/**
 * A 16550A UART (COM1 at 0x3F8, ISA IRQ 4) as QEMU's hw/char/serial.c emulates it for Xen's
 * device model, with transmission instantaneous in virtual time (THR is empty again as soon as a
 * byte is written, so LSR.THRE|TEMT always read set): the byte goes to
 * {@link PlatformSink#consoleOutput} as "com1" (or, in loopback mode, back to the receiver).
 *
 * <p>Registers: RBR/THR, IER (4 bits), IIR (with the FIFO-enabled bits 7:6), FCR (enable, clear
 * FIFOs, receive trigger level), LCR (DLAB selects the divisor latch at offsets 0 and 1), MCR (DTR,
 * RTS, OUT1, OUT2, LOOP), LSR (DR, OE, THRE, TEMT), MSR (CTS, DSR and DCD asserted as QEMU's
 * chardev backend reports them; in loopback they follow RTS, DTR, OUT1 and OUT2 with delta bits),
 * SCR. Reset state as QEMU's serial_reset: divisor 12 (9600 baud), MCR = OUT2. Interrupt priority as the datasheet: receiver line status, received data (FIFO: at the
 * trigger level, else a character timeout indication straight away — there is no baud-rate time
 * here), THR empty (cleared by reading IIR or writing THR), modem status. On a PC, OUT2 gates the
 * UART's interrupt onto IRQ 4 (QEMU does not model this gate; real boards and Linux's 8250 driver,
 * which sets OUT2, do).
 */
public final class Uart16550 {
    public static final int COM1 = 0x3f8, COM1_IRQ = 4;
    static final int RBR = 0, IER = 1, IIR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;
    static final int IER_RDI = 1, IER_THRI = 2, IER_RLSI = 4, IER_MSI = 8;
    static final int IIR_NO_INT = 1, IIR_MSI = 0, IIR_THRI = 2, IIR_RDI = 4, IIR_RLSI = 6, IIR_CTI = 0x0c,
            IIR_FIFO_ENABLED = 0xc0;
    static final int LCR_DLAB = 0x80;
    static final int MCR_DTR = 1, MCR_RTS = 2, MCR_OUT1 = 4, MCR_OUT2 = 8, MCR_LOOP = 0x10;
    static final int LSR_DR = 1, LSR_OE = 2, LSR_BI = 0x10, LSR_THRE = 0x20, LSR_TEMT = 0x40, LSR_INT_ANY = 0x1e;
    static final int MSR_DCTS = 1, MSR_DDSR = 2, MSR_TERI = 4, MSR_DDCD = 8, MSR_CTS = 0x10, MSR_DSR = 0x20,
            MSR_RI = 0x40, MSR_DCD = 0x80;
    private static final int FIFO_SIZE = 16;
    private static final int[] TRIGGER = {1, 4, 8, 14};

    private final String name;
    private final PlatformSink sink;
    private final IrqLine irq;
    private final ArrayDeque<Byte> receive = new ArrayDeque<>();
    private final ArrayDeque<Byte> input = new ArrayDeque<>();
    private int divider = 12; // 9600 baud
    private int ier, lcr, mcr = MCR_OUT2, lsr = LSR_THRE | LSR_TEMT, msr = MSR_DCD | MSR_DSR | MSR_CTS, scr, fcr;
    private boolean thrPending;

    public Uart16550(IoBus io, int base, String name, PlatformSink sink, IrqLine irq) {
        this.name = name;
        this.sink = sink;
        this.irq = irq;
        io.register(base, 8, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                return read(port - base);
            }

            @Override
            public void out(int port, int size, int value) {
                write(port - base, value & 0xff);
            }
        });
    }

    /** Queues bytes for the guest to read (a terminal typing into COM1). */
    public void input(byte[] bytes) {
        for (byte b : bytes) {
            input.add(b);
        }
        refill();
        update();
    }

    private boolean fifoEnabled() {
        return (fcr & 1) != 0;
    }

    /** Moves pending input into the receiver (16-byte FIFO, or the one-byte holding register). */
    private void refill() {
        int capacity = fifoEnabled() ? FIFO_SIZE : 1;
        while (!input.isEmpty() && receive.size() < capacity) {
            receive.add(input.poll());
        }
        if (!receive.isEmpty()) {
            lsr |= LSR_DR;
        }
    }

    private void receiveByte(byte b) {
        int capacity = fifoEnabled() ? FIFO_SIZE : 1;
        if (receive.size() >= capacity) {
            lsr |= LSR_OE; // overrun: the new byte is lost
        } else {
            receive.add(b);
        }
        lsr |= LSR_DR;
    }

    /** The highest-priority pending interrupt as IIR bits 3:0. */
    private int interruptId() {
        if ((ier & IER_RLSI) != 0 && (lsr & LSR_INT_ANY) != 0) {
            return IIR_RLSI;
        }
        if ((ier & IER_RDI) != 0 && (lsr & LSR_DR) != 0) {
            if (!fifoEnabled() || receive.size() >= TRIGGER[fcr >> 6]) {
                return IIR_RDI;
            }
            return IIR_CTI;
        }
        if ((ier & IER_THRI) != 0 && thrPending) {
            return IIR_THRI;
        }
        if ((ier & IER_MSI) != 0 && (msr & 0x0f) != 0) {
            return IIR_MSI;
        }
        return IIR_NO_INT;
    }

    private void update() {
        irq.set(interruptId() != IIR_NO_INT && (mcr & MCR_OUT2) != 0);
    }

    private int read(int reg) {
        int v;
        switch (reg) {
            case RBR -> {
                if ((lcr & LCR_DLAB) != 0) {
                    return divider & 0xff;
                }
                v = receive.isEmpty() ? 0 : receive.poll() & 0xff;
                if (receive.isEmpty()) {
                    lsr &= ~LSR_DR;
                }
                refill();
            }
            case IER -> {
                return (lcr & LCR_DLAB) != 0 ? divider >> 8 & 0xff : ier;
            }
            case IIR -> {
                int id = interruptId();
                v = id | (fifoEnabled() ? IIR_FIFO_ENABLED : 0);
                if (id == IIR_THRI) {
                    thrPending = false; // reading IIR with THRE reported clears it
                }
            }
            case LCR -> {
                return lcr;
            }
            case MCR -> {
                return mcr;
            }
            case LSR -> {
                v = lsr;
                lsr &= ~(LSR_OE | LSR_BI | 0x0c | 0x80); // error bits clear on read
            }
            case MSR -> {
                v = msr;
                msr &= ~0x0f; // delta bits clear on read
            }
            default -> {
                return scr;
            }
        }
        update();
        return v;
    }

    private void write(int reg, int val) {
        switch (reg) {
            case RBR -> {
                if ((lcr & LCR_DLAB) != 0) {
                    divider = divider & 0xff00 | val;
                    return;
                }
                thrPending = false; // THR full: the THRE interrupt drops (a new edge follows, as in QEMU)
                update();
                if ((mcr & MCR_LOOP) != 0) {
                    receiveByte((byte) val);
                } else {
                    sink.consoleOutput(name, new byte[] {(byte) val});
                }
                thrPending = true; // transmitted at once: THR empty again
            }
            case IER -> {
                if ((lcr & LCR_DLAB) != 0) {
                    divider = divider & 0xff | val << 8;
                    return;
                }
                int old = ier;
                ier = val & 0x0f;
                if ((ier & IER_THRI) != 0 && (old & IER_THRI) == 0) {
                    thrPending = true; // enabling THRI with THR empty raises it (serial_ioport_write)
                }
            }
            case IIR -> { // FCR
                if (((val ^ fcr) & 1) != 0 || (val & 2) != 0) {
                    receive.clear(); // toggling the FIFO enable, or RCVR reset, empties the receiver
                    lsr &= ~(LSR_DR | LSR_OE);
                }
                fcr = val & 0xc1;
                refill();
            }
            case LCR -> lcr = val;
            case MCR -> {
                int old = mcr;
                mcr = val & 0x1f;
                if ((mcr & MCR_LOOP) != 0) {
                    loopbackModemStatus(old);
                } else if ((old & MCR_LOOP) != 0) {
                    msr = MSR_DCD | MSR_DSR | MSR_CTS; // back to the backend's lines
                }
            }
            case LSR, MSR -> { } // factory test registers: ignored, as QEMU does
            default -> scr = val;
        }
        update();
    }

    /** In loopback the modem inputs follow the outputs: CTS=RTS, DSR=DTR, RI=OUT1, DCD=OUT2. */
    private void loopbackModemStatus(int oldMcr) {
        int status = ((mcr & MCR_RTS) != 0 ? MSR_CTS : 0) | ((mcr & MCR_DTR) != 0 ? MSR_DSR : 0)
                | ((mcr & MCR_OUT1) != 0 ? MSR_RI : 0) | ((mcr & MCR_OUT2) != 0 ? MSR_DCD : 0);
        int delta = 0;
        int changed = status ^ (msr & 0xf0);
        if ((changed & MSR_CTS) != 0) {
            delta |= MSR_DCTS;
        }
        if ((changed & MSR_DSR) != 0) {
            delta |= MSR_DDSR;
        }
        if ((changed & MSR_DCD) != 0) {
            delta |= MSR_DDCD;
        }
        if ((msr & MSR_RI) != 0 && (status & MSR_RI) == 0) {
            delta |= MSR_TERI; // trailing edge of RI
        }
        msr = status | (msr & 0x0f) | delta;
    }
}
