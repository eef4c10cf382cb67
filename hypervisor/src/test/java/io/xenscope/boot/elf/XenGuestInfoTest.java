package io.xenscope.boot.elf;

import static io.xenscope.boot.elf.ElfBuilder.concat;
import static io.xenscope.boot.elf.ElfBuilder.genericPv;
import static io.xenscope.boot.elf.ElfBuilder.xen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Derived boot parameters and Xen's acceptance rules (libelf-dominfo.c and the builders). */
class XenGuestInfoTest {
    private static XenGuestInfo pv(byte[] image) throws Exception {
        return XenGuestInfo.compute(ElfImage.parse(image), GuestType.PV);
    }

    private static XenGuestInfo pvh(byte[] image) throws Exception {
        return XenGuestInfo.compute(ElfImage.parse(image), GuestType.PVH);
    }

    private static XenImageException refusedPv(byte[] image, XenImageException.Kind kind, String fragment) {
        XenImageException e = assertThrows(XenImageException.class, () -> pv(image));
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
        return e;
    }

    @Test
    void highHalfKernelAddressesFollowVirtBaseMinusPaddrOffset() throws Exception {
        XenGuestInfo g = pv(TestImages.highHalf64());
        ElfImage img = ElfImage.parse(TestImages.highHalf64());
        assertEquals(0xffffffff80000000L, g.virtBase());
        assertEquals(0L, g.paddrOffset());
        assertEquals(0xffffffff81000000L, g.virtKstart());
        assertEquals(img.pend() + 0xffffffff80000000L, g.virtKend());
        assertEquals(0xffffffff81000000L, g.virtEntry());
        assertEquals(0xffffffff81001000L, g.virtHypercall().getAsLong());
        assertEquals("xen-3.0-x86_64", g.xenGuestType());
    }

    @Test
    void pvhForcesVirtBaseAndOffsetToZeroAndEntersAtPhys32Entry() throws Exception {
        XenGuestInfo g = pvh(TestImages.highHalf64());
        assertEquals(0L, g.virtBase());
        assertEquals(0L, g.paddrOffset());
        assertEquals(0x1000000L, g.virtKstart());
        assertEquals(0x1000004L, g.virtEntry());
        assertEquals("hvm-3.0-x86_32", g.xenGuestType());
        assertFalse(g.virtHypercall().isPresent());
    }

    @Test
    void miniOsLikeKernelAtZero() throws Exception {
        XenGuestInfo g = pv(TestImages.low64());
        assertEquals(0L, g.virtKstart());
        assertEquals(0L, g.virtEntry());
        assertEquals(0x1000L, g.virtHypercall().getAsLong());
    }

    @Test
    void elf32ContainerWithX86_64CodeIsA64BitPvGuest() throws Exception {
        assertEquals("xen-3.0-x86_64", pv(TestImages.low64InElf32()).xenGuestType());
    }

    @Test
    void i386PaeKernelWithPaddrOffsetEqualToVirtBase() throws Exception {
        XenGuestInfo g = pv(TestImages.i386Pae());
        assertEquals(0xc0000000L, g.virtBase());
        assertEquals(0xc0000000L, g.paddrOffset());
        assertEquals(0xc0100000L, g.virtKstart());
        assertEquals("xen-3.0-x86_32p", g.xenGuestType());
    }

    @Test
    void legacyPaddrOffsetDefaultsToVirtBase() throws Exception {
        XenGuestInfo g = pv(TestImages.legacyXenGuest());
        assertEquals(0xffffffff80000000L, g.paddrOffset());
        assertEquals(0xffffffff80100000L, g.virtKstart());
        assertEquals(0xffffffff80101000L, g.virtHypercall().getAsLong());
    }

    @Test
    void notesPaddrOffsetDefaultsToZero() throws Exception {
        byte[] b = ElfBuilder.xenKernel(0x400000, 0x400000, genericPv(), xen(XenNoteType.VIRT_BASE, 0x400000)).entry(0x800000).build();
        XenGuestInfo g = pv(b);
        assertEquals(0L, g.paddrOffset());
        assertEquals(0x800000L, g.virtKstart());
    }

    @Test
    void virtBaseDefaultsToZeroAndEntryToEEntry() throws Exception {
        XenGuestInfo g = pv(ElfBuilder.xenKernel(0x2000, 0x2000, genericPv()).entry(0x2010).build());
        assertEquals(0L, g.virtBase());
        assertEquals(0x2010L, g.virtEntry());
    }

    @Test
    void imageWithoutXenNotesIsNotAXenElfImage() {
        refusedPv(ElfBuilder.elf64().load(0, 0, new byte[16], 16).build(), XenImageException.Kind.NOT_XEN_IMAGE,
                "Not a Xen-ELF image: no ELF notes or '__xen_guest' section found");
    }

    @Test
    void foreignLoaderAndGuestOsAreRefused() {
        byte[] b = ElfBuilder.xenKernel(0x1000, 0x1000, xen(XenNoteType.GUEST_OS, "Plan9"), xen(XenNoteType.XEN_VERSION, "xen-3.0")).build();
        refusedPv(b, XenImageException.Kind.NOT_XEN_IMAGE, "generic loader or Linux images (not LOADER '' and GUEST_OS 'Plan9')");
    }

    @Test
    void linuxGuestOsNeedsNoLoaderNote() throws Exception {
        pv(ElfBuilder.xenKernel(0x1000, 0x1000, xen(XenNoteType.GUEST_OS, "linux"), xen(XenNoteType.XEN_VERSION, "xen-3.0")).build());
    }

    @Test
    void wrongXenVersionIsRefused() {
        byte[] b = ElfBuilder.xenKernel(0x1000, 0x1000, xen(XenNoteType.LOADER, "generic"), xen(XenNoteType.XEN_VERSION, "xen-2.0")).build();
        refusedPv(b, XenImageException.Kind.NOT_XEN_IMAGE, "Xen v3.0 (XEN_VERSION is 'xen-2.0'");
    }

    @Test
    void paddrOffsetWithoutVirtBaseIsRefused() {
        refusedPv(ElfBuilder.xenKernel(0x1000, 0x1000, genericPv(), xen(XenNoteType.PADDR_OFFSET, 0)).build(), XenImageException.Kind.ADDRESSES,
                "ELF_PADDR_OFFSET set, VIRT_BASE unset");
    }

    @Test
    void entryOutsideTheKernelIsRefused() {
        refusedPv(ElfBuilder.xenKernel(0x1000, 0x1000, genericPv(), xen(XenNoteType.ENTRY, 0x9000)).build(), XenImageException.Kind.ADDRESSES,
                "entry 0x9000 (XEN_ELFNOTE_ENTRY) is outside the kernel 0x1000-0x3000");
    }

    @Test
    void virtBaseAboveKernelStartIsRefused() {
        refusedPv(ElfBuilder.xenKernel(0x1000, 0x1000, genericPv(), xen(XenNoteType.VIRT_BASE, 0x2000), xen(XenNoteType.PADDR_OFFSET, 0x2000),
                xen(XenNoteType.ENTRY, 0x1000)).build(), XenImageException.Kind.ADDRESSES, "virt_base 0x2000 is above the kernel start 0x1000");
    }

    @Test
    void p2mInsideTheKernelIsRefused() {
        refusedPv(ElfBuilder.xenKernel(0x1000, 0x1000, genericPv(), xen(XenNoteType.INIT_P2M, 0x1800)).build(), XenImageException.Kind.ADDRESSES,
                "P->M table base is out of bounds");
    }

    @Test
    void unalignedKernelStartIsRefused() {
        refusedPv(ElfBuilder.xenKernel(0x1010, 0x1010, genericPv()).build(), XenImageException.Kind.ADDRESSES,
                "kernel segment start isn't page aligned (0x1010");
    }

    @Test
    void kernelOverlappingXensAreaIsRefused() {
        long va = 0xffff800000100000L;
        refusedPv(ElfBuilder.xenKernel(va, 0x100000, genericPv(), xen(XenNoteType.VIRT_BASE, 0xffff800000000000L), xen(XenNoteType.ENTRY, va)).build(),
                XenImageException.Kind.ADDRESSES, "image overlaps with Xen private area");
    }

    @Test
    void hypercallPageOutsideTheKernelIsRefused() {
        refusedPv(ElfBuilder.xenKernel(0x1000, 0x1000, genericPv(), xen(XenNoteType.HYPERCALL_PAGE, 0x8000)).build(), XenImageException.Kind.ADDRESSES,
                "Invalid HYPERCALL_PAGE field in ELF notes: 0x8000 is outside");
    }

    @Test
    void dom0OnlyKernelIsRefusedAsDomU() {
        refusedPv(ElfBuilder.xenKernel(0x1000, 0x1000, genericPv(), xen(XenNoteType.FEATURES, "!dom0")).build(), XenImageException.Kind.FEATURES,
                "Kernel does not support unprivileged (DomU) operation");
    }

    @Test
    void imageWithNoLoadableSegmentIsRefused() {
        byte[] b = ElfBuilder.elf64().segment(ElfSegment.PT_NOTE, genericPv()).build();
        refusedPv(b, XenImageException.Kind.ADDRESSES, "no loadable PT_LOAD segment");
    }

    @Test
    void pvhWithoutPhys32EntryIsRefusedWithTheReason() {
        XenImageException e = assertThrows(XenImageException.class, () -> pvh(TestImages.i386Pae()));
        assertEquals(XenImageException.Kind.GUEST_TYPE, e.kind());
        assertTrue(e.getMessage().startsWith("no XEN_ELFNOTE_PHYS32_ENTRY note: this kernel cannot boot as PVH"));
    }

    @Test
    void pvhNeedsOnlyPhys32Entry() throws Exception {
        XenGuestInfo g = pvh(ElfBuilder.xenKernel(0x100000, 0x100000, xen(XenNoteType.PHYS32_ENTRY, 0x100000)).build());
        assertEquals(0x100000L, g.virtEntry());
    }

    @Test
    void pvhEntryOutsideTheImageIsRefused() {
        assertThrows(XenImageException.class, () -> pvh(ElfBuilder.xenKernel(0x100000, 0x100000, xen(XenNoteType.PHYS32_ENTRY, 0x900000)).build()));
    }

    @Test
    void bsdSymtabExtendsTheKernelEnd() throws Exception {
        byte[] plain = ElfBuilder.xenKernel(0x1000, 0x1000, genericPv()).section(".strtab", ElfSection.SHT_STRTAB, new byte[] {0, 'a', 0})
                .section(".symtab", ElfSection.SHT_SYMTAB, new byte[48], 1, 24).build();
        byte[] bsd = ElfBuilder.xenKernel(0x1000, 0x1000, genericPv(), xen(XenNoteType.BSD_SYMTAB, "yes"))
                .section(".strtab", ElfSection.SHT_STRTAB, new byte[] {0, 'a', 0}).section(".symtab", ElfSection.SHT_SYMTAB, new byte[48], 1, 24).build();
        // 4 + 64 + 3 * 64 = 260 -> 264; + 48 = 312; + 3 -> 320
        assertEquals(pv(plain).virtKend() + 320, pv(bsd).virtKend());
    }
}
