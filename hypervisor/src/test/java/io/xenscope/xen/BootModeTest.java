package io.xenscope.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenscope.boot.elf.GuestType;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.testing.GnuAssembler;
import io.xenscope.testing.HvmImages;
import org.junit.jupiter.api.Test;

/** {@link XenMachine#boot(byte[], GuestType, PvBootOptions)}: which guest type an image boots as, and why not. */
class BootModeTest {
    private static final GnuAssembler AS = GnuAssembler.inTarget();

    private static byte[] pvKernel() {
        return PvTestGuest.build("hlt", "", "");
    }

    private static byte[] pvhKernel() {
        return PvhTestGuest.build("hlt", "", "");
    }

    private static byte[] multibootKernel() {
        byte[] seg = HvmImages.concat(HvmImages.multibootHeader(0x3), AS.assemble(GnuAssembler.Mode.CODE32,
                GnuAssembler.Syntax.ATT, "hlt"));
        return HvmImages.elf(false, 0x100000, 0x100000, seg, seg.length, 0x10000c);
    }

    private static byte[] bootDisk() {
        return HvmImages.bootDisk(new byte[] {(byte) 0xf4});
    }

    private static GuestType detected(byte[] image) throws Exception {
        return XenMachine.boot(image, null, PvBootOptions.defaults()).mode();
    }

    private static String refusal(byte[] image, GuestType mode) {
        return assertThrows(XenImageException.class, () -> XenMachine.boot(image, mode, PvBootOptions.defaults()))
                .getMessage();
    }

    @Test
    void aKernelWithPhys32EntryBootsAsPvh() throws Exception {
        assertEquals(GuestType.PVH, detected(pvhKernel()));
    }

    @Test
    void aKernelWithPvNotesBootsAsPv() throws Exception {
        assertEquals(GuestType.PV, detected(pvKernel()));
    }

    @Test
    void aMultibootKernelBootsAsHvm() throws Exception {
        assertEquals(GuestType.HVM, detected(multibootKernel()));
    }

    @Test
    void aRawImageWithTheBootSignatureBootsAsHvm() throws Exception {
        assertEquals(GuestType.HVM, detected(bootDisk()));
    }

    @Test
    void aMultibootKernelAskedToBootAsPvhIsRefusedForWantOfPhys32Entry() {
        assertEquals("no XEN_ELFNOTE_PHYS32_ENTRY note: this kernel cannot boot as PVH "
                + "(image not capable of booting inside a HVM container)", refusal(multibootKernel(), GuestType.PVH));
    }

    @Test
    void aPvhKernelAskedToBootAsHvmIsRefusedForWantOfAMultibootHeader() {
        assertEquals("no multiboot header (magic 0x1BADB002 with a valid checksum) in the first 8 KiB: "
                + "this kernel cannot boot as HVM", refusal(pvhKernel(), GuestType.HVM));
    }

    @Test
    void aBootDiskAskedToBootAsPvIsRefusedBecauseItIsNoElfImage() {
        assertEquals("not an ELF image: a PV kernel is an ELF image with Xen notes", refusal(bootDisk(), GuestType.PV));
    }

    @Test
    void aBootDiskAskedToBootAsPvhIsRefusedBecauseItIsNoElfImage() {
        assertEquals("not an ELF image: a PVH kernel is an ELF image with a XEN_ELFNOTE_PHYS32_ENTRY note",
                refusal(bootDisk(), GuestType.PVH));
    }

    @Test
    void bytesThatAreNoImageAreRefusedWithEachTypesReason() {
        assertEquals("this image cannot boot as a Xen guest: "
                + "pv: not an ELF image: a PV kernel is an ELF image with Xen notes; "
                + "pvh: not an ELF image: a PVH kernel is an ELF image with a XEN_ELFNOTE_PHYS32_ENTRY note; "
                + "hvm: not an ELF image, and not bootable as HVM: no multiboot header (magic 0x1BADB002 with a valid "
                + "checksum) in the first 8 KiB, and no boot signature 0x55 0xAA at offset 510",
                refusal(new byte[1024], null));
    }

    @Test
    void aRawMultibootImageWithoutLoadAddressesIsRefused() {
        byte[] image = HvmImages.concat(HvmImages.multibootHeader(0x3), new byte[100]);
        assertEquals("not an ELF image, and not bootable as HVM: its multiboot header has no load addresses (flag 16, "
                + "the a.out kludge), which a file that is not ELF needs, and no boot signature 0x55 0xAA at offset 510 "
                + "(the file is shorter than one sector)", refusal(image, GuestType.HVM));
    }
}
