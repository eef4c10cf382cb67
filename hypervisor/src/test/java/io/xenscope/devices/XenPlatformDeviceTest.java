package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Xen platform device's fixed I/O ports 0x10-0x1F, as Linux's xen_unplug_emulated_devices uses them. */
class XenPlatformDeviceTest {
    @Test
    void magicWordAtPort0x10() {
        assertEquals(0x49d2, new Pc().inw(0x10));
    }

    @Test
    void protocolVersionOneAtPort0x12() {
        assertEquals(1, new Pc().in(0x12));
    }

    @Test
    void unplugWriteIsRecorded() {
        Pc pc = new Pc();
        pc.outw(0x10, 0x0003); // XEN_UNPLUG_ALL_IDE_DISKS | XEN_UNPLUG_ALL_NICS
        assertEquals(3, pc.platform.xenPlatform().unplugMask());
    }

    @Test
    void driverProductAndBuildNumbersAreRecorded() {
        Pc pc = new Pc();
        pc.outw(0x12, 3); // XEN_IOPORT_LINUX_PRODNUM
        pc.outl(0x10, 0x00060100);
        assertEquals(3, pc.platform.xenPlatform().productNumber());
        assertEquals(0x00060100, pc.platform.xenPlatform().buildNumber());
    }

    @Test
    void logPortWritesLinesToTheConsole() {
        Pc pc = new Pc();
        for (char c : "pv\n".toCharArray()) {
            pc.out(0x12, c);
        }
        assertEquals("pv\n", pc.console("xen-platform"));
    }

    @Test
    void bar0DecodesOncePlaced() {
        Pc pc = new Pc();
        pc.outl(0xcf8, 0x80001010); // 00:02.0 BAR0
        pc.outl(0xcfc, 0xc000);
        pc.out(0xc008, 'x');
        pc.out(0xc008, '\n');
        assertEquals("x\n", pc.console("xen-platform"));
    }
}
