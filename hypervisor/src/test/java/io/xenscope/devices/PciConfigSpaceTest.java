package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** PCI configuration mechanism #1 at 0xCF8/0xCFC and the three functions on bus 0. */
class PciConfigSpaceTest {
    private static int address(int device, int function, int reg) {
        return 0x80000000 | device << 11 | function << 8 | reg;
    }

    private static int readl(Pc pc, int device, int reg) {
        pc.outl(0xcf8, address(device, 0, reg & 0xfc));
        return pc.inl(0xcfc);
    }

    private static void writel(Pc pc, int device, int reg, int value) {
        pc.outl(0xcf8, address(device, 0, reg & 0xfc));
        pc.outl(0xcfc, value);
    }

    @Test
    void pciHostBridgeIdAt00_00_0() {
        Pc pc = new Pc();
        assertEquals(0x12378086, readl(pc, 0, 0x00));
        assertEquals(0x06000002, readl(pc, 0, 0x08), "host bridge class, revision 2");
    }

    @Test
    void piix3IsaBridgeAt00_01_0() {
        Pc pc = new Pc();
        assertEquals(0x70008086, readl(pc, 1, 0x00));
        assertEquals(0x0601, readl(pc, 1, 0x08) >>> 16);
        assertEquals(0x80, readl(pc, 1, 0x0c) >>> 16 & 0xff, "multi-function header");
        assertEquals(0x80808080, readl(pc, 1, 0x60), "PIRQ routing disabled");
    }

    @Test
    void xenPlatformDeviceIdentityAsQemu() {
        Pc pc = new Pc();
        assertEquals(0x00015853, readl(pc, 2, 0x00));
        assertEquals(0xff800001, readl(pc, 2, 0x08), "class 0xff80, revision 1");
        assertEquals(0x00015853, readl(pc, 2, 0x2c), "subsystem 5853:0001");
        assertEquals(0x0100, readl(pc, 2, 0x3c) & 0xff00, "interrupt pin A");
        assertEquals(0x0003, readl(pc, 2, 0x04) & 0xffff, "I/O and memory decoding on");
    }

    @Test
    void xenPlatformDeviceBarSizing() {
        Pc pc = new Pc();
        writel(pc, 2, 0x10, -1);
        writel(pc, 2, 0x14, -1);
        assertEquals(0xffffff01, readl(pc, 2, 0x10), "256 bytes of I/O");
        assertEquals(0xff000008, readl(pc, 2, 0x14), "16 MiB of prefetchable memory");
    }

    @Test
    void absentDeviceReadsAllOnes() {
        Pc pc = new Pc();
        assertEquals(0xffffffff, readl(pc, 3, 0x00));
    }

    @Test
    void configDataWithoutTheEnableBitReadsAllOnes() {
        Pc pc = new Pc();
        pc.outl(0xcf8, 0x00000000);
        assertEquals(0xffffffff, pc.inl(0xcfc));
    }

    @Test
    void configAddressReadsBackAsWritten() {
        Pc pc = new Pc();
        pc.outl(0xcf8, address(2, 0, 0x10));
        assertEquals(address(2, 0, 0x10), pc.inl(0xcf8));
    }

    @Test
    void byteAndWordAccessesReachTheRegisterAtThePortOffset() {
        Pc pc = new Pc();
        pc.outl(0xcf8, address(0, 0, 0x00));
        assertEquals(0x12, pc.in(0xcff));
        assertEquals(0x1237, pc.inw(0xcfe));
    }

    @Test
    void commandRegisterKeepsOnlyWritableBits() {
        Pc pc = new Pc();
        pc.outl(0xcf8, address(0, 0, 0x04));
        pc.outw(0xcfc, 0xffff);
        assertEquals(0x0547, pc.inw(0xcfc));
    }

    @Test
    void identityRegistersAreReadOnly() {
        Pc pc = new Pc();
        writel(pc, 0, 0x00, 0);
        assertEquals(0x12378086, readl(pc, 0, 0x00));
    }

    @Test
    void interruptLineIsWritable() {
        Pc pc = new Pc();
        writel(pc, 2, 0x3c, 0x0b);
        assertEquals(0x010b, readl(pc, 2, 0x3c) & 0xffff);
    }

    @Test
    void xenPlatformInterruptIsOnXensPciGsi24() {
        assertEquals(24, XenPlatformDevice.intxGsi());
    }
}
