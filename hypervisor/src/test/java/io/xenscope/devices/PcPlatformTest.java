package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** PcPlatform as the INTR line and the timer schedule of the whole PC. */
class PcPlatformTest {
    @Test
    void nothingArmedMeansNoDeadline() {
        Pc pc = new Pc();
        assertEquals(Long.MAX_VALUE, pc.platform.nextDeadline());
        assertFalse(pc.pending());
    }

    @Test
    void nextDeadlineIsTheEarliestOfPitLapicAndRtc() {
        Pc pc = new Pc();
        pc.out(0x43, 0x34);
        pc.out(0x40, 0xa9);
        pc.out(0x40, 0x04); // PIT: 999,847 ns
        pc.enableLapic();
        pc.lapic(LocalApic.LVT_TIMER, 0xec);
        pc.lapic(LocalApic.TIMER_INITIAL, 25_000); // 500,000 ns at divide by 2
        pc.out(0x70, 0x0b);
        pc.out(0x71, 0x42); // RTC periodic at 1024 Hz: 976,562 ns
        assertEquals(500_000, pc.platform.nextDeadline());
        pc.advance(500_000);
        pc.pending();
        assertEquals(976_562, pc.platform.nextDeadline(), "after the LAPIC timer fired");
    }

    @Test
    void isaIrq2NeverDisturbsTheCascade() {
        Pc pc = new Pc();
        pc.initPic(0x00, 0x00);
        pc.platform.setIrq(2, true);
        assertFalse(pc.pending());
    }

    @Test
    void outOfRangeIrqNumbersAreIgnored() {
        Pc pc = new Pc();
        pc.initPic(0x00, 0x00);
        pc.platform.setIrq(-1, true);
        pc.platform.setIrq(48, true);
        assertFalse(pc.pending());
    }
}
