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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Static checks of every built sample guest with the hypervisor's own image reader: each one must
 * boot as a 64-bit PV guest with the parameters guest-sdk intends (guest.lds, head.S), or, for the
 * PVH samples, as a PVH-only guest (guest-pvh.lds, arch/x86_64/pvh/head.S). Booting them to their
 * transcripts is the end-to-end tests' job (hypervisor SampleBootTest, RunCommandTest).
 */
class SampleImagesTest {
    static final long VIRT_BASE = 0xffff_ffff_8000_0000L;

    static Stream<String> samples() {
        return Stream.of("hello-pv", "pv-pagetables", "pv-events", "pv-xenstore");
    }

    /** PVH samples (MODE = pvh): linked at 1 MiB, entered at XEN_ELFNOTE_PHYS32_ENTRY. */
    static Stream<String> pvhSamples() {
        return Stream.of("hello-pvh");
    }

    static Stream<String> allSamples() {
        return Stream.concat(samples(), pvhSamples());
    }

    static Path image(String name) {
        Path dir = Path.of(System.getProperty("xenscope.samples.dir", "."));
        Path p = dir.resolve(name).resolve(name);
        assertTrue(Files.isRegularFile(p), p + " not built: run make -C samples");
        return p;
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
