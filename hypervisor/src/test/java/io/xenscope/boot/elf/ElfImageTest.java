package io.xenscope.boot.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ElfImage on real images built by the host toolchain. */
class ElfImageTest {
    private static ElfImage parse(byte[] b) throws ElfFormatException {
        return ElfImage.parse(b);
    }

    @Test
    void elf64KernelHasClassMachineAndEntry() throws Exception {
        ElfImage img = parse(TestImages.highHalf64());
        assertEquals(ElfImage.ELFCLASS64, img.elfClass());
        assertTrue(img.isX86_64());
        assertEquals(0xffffffff81000000L, img.entry());
    }

    @Test
    void loadSegmentsCarryVaddrPaddrSizesFlagsAndFileBytes() throws Exception {
        List<ElfSegment> loads = parse(TestImages.highHalf64()).loadSegments();
        assertEquals(2, loads.size());
        ElfSegment text = loads.get(0);
        assertEquals(0xffffffff81000000L, text.vaddr());
        assertEquals(0x1000000L, text.paddr());
        assertEquals(0x2000, text.filesz());
        assertEquals(0x2000, text.memsz());
        assertEquals(ElfSegment.PF_R | ElfSegment.PF_X, text.flags());
        // cld; hlt at _start
        assertEquals(0xfc, text.fileBytes().get(0));
        assertEquals(0xf4, text.fileBytes().get(1));
        ElfSegment data = loads.get(1);
        assertTrue(data.memsz() > data.filesz(), "bss makes memsz exceed filesz");
        assertEquals(ElfSegment.PF_R | ElfSegment.PF_W, data.flags());
    }

    @Test
    void ptNoteSegmentHoldsTheXenNotes() throws Exception {
        ElfImage img = parse(TestImages.highHalf64());
        assertEquals(1, img.segmentNotes().size());
        List<ElfNote> notes = img.segmentNotes().get(0).notes();
        assertTrue(notes.stream().allMatch(n -> n.name().equals("Xen")));
        ElfNote guestOs = notes.get(0);
        assertEquals(XenNoteType.GUEST_OS.number(), guestOs.type());
        assertEquals("Mini-OS", guestOs.desc().cString());
    }

    @Test
    void sectionsAreReachableByName() throws Exception {
        ElfImage img = parse(TestImages.highHalf64());
        assertEquals(ElfSection.SHT_NOTE, img.section(".note").orElseThrow().type());
        assertEquals(0x2000, img.section(".text").orElseThrow().size());
        assertFalse(img.section(".nonexistent").isPresent());
    }

    @Test
    void debugSectionsAreExposedRaw() throws Exception {
        ElfImage img = parse(TestImages.legacyXenGuest());
        ElfSection line = img.section(".debug_line").orElseThrow();
        assertTrue(line.data().length() > 0);
        assertArrayEquals(line.data().toArray(), slice(TestImages.legacyXenGuest(), (int) line.offset(), (int) line.size()));
    }

    @Test
    void symbolsHaveNameValueSizeAndType() throws Exception {
        ElfImage img = parse(TestImages.highHalf64());
        ElfSymbol start = img.symbol("_start").orElseThrow();
        assertEquals(0xffffffff81000000L, start.value());
        assertEquals(ElfSymbol.STT_FUNC, start.type());
        assertEquals(4, start.size());
        ElfSymbol counter = img.symbol("counter").orElseThrow();
        assertEquals(ElfSymbol.STT_OBJECT, counter.type());
        assertEquals(8, counter.size());
        assertEquals(ElfSymbol.STB_GLOBAL, counter.bind());
        assertEquals(0xffffffff81001000L, img.symbol("hypercall_page").orElseThrow().value());
    }

    @Test
    void elf32ContainerWithX86_64CodeIsSupported() throws Exception {
        ElfImage img = parse(TestImages.low64InElf32());
        assertEquals(ElfImage.ELFCLASS32, img.elfClass());
        assertEquals(ElfImage.EM_X86_64, img.machine());
        assertTrue(img.isX86_64());
        assertEquals(2, img.loadSegments().size());
        assertEquals(0x1000L, img.symbol("hypercall_page").orElseThrow().value());
    }

    @Test
    void i386ImageIsElf32Em386() throws Exception {
        ElfImage img = parse(TestImages.i386Pae());
        assertEquals(ElfImage.ELFCLASS32, img.elfClass());
        assertEquals(ElfImage.EM_386, img.machine());
        assertEquals(0xc0100000L, img.loadSegments().get(0).paddr());
    }

    @Test
    void pstartAndPendSpanLoadablePaddrs() throws Exception {
        ElfImage img = parse(TestImages.highHalf64());
        ElfSegment last = img.loadSegments().get(1);
        assertEquals(0x1000000L, img.pstart());
        assertEquals(last.paddr() + last.memsz(), img.pend());
    }

    @Test
    void imageIsIndependentOfTheInputArray() throws Exception {
        byte[] b = TestImages.highHalf64();
        ElfImage img = parse(b);
        java.util.Arrays.fill(b, (byte) 0);
        assertEquals(0xfc, img.loadSegments().get(0).fileBytes().get(0));
        assertEquals("Mini-OS", img.notes().get(0).desc().cString());
    }

    @Test
    void bytesBufferIsReadOnly() throws Exception {
        ElfImage img = parse(TestImages.highHalf64());
        assertTrue(img.loadSegments().get(0).fileBytes().buffer().isReadOnly());
    }

    @Test
    void readsFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("kernel.elf");
        java.nio.file.Files.write(f, TestImages.i386Pae());
        assertEquals(ElfImage.EM_386, ElfImage.read(f).machine());
    }

    private static byte[] slice(byte[] b, int off, int len) {
        return java.util.Arrays.copyOfRange(b, off, off + len);
    }
}
