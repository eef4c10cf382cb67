package io.xenscope.boot.elf;

import static io.xenscope.boot.elf.ElfBuilder.putLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every malformed or unsupported image gets a specific ElfFormatException. */
class ElfImageMalformedTest {
    private static ElfFormatException rejected(byte[] b, ElfFormatException.Kind kind, String... fragments) {
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfImage.parse(b));
        assertEquals(kind, e.kind(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message \"" + e.getMessage() + "\" lacks \"" + f + "\"");
        }
        return e;
    }

    private static byte[] minimal() {
        return ElfBuilder.elf64().entry(0x1000).load(0x1000, 0x1000, new byte[16], 16).build();
    }

    @Test
    void emptyFileIsNotElf() {
        rejected(new byte[0], ElfFormatException.Kind.NOT_ELF, "not an ELF file");
    }

    @Test
    void peFileIsNotElfAndTheMagicIsShown() {
        rejected(new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0}, ElfFormatException.Kind.NOT_ELF, "not an ELF file (magic 4d 5a 90 00");
    }

    @Test
    void truncatedIdentificationIsRejected() {
        rejected(Arrays.copyOf(minimal(), 10), ElfFormatException.Kind.NOT_ELF, "too short");
    }

    @Test
    void truncatedHeaderIsRejected() {
        rejected(Arrays.copyOf(minimal(), 40), ElfFormatException.Kind.HEADER, "too short for the 64-byte ELF64 header");
    }

    @Test
    void bigEndianIsUnsupported() {
        byte[] b = minimal();
        b[5] = 2;
        rejected(b, ElfFormatException.Kind.UNSUPPORTED, "big-endian ELF is not supported");
    }

    @Test
    void invalidClassIsRejected() {
        byte[] b = minimal();
        b[4] = 3;
        rejected(b, ElfFormatException.Kind.HEADER, "invalid ELF class 3");
    }

    @Test
    void armImageCannotRunOnX86() {
        byte[] b = minimal();
        putLE(b, 18, 2, 40);
        rejected(b, ElfFormatException.Kind.UNSUPPORTED, "EM_ARM images cannot run on x86");
    }

    @Test
    void aarch64ImageCannotRunOnX86() {
        byte[] b = minimal();
        putLE(b, 18, 2, 183);
        rejected(b, ElfFormatException.Kind.UNSUPPORTED, "EM_AARCH64 images cannot run on x86");
    }

    @Test
    void i386CodeInElf64ContainerIsRejected() {
        byte[] b = minimal();
        putLE(b, 18, 2, 3);
        rejected(b, ElfFormatException.Kind.UNSUPPORTED, "EM_386 code in an ELFCLASS64 container");
    }

    @Test
    void relocatableObjectIsRejectedWithAHint() {
        byte[] b = minimal();
        putLE(b, 16, 2, ElfImage.ET_REL);
        rejected(b, ElfFormatException.Kind.UNSUPPORTED, "relocatable object", "link it first");
    }

    @Test
    void absurdProgramHeaderCountIsRejected() {
        byte[] b = minimal();
        putLE(b, 56, 2, 0x7000);
        rejected(b, ElfFormatException.Kind.PROGRAM_HEADER, "program header table (28672 entries of 56 bytes at offset 0x40) extends past the end");
    }

    @Test
    void wrongProgramHeaderEntrySizeIsRejected() {
        byte[] b = minimal();
        putLE(b, 54, 2, 40);
        rejected(b, ElfFormatException.Kind.HEADER, "e_phentsize is 40, expected 56");
    }

    @Test
    void segmentPastEndOfFileNamesHeaderOffsetAndSize() {
        byte[] b = ElfBuilder.elf64().load(0x1000, 0x1000, new byte[16], 16).load(0x2000, 0x2000, new byte[16], 16).build();
        putLE(b, 64 + 56 + 32, 8, 0x10_0000); // phdr 1 p_filesz
        putLE(b, 64 + 56 + 40, 8, 0x10_0000); // p_memsz
        ElfFormatException e = rejected(b, ElfFormatException.Kind.PROGRAM_HEADER, "program header 1 (PT_LOAD) extends past the end of the file (offset 0x",
                "size 1048576");
        assertEquals(64 + 56, e.offset());
    }

    @Test
    void hugeOffsetDoesNotOverflowTheRangeCheck() {
        byte[] b = minimal();
        putLE(b, 64 + 8, 8, -16L); // p_offset = 0xfffffffffffffff0
        rejected(b, ElfFormatException.Kind.PROGRAM_HEADER, "offset 0xfffffffffffffff0");
    }

    @Test
    void fileszAboveMemszIsRejected() {
        byte[] b = minimal();
        putLE(b, 64 + 40, 8, 8);
        rejected(b, ElfFormatException.Kind.PROGRAM_HEADER, "p_filesz 0x10 larger than p_memsz 0x8");
    }

    @Test
    void segmentWrappingTheAddressSpaceIsRejected() {
        byte[] b = ElfBuilder.elf64().load(0xfffffffffffff000L, 0x1000, new byte[16], 0x2000).build();
        rejected(b, ElfFormatException.Kind.PROGRAM_HEADER, "p_vaddr 0xfffffffffffff000 + p_memsz 0x2000 overflows the 64-bit address space");
    }

    @Test
    void elf32SegmentWrapping4GiBIsRejected() {
        byte[] b = ElfBuilder.elf32(ElfImage.EM_386).load(0x1000, 0xfffff000L, new byte[16], 0x2000).build();
        rejected(b, ElfFormatException.Kind.PROGRAM_HEADER, "p_paddr 0xfffff000", "32-bit address space");
    }

    @Test
    void overlappingLoadSegmentsAreRejected() {
        byte[] b = ElfBuilder.elf64().load(0x1000, 0x1000, new byte[16], 0x2000).load(0x5000, 0x2000, new byte[16], 0x100).build();
        rejected(b, ElfFormatException.Kind.PROGRAM_HEADER, "program headers 0 and 1 (PT_LOAD) overlap in physical memory ([0x1000, 0x3000) and [0x2000, 0x2100))");
    }

    @Test
    void sectionPastEndOfFileIsRejected() {
        byte[] b = ElfBuilder.elf64().load(0x1000, 0x1000, new byte[16], 16).section(".debug_info", ElfSection.SHT_PROGBITS, new byte[32]).build();
        int shoff = (int) le(b, 40, 8);
        putLE(b, shoff + 64 + 32, 8, 0x7fff_ffff_ffffL); // section 1 sh_size
        rejected(b, ElfFormatException.Kind.SECTION_HEADER, "section 1 (type 1) extends past the end of the file");
    }

    @Test
    void sectionTablePastEndOfFileIsRejected() {
        byte[] b = ElfBuilder.elf64().load(0x1000, 0x1000, new byte[16], 16).section(".x", ElfSection.SHT_PROGBITS, new byte[4]).build();
        putLE(b, 60, 2, 0xff00);
        rejected(b, ElfFormatException.Kind.SECTION_HEADER, "section header table (65280 entries of 64 bytes");
    }

    @Test
    void sectionNameIndexOutsideTheNameTableIsRejected() {
        byte[] b = ElfBuilder.elf64().load(0x1000, 0x1000, new byte[16], 16).section(".x", ElfSection.SHT_PROGBITS, new byte[4]).build();
        int shoff = (int) le(b, 40, 8);
        putLE(b, shoff + 64, 4, 0x10000);
        rejected(b, ElfFormatException.Kind.STRING, "name of section 1: string index 65536 is outside the section name table");
    }

    @Test
    void badShstrndxIsRejected() {
        byte[] b = ElfBuilder.elf64().load(0x1000, 0x1000, new byte[16], 16).section(".x", ElfSection.SHT_PROGBITS, new byte[4]).build();
        putLE(b, 62, 2, 9);
        rejected(b, ElfFormatException.Kind.HEADER, "e_shstrndx 9 is not a section (there are 3)");
    }

    @Test
    void noteWithLyingDescszIsRejected() {
        byte[] note = ElfBuilder.note("Xen", 6, ElfBuilder.str("Mini-OS"));
        putLE(note, 4, 4, 0xffff_fff0L);
        byte[] b = ElfBuilder.xenKernel(0x1000, 0x1000, note).build();
        rejected(b, ElfFormatException.Kind.NOTE, "note 0 in PT_NOTE segment (program header 1) at offset 0x", "descsz 4294967280 (0xfffffff0) extends past the end");
    }

    @Test
    void noteWithLyingNameszIsRejected() {
        byte[] note = ElfBuilder.note("Xen", 6, ElfBuilder.str("Mini-OS"));
        putLE(note, 0, 4, 0x100);
        rejected(ElfBuilder.xenKernel(0x1000, 0x1000, note).build(), ElfFormatException.Kind.NOTE, "namesz 256 extends past the end");
    }

    @Test
    void truncatedNoteHeaderIsRejected() {
        byte[] notes = ElfBuilder.concat(ElfBuilder.note("Xen", 6, ElfBuilder.str("Mini-OS")), new byte[8]);
        rejected(ElfBuilder.xenKernel(0x1000, 0x1000, notes).build(), ElfFormatException.Kind.NOTE, "note 1", "header truncated (8 of 12 bytes left)");
    }

    @Test
    void symbolTableWithWrongEntrySizeIsRejected() {
        byte[] b = ElfBuilder.elf64().load(0x1000, 0x1000, new byte[16], 16).section(".strtab", ElfSection.SHT_STRTAB, new byte[] {0, 'a', 0})
                .section(".symtab", ElfSection.SHT_SYMTAB, new byte[48], 1, 16).build();
        rejected(b, ElfFormatException.Kind.SYMBOL, "sh_entsize 16, expected 24");
    }

    @Test
    void symbolTableLinkedToANonStringTableIsRejected() {
        byte[] b = ElfBuilder.elf64().load(0x1000, 0x1000, new byte[16], 16).section(".symtab", ElfSection.SHT_SYMTAB, new byte[48], 1, 24).build();
        rejected(b, ElfFormatException.Kind.SYMBOL, "links to section 1, which is not a string table");
    }

    @Test
    void symbolNameOutsideTheStringTableIsRejected() {
        byte[] sym = new byte[48];
        putLE(sym, 24, 4, 99);
        byte[] b = ElfBuilder.elf64().load(0x1000, 0x1000, new byte[16], 16).section(".strtab", ElfSection.SHT_STRTAB, new byte[] {0, 'a', 0})
                .section(".symtab", ElfSection.SHT_SYMTAB, sym, 1, 24).build();
        rejected(b, ElfFormatException.Kind.STRING, "symbol 1: string index 99 is outside the string table .strtab");
    }

    @Test
    void unterminatedStringIsRejected() {
        byte[] sym = new byte[48];
        putLE(sym, 24, 4, 1);
        byte[] b = ElfBuilder.elf64().load(0x1000, 0x1000, new byte[16], 16).section(".strtab", ElfSection.SHT_STRTAB, new byte[] {0, 'a', 'b'})
                .section(".symtab", ElfSection.SHT_SYMTAB, sym, 1, 24).build();
        rejected(b, ElfFormatException.Kind.STRING, "is not NUL-terminated");
    }

    @Test
    void strippedImageHasNoSectionsOrSymbolsButParses() throws Exception {
        ElfImage img = ElfImage.parse(minimal());
        assertTrue(img.sections().isEmpty());
        assertTrue(img.symbols().isEmpty());
    }

    @Test
    void ptNoteAtOffsetZeroIsSkippedAsXenDoes() throws Exception {
        byte[] b = ElfBuilder.elf64().load(0x1000, 0x1000, new byte[16], 16).segmentAtOffset(ElfSegment.PT_NOTE, new byte[12], 0).build();
        putLE(b, 64 + 56 + 32, 8, 0xffff_ffffL); // would extend past the end if it were read
        assertTrue(ElfImage.parse(b).segmentNotes().isEmpty());
    }

    static long le(byte[] b, int off, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
