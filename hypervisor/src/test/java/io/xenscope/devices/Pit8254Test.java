package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 8254 at 0x40-0x43 and port 0x61, counting at 1.193182 MHz of virtual time. */
class Pit8254Test {
    /** Linux's LATCH for HZ = 100: 11932 counts = round(11932e9 / 1193182) ns (a hair over 10 ms). */
    private static final int LATCH = 11932;
    private static final long PERIOD_NS = 10_000_151;

    private static Pc pcWithTimerIrqOnly() {
        Pc pc = new Pc();
        pc.initPic(0xfe, 0xff);
        return pc;
    }

    private static void program(Pc pc, int channel, int mode, int count) {
        pc.out(0x43, channel << 6 | 0x30 | mode << 1);
        pc.out(0x40 + channel, count & 0xff);
        pc.out(0x40 + channel, count >> 8);
    }

    private static int latchedCount(Pc pc, int channel) {
        pc.out(0x43, channel << 6);
        return pc.in(0x40 + channel) | pc.in(0x40 + channel) << 8;
    }

    @Test
    void pitMode2RaisesIrq0EveryReloadPeriod() {
        Pc pc = pcWithTimerIrqOnly();
        program(pc, 0, 2, LATCH);
        for (int tick = 0; tick < 3; tick++) {
            pc.advance(PERIOD_NS - 1);
            assertFalse(pc.pending(), "before period end, tick " + tick);
            pc.advance(1);
            assertTrue(pc.pending(), "at period end, tick " + tick);
            assertEquals(0x20, pc.acknowledge());
            pc.out(0x20, 0x20);
        }
    }

    @Test
    void pitMode3IsPeriodicToo() {
        Pc pc = pcWithTimerIrqOnly();
        program(pc, 0, 3, LATCH);
        pc.advance(PERIOD_NS);
        assertTrue(pc.pending());
    }

    @Test
    void pitMode4RaisesIrq0Once() {
        Pc pc = pcWithTimerIrqOnly();
        program(pc, 0, 4, LATCH);
        pc.advance(PERIOD_NS);
        pc.acknowledge();
        pc.out(0x20, 0x20);
        pc.advance(5 * PERIOD_NS);
        assertFalse(pc.pending());
    }

    @Test
    void pitMode0NeverInterruptsAsOnXen() {
        Pc pc = pcWithTimerIrqOnly();
        program(pc, 0, 0, LATCH);
        pc.advance(2 * PERIOD_NS);
        assertFalse(pc.pending());
    }

    @Test
    void missedPeriodsMakeOneInterrupt() {
        Pc pc = pcWithTimerIrqOnly();
        program(pc, 0, 2, LATCH);
        pc.advance(5 * PERIOD_NS);
        pc.acknowledge();
        pc.out(0x20, 0x20);
        assertFalse(pc.pending());
        assertEquals(6 * PERIOD_NS, pc.platform.nextDeadline());
    }

    @Test
    void nextDeadlineIsTheNextTick() {
        Pc pc = pcWithTimerIrqOnly();
        pc.advance(1000);
        program(pc, 0, 2, LATCH);
        assertEquals(1000 + PERIOD_NS, pc.platform.nextDeadline());
    }

    @Test
    void counterCountsDownAt1193182Hz() {
        Pc pc = new Pc();
        program(pc, 0, 2, 0x1000);
        pc.advance(1_000_000); // 1193.182 counts
        assertEquals(0x1000 - 1193, latchedCount(pc, 0));
    }

    @Test
    void latchedCountHoldsUntilRead() {
        Pc pc = new Pc();
        program(pc, 0, 2, 0x1000);
        pc.out(0x43, 0x00);
        pc.advance(1_000_000);
        assertEquals(0x1000, pc.in(0x40) | pc.in(0x40) << 8);
    }

    @Test
    void lobyteOnlyAccessLoadsAndReadsTheLowByte() {
        Pc pc = new Pc();
        pc.out(0x43, 0x14); // channel 0, lobyte, mode 2
        pc.out(0x40, 100);
        pc.advance(10_000); // 11.9 counts
        assertEquals(89, pc.in(0x40));
    }

    @Test
    void readBackLatchesStatus() {
        Pc pc = new Pc();
        program(pc, 0, 2, LATCH);
        pc.out(0x43, 0xe2); // read-back: status of channel 0
        assertEquals(0x34, pc.in(0x40), "OUT low, lobyte/hibyte, mode 2, binary");
    }

    @Test
    void port61ShowsOut2WhenChannel2CountsOut() {
        Pc pc = new Pc();
        pc.out(0x61, 0x01); // gate 2 on, speaker off
        program(pc, 2, 0, 1193); // ~1 ms
        assertEquals(0, pc.in(0x61) & 0x20);
        pc.advance(1_000_000);
        assertEquals(0x20, pc.in(0x61) & 0x20);
        assertEquals(0x01, pc.in(0x61) & 0x03, "gate and speaker bits read back");
    }

    @Test
    void channel2StopsCountingWhileGateIsLow() {
        Pc pc = new Pc();
        program(pc, 2, 0, 0x1000);
        pc.advance(1_000_000);
        assertEquals(0x1000, latchedCount(pc, 2));
    }
}
