package io.xenscope.devices;

import io.xenscope.memory.IoBus;
import io.xenscope.memory.IoPortHandler;

import java.util.function.LongSupplier;

/**
 * The Intel 8254 programmable interval timer at 0x40-0x43 and the speaker/gate port 0x61, as Xen
 * emulates them (xen/arch/x86/emul-i8254.c, from QEMU's i8254): three channels counting at
 * 1.193182 MHz of virtual time, modes 0-5, lobyte/hibyte/word access, counter latch and read-back
 * (count and status). Channel 0 drives ISA IRQ 0 as Xen's does: modes 2 and 3 pulse it once per
 * period (Xen's periodic vpt timer), modes 1 and 4 once, {@code period} = count / 1.193182 MHz
 * rounded to the nanosecond (pit_load_count); in modes 0 and 5 channel 0 never interrupts, as on
 * Xen (pit_load_count destroys its timer for them; a guest relying on mode 0's terminal-count IRQ
 * hangs on real Xen too), though OUT still reads as the datasheet says.
 * Channel 2's gate is bit 0 of port 0x61 and its OUT bit 5, so calibration loops work; bit 4 is
 * the refresh clock Xen approximates as toggling every 2^14 ns.
 */
public final class Pit8254 implements TimedDevice {
    public static final int PORT = 0x40, SPEAKER_PORT = 0x61;
    public static final long FREQUENCY_HZ = 1_193_182;
    private static final long NS_PER_S = 1_000_000_000L;
    /** Access states (emul-i8254.c RW_STATE_*): 1 lobyte, 2 hibyte, 3/4 word low/high byte next. */
    private static final int RW_MSB = 2, RW_WORD0 = 3, RW_WORD1 = 4;

    private static final class Channel {
        int count = 0x10000; // the reload value; 0 written means 0x10000
        int mode, rwMode, readState, writeState, writeLatch, latchedCount, countLatched, status;
        boolean statusLatched, bcd, gate;
        long loadTime, stopTime, stoppedTime;
    }

    private final Channel[] channels = {new Channel(), new Channel(), new Channel()};
    private final LongSupplier nowNs;
    private final IrqLine irq0;
    private final Runnable reschedule;
    private boolean speakerDataOn;
    /** Channel 0's next IRQ 0 pulse, and its period (0: one-shot); Long.MAX_VALUE when none is armed. */
    private long irqDeadline = Long.MAX_VALUE, irqPeriod;
    private long irqStart;

    public Pit8254(IoBus io, LongSupplier nowNs, IrqLine irq0, Runnable reschedule) {
        this.nowNs = nowNs;
        this.irq0 = irq0;
        this.reschedule = reschedule;
        for (int i = 0; i < 3; i++) {
            channels[i].gate = i != 2; // pit_reset: gate of channels 0 and 1 tied high, mode 0, count 0x10000
        }
        io.register(PORT, 4, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                return size != 1 || (port & 3) == 3 ? (size == 4 ? -1 : (1 << size * 8) - 1) : read(port & 3);
            }

            @Override
            public void out(int port, int size, int value) {
                if (size == 1) {
                    write(port & 3, value & 0xff);
                }
            }
        });
        io.register(SPEAKER_PORT, 1, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                long now = nowNs.getAsLong();
                int refresh = (int) (now >>> 14) & 1;
                Channel c = channels[2];
                return (speakerDataOn ? 2 : 0) | (c.gate ? 1 : 0) | output(c, now) << 5 | refresh << 4;
            }

            @Override
            public void out(int port, int size, int value) {
                speakerDataOn = (value & 2) != 0;
                setGate(2, (value & 1) != 0);
            }
        });
    }

    // ---- counting ----------------------------------------------------------------------------------

    /** Input clocks since the count was loaded (get_count), stopped while the gate is low. */
    private long ticks(Channel c, long now) {
        long t = c.gate || (c.mode & 3) == 1 ? now : c.stopTime;
        return mulDiv(t - c.loadTime - c.stoppedTime, FREQUENCY_HZ, NS_PER_S);
    }

    private static long mulDiv(long a, long mul, long div) {
        return a <= 0 ? 0 : (a / div) * mul + (a % div) * mul / div;
    }

    private int currentCount(Channel c, long now) {
        long d = ticks(c, now);
        return switch (c.mode) {
            case 0, 1, 4, 5 -> (int) ((c.count - d) & 0xffff);
            case 3 -> (int) (c.count - ((2 * d) % c.count));
            default -> (int) (c.count - (d % c.count));
        };
    }

    private int output(Channel c, long now) {
        long d = ticks(c, now);
        boolean out = switch (c.mode) {
            case 1 -> d < c.count;
            case 2 -> d % c.count == 0 && d != 0;
            case 3 -> d % c.count < ((c.count + 1) >> 1);
            case 4, 5 -> d == c.count;
            default -> d >= c.count;
        };
        return out ? 1 : 0;
    }

    private void load(int ch, int val) {
        Channel c = channels[ch];
        if (val == 0) {
            val = 0x10000;
        }
        long now = nowNs.getAsLong();
        c.loadTime = now;
        c.stopTime = now;
        c.stoppedTime = 0;
        c.count = val;
        if (ch != 0) {
            return;
        }
        long period = (val * NS_PER_S + FREQUENCY_HZ / 2) / FREQUENCY_HZ; // DIV_ROUND
        switch (c.mode) {
            case 2, 3 -> arm(now, period, period);
            case 1, 4 -> arm(now, period, 0);
            default -> arm(now, 0, -1);
        }
    }

    /** Channel 0's timer: first pulse {@code delay} ns from now, then every {@code period} ns (0: once; -1: off). */
    private void arm(long now, long delay, long period) {
        if (period < 0) {
            irqDeadline = Long.MAX_VALUE;
        } else {
            irqStart = now + delay;
            irqPeriod = period;
            irqDeadline = irqStart;
        }
        reschedule.run();
    }

    @Override
    public long deadline() {
        return irqDeadline;
    }

    /**
     * Pulses IRQ 0 for the period boundaries reached. Several missed periods make one edge, as the
     * PIC's IRR holds one request (Xen's vpt can replay missed ticks depending on timer_mode; we do
     * not).
     */
    @Override
    public void expire(long now) {
        if (now < irqDeadline) {
            return;
        }
        if (irqPeriod == 0) {
            irqDeadline = Long.MAX_VALUE;
        } else {
            irqDeadline = irqStart + ((now - irqStart) / irqPeriod + 1) * irqPeriod;
        }
        irq0.pulse();
    }

    private void setGate(int ch, boolean val) {
        Channel c = channels[ch];
        long now = nowNs.getAsLong();
        if (c.gate && !val) {
            switch (c.mode) {
                case 0, 2, 3, 4 -> {
                    if (ch == 0) {
                        arm(now, 0, -1);
                    }
                    c.stopTime = now;
                }
                default -> { }
            }
        }
        if (!c.gate && val) {
            switch (c.mode) {
                case 1, 5, 2, 3 -> { // initiate counting on the rising edge
                    c.gate = true;
                    load(ch, c.count & 0xffff);
                }
                default -> c.stoppedTime += now - c.stopTime;
            }
        }
        c.gate = val;
    }

    // ---- ports -------------------------------------------------------------------------------------

    private void latchCount(Channel c) {
        if (c.countLatched == 0) {
            c.latchedCount = currentCount(c, nowNs.getAsLong());
            c.countLatched = c.rwMode;
        }
    }

    private void write(int addr, int val) {
        if (addr == 3) {
            int ch = val >> 6;
            if (ch == 3) { // read-back: bit 5 clear latches counts, bit 4 clear latches status
                for (int i = 0; i < 3; i++) {
                    Channel c = channels[i];
                    if ((val & (2 << i)) != 0) {
                        if ((val & 0x20) == 0) {
                            latchCount(c);
                        }
                        if ((val & 0x10) == 0 && !c.statusLatched) {
                            c.status = output(c, nowNs.getAsLong()) << 7 | c.rwMode << 4 | c.mode << 1 | (c.bcd ? 1 : 0);
                            c.statusLatched = true;
                        }
                    }
                }
                return;
            }
            Channel c = channels[ch];
            int access = (val >> 4) & 3;
            if (access == 0) {
                latchCount(c);
            } else {
                c.rwMode = access;
                c.readState = access;
                c.writeState = access;
                c.mode = (val >> 1) & 7;
                if (c.mode > 5) {
                    c.mode -= 4; // modes 6 and 7 are modes 2 and 3
                }
                c.bcd = (val & 1) != 0; // recorded and reported; counting stays binary, as in Xen
            }
            return;
        }
        Channel c = channels[addr];
        switch (c.writeState) {
            case RW_MSB -> load(addr, val << 8);
            case RW_WORD0 -> {
                c.writeLatch = val;
                c.writeState = RW_WORD1;
            }
            case RW_WORD1 -> {
                load(addr, c.writeLatch | val << 8);
                c.writeState = RW_WORD0;
            }
            default -> load(addr, val);
        }
    }

    private int read(int addr) {
        Channel c = channels[addr];
        if (c.statusLatched) {
            c.statusLatched = false;
            return c.status;
        }
        if (c.countLatched != 0) {
            switch (c.countLatched) {
                case RW_MSB -> {
                    c.countLatched = 0;
                    return (c.latchedCount >> 8) & 0xff;
                }
                case RW_WORD0 -> {
                    c.countLatched = RW_MSB;
                    return c.latchedCount & 0xff;
                }
                default -> {
                    c.countLatched = 0;
                    return c.latchedCount & 0xff;
                }
            }
        }
        int count = currentCount(c, nowNs.getAsLong());
        switch (c.readState) {
            case RW_MSB -> {
                return (count >> 8) & 0xff;
            }
            case RW_WORD0 -> {
                c.readState = RW_WORD1;
                return count & 0xff;
            }
            case RW_WORD1 -> {
                c.readState = RW_WORD0;
                return (count >> 8) & 0xff;
            }
            default -> {
                return count & 0xff;
            }
        }
    }
}
