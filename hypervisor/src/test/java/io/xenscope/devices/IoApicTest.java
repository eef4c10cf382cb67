package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The I/O APIC at 0xFEC00000 as Xen's vioapic, through IOREGSEL/IOWIN. */
class IoApicTest {
    private static final int REMOTE_IRR = 1 << 14, LEVEL = 1 << 15, MASKED = 1 << 16, LOGICAL = 1 << 11;

    /** An enabled local APIC (LINT0 masked, so the 8259 is out of the way). */
    private static Pc pc() {
        Pc pc = new Pc();
        pc.enableLapic();
        return pc;
    }

    private static void route(Pc pc, int pin, int low, int destination) {
        pc.ioapic(0x10 + 2 * pin + 1, destination << 24);
        pc.ioapic(0x10 + 2 * pin, low);
    }

    @Test
    void versionIs0x11With48Pins() {
        assertEquals(0x002f0011, new Pc().ioapic(1));
    }

    @Test
    void redirectionEntriesAreMaskedAtReset() {
        Pc pc = new Pc();
        assertEquals(MASKED, pc.ioapic(0x10 + 2 * 47));
    }

    @Test
    void ioapicRoutesGsiToLapicVector() {
        Pc pc = pc();
        route(pc, 4, 0x34, 0);
        pc.platform.setIrq(4, true);
        assertTrue(pc.pending());
        assertEquals(0x34, pc.acknowledge());
    }

    @Test
    void isaIrq0ArrivesOnPin2() {
        Pc pc = pc();
        route(pc, 2, 0x30, 0);
        pc.platform.setIrq(0, true);
        assertEquals(0x30, pc.acknowledge());
    }

    @Test
    void maskedPinIsNotDelivered() {
        Pc pc = pc();
        route(pc, 4, MASKED | 0x34, 0);
        pc.platform.setIrq(4, true);
        assertFalse(pc.pending());
    }

    @Test
    void destinationOfAnotherApicIsNotDelivered() {
        Pc pc = pc();
        route(pc, 4, 0x34, 3);
        pc.platform.setIrq(4, true);
        assertFalse(pc.pending());
    }

    @Test
    void logicalDestinationMatchesTheLdr() {
        Pc pc = pc();
        pc.lapic(LocalApic.LDR, 0x01 << 24);
        route(pc, 5, LOGICAL | 0x35, 0x01);
        pc.platform.setIrq(5, true);
        assertEquals(0x35, pc.acknowledge());
    }

    @Test
    void levelTriggeredPinHoldsRemoteIrrUntilEoi() {
        Pc pc = pc();
        route(pc, 16, LEVEL | 0x50, 0);
        pc.platform.setIrq(16, true);
        pc.acknowledge();
        assertEquals(REMOTE_IRR, pc.ioapic(0x10 + 32) & REMOTE_IRR);
        pc.platform.setIrq(16, false);
        pc.lapic(LocalApic.EOI, 0);
        assertEquals(0, pc.ioapic(0x10 + 32) & REMOTE_IRR);
    }

    @Test
    void levelTriggeredPinStillAssertedAtEoiIsDeliveredAgain() {
        Pc pc = pc();
        route(pc, 16, LEVEL | 0x50, 0);
        pc.platform.setIrq(16, true);
        pc.acknowledge();
        pc.lapic(LocalApic.EOI, 0);
        assertEquals(0x50, pc.acknowledge());
    }

    @Test
    void levelVectorIsMarkedInTheTmr() {
        Pc pc = pc();
        route(pc, 16, LEVEL | 0x50, 0);
        pc.platform.setIrq(16, true);
        assertEquals(1 << 16, pc.lapic(LocalApic.TMR + 0x20));
    }

    @Test
    void remoteIrrIsReadOnly() {
        Pc pc = pc();
        route(pc, 6, REMOTE_IRR | 0x36, 0);
        assertEquals(0x36, pc.ioapic(0x10 + 12));
    }

    @Test
    void extIntOnPin0LetsThePicThrough() {
        Pc pc = pc();
        pc.initPic(0x00, 0x00);
        pc.platform.setIrq(1, true);
        route(pc, 0, 0x700, 0);
        assertTrue(pc.pending(), "programming pin 0 opens the path");
        assertEquals(0x21, pc.acknowledge());
    }

    @Test
    void hvmloaderSetupRoutesThe8259ThroughPin0() {
        Pc pc = new Pc();
        pc.platform.hvmloaderApicSetup();
        pc.initPic(0x00, 0x00);
        pc.platform.setIrq(1, true);
        assertEquals(0x21, pc.acknowledge());
        assertEquals(0x01 << 24, pc.ioapic(0), "IOAPIC_ID of hvmloader's tables");
        assertEquals(0x1ff, pc.lapic(LocalApic.SVR));
        assertEquals(0x10700, pc.lapic(LocalApic.LVT_LINT0), "ExtINT, masked");
        assertEquals(0x400, pc.lapic(LocalApic.LVT_LINT1), "NMI");
    }
}
