package io.xenscope.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.ElfSegment;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.boot.elf.XenElfNotes;
import io.xenscope.boot.elf.XenFeatures;
import io.xenscope.boot.elf.XenGuestInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Static checks of every built sample guest with the hypervisor's own image reader: each one must
 * boot as a 64-bit PV guest with the parameters guest-sdk intends (guest.lds, head.S), or, for the
 * PVH samples, as a PVH-only guest (guest-pvh.lds, arch/x86_64/pvh/head.S); the HVM samples as
 * what a Multiboot loader or a BIOS boots. Booting them to their transcripts is the end-to-end
 * tests' job (XenScopeBootTest, RunCommandTest, QemuCrossCheckTest).
 */
class SampleImagesTest {
    static final long VIRT_BASE = 0xffff_ffff_8000_0000L;

    /** PV samples (MODE = pv, the default; see {@link SampleImage} for how they are found). */
    static Stream<String> samples() {
        return SampleImage.inMode("pv").map(SampleImage::name);
    }

    /** PVH samples (MODE = pvh): linked at 1 MiB, entered at XEN_ELFNOTE_PHYS32_ENTRY. */
    static Stream<String> pvhSamples() {
        return SampleImage.inMode("pvh").map(SampleImage::name);
    }

    /** HVM samples loaded by a Multiboot loader (MODE = hvm). */
    static Stream<String> hvmSamples() {
        return SampleImage.inMode("hvm").map(SampleImage::name);
    }

    /** HVM samples booted from a raw disk by the BIOS (MODE = hvm-realmode). */
    static Stream<String> diskSamples() {
        return SampleImage.inMode("hvm-realmode").map(SampleImage::name);
    }

    static Stream<String> allSamples() {
        return Stream.concat(samples(), pvhSamples());
    }

    static Path image(String name) {
        Path p = SampleImage.named(name).image();
        assertTrue(Files.isRegularFile(p), p + " not built: run make -C samples");
        return p;
    }

    @Test
    void theOneSourceHelloIsBuiltInEveryModeItHasATranscriptFor() {
        assertEquals(List.of("hello/hello-hvm", "hello/hello-pv", "hello/hello-pvh"),
                SampleImage.all().stream().filter(s -> s.name().startsWith("hello/"))
                        .map(SampleImage::name).sorted().toList());
    }

    @ParameterizedTest
    @MethodSource("hvmSamples")
    void hvmSamplesAreElf32MultibootImagesWithTheirElf64Alongside(String name) throws Exception {
        Path p = image(name);
        byte[] file = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, file[4], "EI_CLASS ELFCLASS32: Multiboot loaders (QEMU -kernel) take ELF32 only");
        assertEquals(3, b.getShort(18), "e_machine EM_386");
        // Multiboot 0.6.96 3.1.1: magic, flags, checksum, 4-byte aligned in the first 8 KiB.
        int at = -1;
        for (int off = 0; off + 12 <= Math.min(file.length, 8192); off += 4) {
            if (b.getInt(off) == 0x1BADB002) {
                at = off;
                break;
            }
        }
        assertTrue(at >= 0, "a Multiboot header in the first 8 KiB");
        int flags = b.getInt(at + 4);
        assertEquals(0x3, flags, "page-aligned modules and memory information, no a.out kludge");
        assertEquals(0, 0x1BADB002 + flags + b.getInt(at + 8), "magic + flags + checksum = 0");

        ElfImage elf64 = ElfImage.read(p.resolveSibling(p.getFileName() + ".elf64"));
        assertTrue(elf64.is64BitContainer() && elf64.isX86_64(), "the debugger's ELF64");
        assertEquals(Integer.toUnsignedLong(b.getInt(24)), elf64.symbol("_start").orElseThrow().value(),
                "both enter at _start");
    }

    @ParameterizedTest
    @MethodSource("diskSamples")
    void diskSamplesStartWithABootSectorThatLoadsTheirImage(String name) throws Exception {
        Path elf = image(name);
        byte[] disk = Files.readAllBytes(elf.resolveSibling(elf.getFileName() + ".img"));
        assertEquals((byte) 0x55, disk[510], "boot signature 0x55 0xaa at the end of sector 0");
        assertEquals((byte) 0xaa, disk[511]);
        assertEquals(0, disk.length % 512, "whole sectors");
        ElfImage img = ElfImage.read(elf);
        assertEquals(0x7c00, img.symbol("_start").orElseThrow().value(), "the BIOS runs sector 0 at 0x7c00");
        long sectors = img.symbol("xs_boot_sectors").orElseThrow().value();
        long edata = img.symbol("_edata").orElseThrow().value();
        assertTrue(0x7e00 + sectors * 512 >= edata, "the boot sector loads everything up to _edata");
        assertTrue(disk.length >= 512 * (1 + sectors), "the disk holds those sectors");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void bootsAsPvWithTheIntendedLayout(String name) throws Exception {
        ElfImage img = ElfImage.read(image(name));
        assertTrue(img.is64BitContainer() && img.isX86_64(), "ELF64 x86-64");

        XenGuestInfo pv = XenGuestInfo.compute(img, GuestType.PV);
        long start = img.symbol("_start").orElseThrow().value();
        long hypercallPage = img.symbol("hypercall_page").orElseThrow().value();
        long end = img.symbol("_end").orElseThrow().value();

        assertEquals("xen-3.0-x86_64", pv.xenGuestType());
        assertEquals(VIRT_BASE, pv.virtBase());
        assertEquals(0, pv.paddrOffset());
        assertEquals(VIRT_BASE, pv.virtKstart(), "image starts at virt_base (pfn 0)");
        assertEquals(end, pv.virtKend(), "image ends at _end");
        assertEquals(start, pv.virtEntry(), "entry is _start (XEN_ELFNOTE_ENTRY)");
        assertEquals(VIRT_BASE, start, "_start is the first byte of the image");
        assertEquals(hypercallPage, pv.virtHypercall().orElseThrow(), "XEN_ELFNOTE_HYPERCALL_PAGE");
        assertEquals(0, hypercallPage & 0xfff, "hypercall page is page aligned");

        XenElfNotes n = pv.notes();
        assertEquals(XenElfNotes.Source.PT_NOTE_SEGMENTS, n.source());
        assertEquals("XenScope", n.guestOs());
        assertEquals("generic", n.loader());
        assertEquals("xen-3.0", n.xenVersion());
        // libelf (elf_xen_parse_note) records PAE_MODE "yes" as XEN_PAE_EXTCR3.
        assertEquals(XenElfNotes.PaeMode.EXTCR3, n.pae());
        assertEquals("!writable_page_tables|pae_pgdir_above_4gb", n.featuresString());
        assertEquals(1 << XenFeatures.WRITABLE_PAGE_TABLES, pv.featuresRequired());
        assertTrue((pv.featuresSupported() & (1 << XenFeatures.PAE_PGDIR_ABOVE_4GB)) != 0);
        assertTrue(n.warnings().isEmpty(), () -> "notes warnings: " + n.warnings());

        BootCapabilities caps = BootCapabilities.of(img);
        assertTrue(caps.canBoot(GuestType.PV), caps::toString);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void loadSegmentsAreLinkedAtVirtBasePlusPaddr(String name) throws Exception {
        ElfImage img = ElfImage.read(image(name));
        assertTrue(img.loadSegments().size() >= 1);
        for (ElfSegment s : img.loadSegments()) {
            assertEquals(s.vaddr() - VIRT_BASE, s.paddr(), "p_paddr = p_vaddr - virt_base: " + s);
            assertEquals(0, s.vaddr() & 0xfff, "segments start on a page: " + s);
        }
    }

    @ParameterizedTest
    @MethodSource("pvhSamples")
    void pvhSamplesBootAsPvhOnlyAtTheirPhysicalAddresses(String name) throws Exception {
        ElfImage img = ElfImage.read(image(name));
        assertTrue(img.is64BitContainer() && img.isX86_64(), "ELF64 x86-64");
        XenGuestInfo pvh = XenGuestInfo.compute(img, GuestType.PVH);
        long start = img.symbol("_start").orElseThrow().value();
        assertEquals(0x100000, start, "_start is the first byte of the image, at 1 MiB");
        assertEquals(start, pvh.phys32Entry().orElseThrow(), "XEN_ELFNOTE_PHYS32_ENTRY is _start");
        assertEquals(start, pvh.virtEntry());
        assertEquals(0, pvh.virtBase());
        assertEquals("XenScope", pvh.notes().guestOs());
        for (ElfSegment s : img.loadSegments()) {
            assertEquals(s.vaddr(), s.paddr(), "identity-mapped: p_vaddr = p_paddr: " + s);
        }
        BootCapabilities caps = BootCapabilities.of(img);
        assertTrue(caps.canBoot(GuestType.PVH), caps::toString);
        // no LOADER / XEN_VERSION notes: Xen refuses the image as PV, so `xenscope run` picks PVH
        assertTrue(!caps.canBoot(GuestType.PV), caps::toString);
    }

    @ParameterizedTest
    @MethodSource("allSamples")
    void hypercallPageShipsAsRetPoison(String name) throws Exception {
        Path p = image(name);
        ElfImage img = ElfImage.read(p);
        long hc = img.symbol("hypercall_page").orElseThrow().value();
        byte[] file = Files.readAllBytes(p);
        ElfSegment text = img.loadSegments().stream()
                .filter(s -> Long.compareUnsigned(hc, s.vaddr()) >= 0 && Long.compareUnsigned(hc + 4096, s.vaddr() + s.filesz()) <= 0)
                .findFirst().orElseThrow();
        int off = (int) (text.offset() + (hc - text.vaddr()));
        byte[] expected = new byte[4096];
        Arrays.fill(expected, (byte) 0xc3);
        assertArrayEquals(expected, Arrays.copyOfRange(file, off, off + 4096),
                "every byte of the hypercall page is `ret` until Xen fills it");
    }
}
