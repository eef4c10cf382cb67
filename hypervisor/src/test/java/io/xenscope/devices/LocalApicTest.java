package io.xenscope.devices;

import static io.xenscope.devices.LocalApic.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.fault.GeneralProtection;
import org.junit.jupiter.api.Test;

/** The local APIC at 0xFEE00000 as Xen's vlapic, through MMIO. */
class LocalApicTest {
    private static final int TIMER_VECTOR = 0xec;

    private static Pc pcWithEnabledApic() {
        Pc pc = new Pc();
        pc.enableLapic();
        return pc;
    }

    /** Sends a fixed self-IPI (ICR shorthand "self"). */
    private static void selfIpi(Pc pc, int vector) {
        pc.lapic(ICR_LOW, 1 << 18 | vector);
    }

    @Test
    void versionIsXensVlapicVersion() {
        assertEquals(0x50014, new Pc().lapic(LVR));
    }

    @Test
    void idOfVcpu0IsZero() {
        assertEquals(0, new Pc().lapic(ID));
    }

    @Test
    void resetStateIsSoftwareDisabledWithEveryLvtMasked() {
        Pc pc = new Pc();
        assertEquals(0xff, pc.lapic(SVR));
        for (int reg = LVT_TIMER; reg <= LVT_ERROR; reg += 0x10) {
            assertEquals(LVT_MASKED, pc.lapic(reg), String.format("LVT %#x", reg));
        }
        assertEquals(0xffffffff, pc.lapic(DFR));
    }

    @Test
    void lapicOneShotTimerFiresAfterInitialCountTimesDivide() {
        Pc pc = pcWithEnabledApic();
        pc.lapic(LVT_TIMER, TIMER_VECTOR);
        pc.lapic(TIMER_DIVIDE, 0x3); // divide by 16
        pc.lapic(TIMER_INITIAL, 1000); // 1000 × 16 × 10 ns
        pc.advance(159_999);
        assertFalse(pc.pending());
        pc.advance(1);
        assertTrue(pc.pending());
        assertEquals(TIMER_VECTOR, pc.acknowledge());
        assertEquals(0, pc.lapic(TIMER_CURRENT), "a one-shot timer stops at 0");
    }

    @Test
    void oneShotTimerFiresOnce() {
        Pc pc = pcWithEnabledApic();
        pc.lapic(LVT_TIMER, TIMER_VECTOR);
        pc.lapic(TIMER_INITIAL, 100);
        pc.advance(2000);
        pc.acknowledge();
        pc.lapic(EOI, 0);
        pc.advance(1_000_000);
        assertFalse(pc.pending());
        assertEquals(Long.MAX_VALUE, pc.platform.nextDeadline());
    }

    @Test
    void periodicTimerFiresEveryPeriod() {
        Pc pc = pcWithEnabledApic();
        pc.lapic(LVT_TIMER, LVT_PERIODIC | TIMER_VECTOR);
        pc.lapic(TIMER_DIVIDE, 0xb); // divide by 1
        pc.lapic(TIMER_INITIAL, 500); // 5 µs
        for (int i = 1; i <= 3; i++) {
            pc.advance(5000);
            assertEquals(TIMER_VECTOR, pc.acknowledge(), "period " + i);
            pc.lapic(EOI, 0);
        }
    }

    @Test
    void currentCountCountsDownAtTheBusClockOverDivide() {
        Pc pc = pcWithEnabledApic();
        pc.lapic(TIMER_INITIAL, 1000); // default divide by 2: one count per 20 ns
        pc.advance(2000);
        assertEquals(900, pc.lapic(TIMER_CURRENT));
    }

    @Test
    void maskedTimerCountsButDoesNotInterrupt() {
        Pc pc = pcWithEnabledApic();
        pc.lapic(LVT_TIMER, LVT_MASKED | TIMER_VECTOR);
        pc.lapic(TIMER_INITIAL, 10);
        pc.advance(1000);
        assertFalse(pc.pending());
    }

    @Test
    void timerDeadlineIsTheNextDeadline() {
        Pc pc = pcWithEnabledApic();
        pc.lapic(LVT_TIMER, TIMER_VECTOR);
        pc.lapic(TIMER_INITIAL, 50);
        assertEquals(1000, pc.platform.nextDeadline());
    }

    @Test
    void selfIpiIsDeliveredAtItsVector() {
        Pc pc = pcWithEnabledApic();
        selfIpi(pc, 0x40);
        assertEquals(0x40, pc.acknowledge());
        assertEquals(1, pc.lapic(ISR + 0x20), "vector 0x40 in service");
    }

    @Test
    void eoiEndsTheHighestInServiceVector() {
        Pc pc = pcWithEnabledApic();
        selfIpi(pc, 0x40);
        pc.acknowledge();
        selfIpi(pc, 0x80);
        pc.acknowledge();
        pc.lapic(EOI, 0);
        assertEquals(0, pc.lapic(ISR + 0x40), "0x80 ended");
        assertEquals(1, pc.lapic(ISR + 0x20), "0x40 still in service");
    }

    @Test
    void inServiceVectorBlocksItsOwnPriorityClass() {
        Pc pc = pcWithEnabledApic();
        selfIpi(pc, 0x45);
        pc.acknowledge();
        selfIpi(pc, 0x41);
        assertFalse(pc.pending());
        assertEquals(0x40, pc.lapic(PPR));
        pc.lapic(EOI, 0);
        assertEquals(0x41, pc.acknowledge());
    }

    @Test
    void taskPriorityHoldsBackLowerClasses() {
        Pc pc = pcWithEnabledApic();
        pc.lapic(TPR, 0x50);
        selfIpi(pc, 0x50);
        assertFalse(pc.pending());
        selfIpi(pc, 0x61);
        assertEquals(0x61, pc.acknowledge());
    }

    @Test
    void sendingAnIllegalVectorIsLatchedInEsrByAWrite() {
        Pc pc = pcWithEnabledApic();
        selfIpi(pc, 0x05);
        assertEquals(0, pc.lapic(ESR), "not visible before the ESR write");
        pc.lapic(ESR, 0);
        assertEquals(ESR_SEND_ILLEGAL, pc.lapic(ESR));
    }

    @Test
    void softwareDisabledApicKeepsLvtWritesMasked() {
        Pc pc = new Pc();
        pc.lapic(LVT_TIMER, TIMER_VECTOR);
        assertEquals(LVT_MASKED | TIMER_VECTOR, pc.lapic(LVT_TIMER));
    }

    @Test
    void clearingSvrEnableMasksEveryLvt() {
        Pc pc = pcWithEnabledApic();
        pc.lapic(LVT_LINT0, DM_EXTINT);
        pc.lapic(SVR, 0xff);
        assertEquals(LVT_MASKED | DM_EXTINT, pc.lapic(LVT_LINT0));
    }

    @Test
    void logicalFlatDestinationMatchesTheLdrBit() {
        Pc pc = pcWithEnabledApic();
        pc.lapic(LDR, 0x02 << 24);
        pc.lapic(ICR_HIGH, 0x02 << 24);
        pc.lapic(ICR_LOW, 1 << 11 | 0x50); // logical, no shorthand
        assertEquals(0x50, pc.acknowledge());
        pc.lapic(ICR_HIGH, 0x04 << 24);
        pc.lapic(ICR_LOW, 1 << 11 | 0x60);
        assertFalse(pc.pending(), "another logical ID");
    }

    @Test
    void lint0InExtIntModePassesThePicThrough() {
        Pc pc = pcWithEnabledApic();
        pc.initPic(0x00, 0x00);
        pc.lapic(LVT_LINT0, DM_EXTINT);
        pc.platform.setIrq(1, true);
        assertEquals(0x21, pc.acknowledge());
    }

    @Test
    void enabledApicWithMaskedLint0ShutsThePicOut() {
        Pc pc = pcWithEnabledApic();
        pc.initPic(0x00, 0x00);
        pc.platform.setIrq(1, true);
        assertFalse(pc.pending());
    }

    @Test
    void softwareDisabledApicLetsThePicDriveIntr() {
        Pc pc = new Pc();
        pc.initPic(0x00, 0x00);
        pc.platform.setIrq(1, true);
        assertEquals(0x21, pc.acknowledge());
    }

    @Test
    void apicBaseMsrReadsEnabledBspAt0xfee00000() {
        Pc pc = new Pc();
        assertEquals(0xfee00900L, pc.platform.apicBaseMsr().read(null, 0x1b));
        assertEquals(null, pc.platform.apicBaseMsr().read(null, 0x1c), "other MSRs are left to the CPU");
    }

    @Test
    void hardwareDisablingTheApicLetsThePicDriveIntr() {
        Pc pc = pcWithEnabledApic();
        pc.initPic(0x00, 0x00);
        pc.platform.apicBaseMsr().write(null, 0x1b, 0xfee00100L);
        pc.platform.setIrq(1, true);
        assertEquals(0x21, pc.acknowledge());
    }

    @Test
    void reenablingTheApicThroughTheMsrResetsIt() {
        Pc pc = pcWithEnabledApic();
        pc.platform.apicBaseMsr().write(null, 0x1b, 0xfee00100L);
        pc.platform.apicBaseMsr().write(null, 0x1b, 0xfee00900L);
        assertEquals(0xff, pc.lapic(SVR));
    }

    @Test
    void movingTheEnabledApicIsRefusedWithGeneralProtection() {
        Pc pc = new Pc();
        assertThrows(GeneralProtection.class, () -> pc.platform.apicBaseMsr().write(null, 0x1b, 0xfed00900L));
    }

    @Test
    void x2apicModeIsRefusedAsAReservedBit() {
        Pc pc = new Pc();
        assertThrows(GeneralProtection.class, () -> pc.platform.apicBaseMsr().write(null, 0x1b, 0xfee00d00L));
    }

    @Test
    void hardwareDisabledApicLeavesTheMmioPage() {
        Pc pc = new Pc();
        pc.platform.apicBaseMsr().write(null, 0x1b, 0xfee00100L);
        assertEquals(0, pc.lapic(LVR));
    }

    @Test
    void registerWriteStraddlingTheDwordIsIgnored() {
        Pc pc = new Pc();
        pc.memory.write32(DEFAULT_BASE + TPR + 2, 0xffff_ffff);
        assertEquals(0, pc.lapic(TPR));
    }

    @Test
    void byteWriteMergesIntoTheRegister() {
        Pc pc = new Pc();
        pc.memory.write8(DEFAULT_BASE + TPR, 0x30);
        assertEquals(0x30, pc.lapic(TPR));
    }

    @Test
    void picRequestIsTakenBeforeAnApicVector() {
        Pc pc = pcWithEnabledApic();
        pc.initPic(0x00, 0x00);
        pc.lapic(LVT_LINT0, DM_EXTINT);
        selfIpi(pc, 0xf0);
        pc.platform.setIrq(1, true);
        assertEquals(0x21, pc.acknowledge(), "Xen's hvm_vcpu_has_pending_irq asks the 8259 first");
        assertEquals(0xf0, pc.acknowledge());
    }
}
