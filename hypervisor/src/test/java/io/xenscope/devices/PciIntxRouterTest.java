package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PCI INTx lines to the I/O APIC and, through the PIIX3's PIRQ routes, to ISA IRQs (Xen's hvm/irq.c). */
class PciIntxRouterTest {
    private static final int XEN_PLATFORM = XenPlatformDevice.DEVICE;

    /** Routes PIRQ {@code link} to ISA IRQ {@code irq} through 00:01.0's config byte 0x60 + link. */
    private static void routeLink(Pc pc, int link, int irq) {
        pc.outl(0xcf8, 0x80000800 | 0x60);
        pc.out(0xcfc + link, irq);
    }

    @Test
    void gsiOfEachDeviceAndPinFollowsXensFormula() {
        assertEquals(24, PciIntxRouter.gsi(2, 0));
        assertEquals(16, PciIntxRouter.gsi(0, 0));
        assertEquals(47, PciIntxRouter.gsi(7, 3));
        assertEquals(2, PciIntxRouter.link(2, 0));
    }

    @Test
    void xenPlatformIntaReachesTheIoApicOnGsi24() {
        Pc pc = new Pc();
        pc.enableLapic();
        pc.ioapic(0x10 + 2 * 24 + 1, 0);
        pc.ioapic(0x10 + 2 * 24, 1 << 15 | 1 << 13 | 0x90); // level, active low, vector 0x90
        pc.platform.setPciIntx(XEN_PLATFORM, 0, true);
        assertEquals(0x90, pc.acknowledge());
    }

    @Test
    void routedLinkDrivesItsIsaIrqThroughThe8259() {
        Pc pc = new Pc();
        pc.initPic(0x00, 0x00);
        pc.out(0x4d1, 0x08); // IRQ 11 level, as hvmloader sets PCI IRQs
        routeLink(pc, 2, 11);
        pc.platform.setPciIntx(XEN_PLATFORM, 0, true);
        assertEquals(0x2b, pc.acknowledge());
    }

    @Test
    void deassertedIntxLowersTheIsaIrq() {
        Pc pc = new Pc();
        pc.initPic(0x00, 0x00);
        pc.out(0x4d1, 0x08);
        routeLink(pc, 2, 11);
        pc.platform.setPciIntx(XEN_PLATFORM, 0, true);
        pc.platform.setPciIntx(XEN_PLATFORM, 0, false);
        assertEquals(0, pc.platform.pic().irr(true));
    }

    @Test
    void disabledRouteLeavesIsaIrqsAlone() {
        Pc pc = new Pc();
        pc.initPic(0x00, 0x00);
        pc.platform.setPciIntx(XEN_PLATFORM, 0, true);
        assertFalse(pc.pending());
    }

    @Test
    void routingAnAssertedLinkAssertsTheNewIsaIrq() {
        Pc pc = new Pc();
        pc.initPic(0x00, 0x00);
        pc.out(0x4d1, 0x04); // IRQ 10 level
        pc.platform.setPciIntx(XEN_PLATFORM, 0, true);
        routeLink(pc, 2, 10);
        assertTrue(pc.pending());
        assertEquals(0x2a, pc.acknowledge());
    }
}
