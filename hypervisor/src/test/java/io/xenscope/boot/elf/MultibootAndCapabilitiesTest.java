package io.xenscope.boot.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Multiboot headers and which guest types an image can boot as. */
class MultibootAndCapabilitiesTest {
    private static MultibootHeader.Search find(byte[] b) {
        return MultibootHeader.find(new Bytes(b, 0, b.length));
    }

    @Test
    void multibootHeaderFieldsAreRead() throws Exception {
        ElfImage img = ElfImage.parse(TestImages.multiboot());
        MultibootHeader h = find(TestImages.multiboot()).header().orElseThrow();
        assertEquals(0x10003L, h.flags());
        assertTrue(h.hasAddresses());
        assertEquals(0x100000L, h.headerAddr());
        assertEquals(0x100000L, h.loadAddr());
        assertEquals(img.symbol("_start").orElseThrow().value(), h.entryAddr());
        assertTrue(h.bssEndAddr() > h.loadEndAddr());
    }

    @Test
    void badChecksumIsReportedWithTheOffset() throws Exception {
        byte[] b = TestImages.multiboot();
        int off = (int) find(b).header().orElseThrow().fileOffset();
        b[off + 8] ^= 1;
        MultibootHeader.Search s = find(b);
        assertFalse(s.header().isPresent());
        assertTrue(s.problem().contains(String.format("multiboot magic at offset %#x has a bad checksum", off)), s.problem());
    }

    @Test
    void unknownRequiredFlagsMakeTheHeaderUnusable() {
        byte[] b = new byte[64];
        ElfBuilder.putLE(b, 16, 4, MultibootHeader.MAGIC);
        ElfBuilder.putLE(b, 20, 4, 0x8);
        ElfBuilder.putLE(b, 24, 4, -(MultibootHeader.MAGIC + 8));
        assertTrue(find(b).problem().contains("requires features no loader knows (flags 0x8)"));
    }

    @Test
    void headerBeyondTheFirst8KiBIsNotFound() {
        byte[] b = new byte[12000];
        ElfBuilder.putLE(b, 8192, 4, MultibootHeader.MAGIC);
        ElfBuilder.putLE(b, 8200, 4, -MultibootHeader.MAGIC);
        assertFalse(find(b).header().isPresent());
    }

    @Test
    void xenKernelWithPhys32EntryBootsAsPvAndPvhButNotHvm() throws Exception {
        BootCapabilities c = BootCapabilities.of(ElfImage.parse(TestImages.highHalf64()));
        assertTrue(c.canBoot(GuestType.PV));
        assertTrue(c.canBoot(GuestType.PVH));
        assertFalse(c.canBoot(GuestType.HVM));
        assertTrue(c.get(GuestType.HVM).reason().contains("no multiboot header"), c.get(GuestType.HVM).reason());
    }

    @Test
    void legacyKernelCannotBootAsPvhAndSaysWhy() throws Exception {
        BootCapabilities c = BootCapabilities.of(ElfImage.parse(TestImages.legacyXenGuest()));
        assertTrue(c.canBoot(GuestType.PV));
        assertEquals(false, c.canBoot(GuestType.PVH));
        assertTrue(c.get(GuestType.PVH).reason().startsWith("no XEN_ELFNOTE_PHYS32_ENTRY note: this kernel cannot boot as PVH"));
    }

    @Test
    void multibootKernelBootsOnlyAsHvm() throws Exception {
        BootCapabilities c = BootCapabilities.of(ElfImage.parse(TestImages.multiboot()));
        assertTrue(c.canBoot(GuestType.HVM));
        assertFalse(c.canBoot(GuestType.PV));
        assertTrue(c.get(GuestType.PV).reason().startsWith("Not a Xen-ELF image"), c.get(GuestType.PV).reason());
        assertEquals(0x10003L, c.get(GuestType.HVM).multiboot().flags());
    }
}
