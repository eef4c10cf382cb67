package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The RTC and CMOS at 0x70/0x71; the clock starts at 2024-01-01T00:00:00Z (a Monday). */
class CmosRtcTest {
    private static final long SECOND = 1_000_000_000L;

    private static int cmos(Pc pc, int reg) {
        pc.out(0x70, reg);
        return pc.in(0x71);
    }

    private static void cmos(Pc pc, int reg, int value) {
        pc.out(0x70, reg);
        pc.out(0x71, value);
    }

    @Test
    void rtcReadsBcdTimeOfVirtualClock() {
        Pc pc = new Pc();
        pc.advance(3723 * SECOND + SECOND / 2); // 01:02:03.5
        assertEquals(0x03, cmos(pc, 0x00));
        assertEquals(0x02, cmos(pc, 0x02));
        assertEquals(0x01, cmos(pc, 0x04));
        assertEquals(0x01, cmos(pc, 0x07), "day of month");
        assertEquals(0x01, cmos(pc, 0x08), "month");
        assertEquals(0x24, cmos(pc, 0x09), "year");
        assertEquals(0x20, cmos(pc, 0x32), "century");
    }

    @Test
    void dayOfWeekCountsSundayAsOne() {
        assertEquals(2, cmos(new Pc(), 0x06), "2024-01-01 was a Monday");
    }

    @Test
    void binaryModeOfRegisterBReadsBinaryTime() {
        Pc pc = new Pc();
        cmos(pc, 0x0b, 0x06); // 24 h, binary
        pc.advance(59 * SECOND);
        assertEquals(59, cmos(pc, 0x00));
    }

    @Test
    void twelveHourModeFlagsPmInBit7() {
        Pc pc = new Pc();
        cmos(pc, 0x0b, 0x00); // 12 h, BCD
        pc.advance(13 * 3600 * SECOND);
        assertEquals(0x81, cmos(pc, 0x04), "1 PM");
    }

    @Test
    void registersAAndDHaveTheirPowerOnValues() {
        Pc pc = new Pc();
        assertEquals(0x26, cmos(pc, 0x0a));
        assertEquals(0x02, cmos(pc, 0x0b));
        assertEquals(0x80, cmos(pc, 0x0d));
    }

    @Test
    void updateInProgressIsSetJustBeforeEachSecond() {
        Pc pc = new Pc();
        pc.advance(SECOND - 244_000);
        assertEquals(0xa6, cmos(pc, 0x0a));
        pc.advance(244_000);
        assertEquals(0x26, cmos(pc, 0x0a));
    }

    @Test
    void nmiMaskBitIsNotPartOfTheIndex() {
        Pc pc = new Pc();
        pc.out(0x70, 0x80 | 0x0a);
        assertEquals(0x26, pc.in(0x71));
        assertTrue(pc.platform.rtc().nmiMasked());
    }

    @Test
    void guestSetsTheClockUnderTheSetBit() {
        Pc pc = new Pc();
        cmos(pc, 0x0b, 0x82);
        cmos(pc, 0x04, 0x10);
        pc.advance(5 * SECOND);
        assertEquals(0x00, cmos(pc, 0x00), "frozen while SET");
        cmos(pc, 0x0b, 0x02);
        pc.advance(SECOND);
        assertEquals(0x10, cmos(pc, 0x04));
        assertEquals(0x01, cmos(pc, 0x00), "counting on from the written time");
    }

    @Test
    void periodicInterruptRaisesIrq8AtTheRegisterARate() {
        Pc pc = new Pc();
        pc.initPic(0xfb, 0xfe); // cascade and IRQ 8
        cmos(pc, 0x0b, 0x42); // PIE, 24 h; rate 6 = 1024 Hz
        pc.advance(976_561);
        assertFalse(pc.pending());
        pc.advance(1);
        assertEquals(0x28, pc.acknowledge());
    }

    @Test
    void readingRegisterCReportsAndClearsTheFlags() {
        Pc pc = new Pc();
        cmos(pc, 0x0b, 0x42);
        pc.advance(1_000_000);
        assertEquals(0xc0, cmos(pc, 0x0c), "IRQF | PF");
        assertEquals(0x00, cmos(pc, 0x0c));
    }

    @Test
    void updateEndedInterruptComesEverySecond() {
        Pc pc = new Pc();
        cmos(pc, 0x0b, 0x12); // UIE, 24 h
        assertEquals(SECOND, pc.platform.nextDeadline());
        pc.advance(SECOND);
        assertEquals(0x90, cmos(pc, 0x0c), "IRQF | UF");
    }

    @Test
    void alarmInterruptFiresAtTheMatchingTime() {
        Pc pc = new Pc();
        cmos(pc, 0x01, 0x05); // seconds alarm 5
        cmos(pc, 0x03, 0xc0); // any minute
        cmos(pc, 0x05, 0xc0); // any hour
        cmos(pc, 0x0b, 0x22); // AIE
        pc.advance(4 * SECOND);
        assertEquals(0x00, cmos(pc, 0x0c) & 0x20);
        pc.advance(SECOND);
        assertEquals(0xa0, cmos(pc, 0x0c), "IRQF | AF");
    }

    @Test
    void cmosHoldsTheMemorySizeAsQemusPcFillsIt() {
        Pc pc = new Pc(64L << 20);
        assertEquals(640, cmos(pc, 0x15) | cmos(pc, 0x16) << 8, "base memory KiB");
        assertEquals(63 * 1024, cmos(pc, 0x17) | cmos(pc, 0x18) << 8, "extended memory KiB");
        assertEquals(63 * 1024, cmos(pc, 0x30) | cmos(pc, 0x31) << 8);
        assertEquals(48 * 16, cmos(pc, 0x34) | cmos(pc, 0x35) << 8, "64 KiB blocks above 16 MiB");
    }

    @Test
    void memoryBeyondXensLowRamEndIsCountedAbove4GiB() {
        Pc pc = new Pc();
        pc.platform.setMemorySize(6L << 30);
        assertEquals(0xef00, cmos(pc, 0x34) | cmos(pc, 0x35) << 8, "RAM below 0xF0000000, less 16 MiB");
        assertEquals(0x9000, cmos(pc, 0x5b) | cmos(pc, 0x5c) << 8 | cmos(pc, 0x5d) << 16, "2.25 GiB above 4 GiB");
        assertEquals(0xffff, cmos(pc, 0x17) | cmos(pc, 0x18) << 8, "extended memory saturates");
    }

    @Test
    void shutdownStatusByteIsPlainCmosMemory() {
        Pc pc = new Pc();
        assertEquals(0, cmos(pc, 0x0f));
        cmos(pc, 0x0f, 0x0a);
        assertEquals(0x0a, cmos(pc, 0x0f));
    }

    @Test
    void wordAccessesAreIgnoredAsXenDoes() {
        Pc pc = new Pc();
        pc.outw(0x70, 0x550f);
        assertEquals(0xffff, pc.inw(0x70));
        assertEquals(0x00, cmos(pc, 0x0f), "nothing was written");
    }
}
