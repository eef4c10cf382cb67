package io.xenscope.boot.elf;

import static io.xenscope.boot.elf.ElfFormatException.Kind.HEADER;
import static io.xenscope.boot.elf.ElfFormatException.Kind.NOTE;
import static io.xenscope.boot.elf.ElfFormatException.Kind.NOT_ELF;
import static io.xenscope.boot.elf.ElfFormatException.Kind.PROGRAM_HEADER;
import static io.xenscope.boot.elf.ElfFormatException.Kind.SECTION_HEADER;
import static io.xenscope.boot.elf.ElfFormatException.Kind.STRING;
import static io.xenscope.boot.elf.ElfFormatException.Kind.SYMBOL;
import static io.xenscope.boot.elf.ElfFormatException.Kind.UNSUPPORTED;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed little-endian x86 ELF image (ELF32 or ELF64; EM_386 or EM_X86_64, including an x86-64
 * image in an ELFCLASS32 container as {@code objcopy -O elf32-x86-64} makes it). Immutable.
 *
 * <p>Parsing is eager and strict: every table, range and string reference is checked against the
 * file before use, so a lying size or count field yields an {@link ElfFormatException} naming the
 * field and offset, never an unchecked exception, and allocations are bounded by the file size.
 * Only PT_LOAD and PT_NOTE segments have their file ranges checked and exposed: other program
 * header types are listed but not interpreted.
 *
 * <p>Our own parser rather than jelf: jelf signals malformed input with unchecked exceptions from
 * lazy accessors (and can index past arrays), while a loader needs every problem up front with the
 * offset; the format subset a boot loader needs is small.
 */
public final class ElfImage {
    public static final int ELFCLASS32 = 1, ELFCLASS64 = 2;
    public static final int EM_386 = 3, EM_X86_64 = 62;
    public static final int ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
    /** Xen's libelf cap on notes examined (ELF_MAX_TOTAL_NOTE_COUNT). */
    static final int MAX_TOTAL_NOTES = 65536;

    private static final Map<Integer, String> MACHINES = Map.ofEntries(
            Map.entry(0, "EM_NONE"), Map.entry(2, "EM_SPARC"), Map.entry(8, "EM_MIPS"), Map.entry(20, "EM_PPC"),
            Map.entry(21, "EM_PPC64"), Map.entry(22, "EM_S390"), Map.entry(40, "EM_ARM"), Map.entry(43, "EM_SPARCV9"),
            Map.entry(50, "EM_IA_64"), Map.entry(183, "EM_AARCH64"), Map.entry(243, "EM_RISCV"),
            Map.entry(258, "EM_LOONGARCH"), Map.entry(6, "EM_486"));

    /** Notes found in one PT_NOTE segment or one SHT_NOTE section. */
    public record NoteRegion(String origin, boolean segment, int index, long offset, long size, List<ElfNote> notes) {
    }

    private final byte[] file;
    private final int elfClass;
    private final int machine;
    private final int type;
    private final long entry;
    private final long flags;
    private final int ehsize;
    private final int shentsize;
    private final List<ElfSegment> segments;
    private final List<ElfSection> sections;
    private final List<NoteRegion> segmentNotes;
    private final List<NoteRegion> sectionNotes;
    private final List<ElfSymbol> symbols;

    public static ElfImage read(Path path) throws IOException, ElfFormatException {
        long size = Files.size(path);
        if (size > Integer.MAX_VALUE - 8) {
            throw new ElfFormatException(UNSUPPORTED, -1, path + " is " + size + " bytes: images over 2 GiB are not supported");
        }
        return parse(Files.readAllBytes(path));
    }

    /** Parses {@code bytes} (copied: later changes to the array do not affect the image). */
    public static ElfImage parse(byte[] bytes) throws ElfFormatException {
        return new ElfImage(bytes.clone());
    }

    private ElfImage(byte[] file) throws ElfFormatException {
        this.file = file;
        Bytes all = new Bytes(file, 0, file.length);
        if (file.length < 4 || file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F') {
            StringBuilder magic = new StringBuilder();
            for (int i = 0; i < Math.min(4, file.length); i++) {
                magic.append(String.format("%02x ", file[i] & 0xff));
            }
            throw new ElfFormatException(NOT_ELF, 0, "not an ELF file (magic " + (file.length == 0 ? "<empty file>" : magic.toString().trim())
                    + ", expected 7f 45 4c 46)");
        }
        if (file.length < 16) {
            throw new ElfFormatException(NOT_ELF, 0, "file is " + file.length + " bytes, too short for an ELF identification (16 bytes)");
        }
        elfClass = file[4];
        if (elfClass != ELFCLASS32 && elfClass != ELFCLASS64) {
            throw new ElfFormatException(HEADER, 4, "invalid ELF class " + elfClass + " at offset 0x4 (expected 1 = ELFCLASS32 or 2 = ELFCLASS64)");
        }
        int data = file[5];
        if (data == 2) {
            throw new ElfFormatException(UNSUPPORTED, 5, "big-endian ELF is not supported (EI_DATA = ELFDATA2MSB): x86 images are little-endian");
        }
        if (data != 1) {
            throw new ElfFormatException(HEADER, 5, "invalid ELF data encoding " + data + " at offset 0x5 (expected 1 = ELFDATA2LSB)");
        }
        boolean is64 = elfClass == ELFCLASS64;
        int ehdrSize = is64 ? 64 : 52;
        if (file.length < ehdrSize) {
            throw new ElfFormatException(HEADER, 0, "file is " + file.length + " bytes, too short for the " + ehdrSize + "-byte ELF"
                    + (is64 ? "64" : "32") + " header");
        }
        type = (int) all.le(16, 2);
        machine = (int) all.le(18, 2);
        if (machine != EM_386 && machine != EM_X86_64) {
            String name = MACHINES.getOrDefault(machine, "machine " + machine);
            throw new ElfFormatException(UNSUPPORTED, 18, name + " images cannot run on x86 (e_machine = " + machine
                    + "; expected EM_386 = 3 or EM_X86_64 = 62)");
        }
        if (is64 && machine == EM_386) {
            throw new ElfFormatException(UNSUPPORTED, 18, "EM_386 code in an ELFCLASS64 container is not a valid x86 image");
        }
        if (type == ET_REL) {
            throw new ElfFormatException(UNSUPPORTED, 16, "ET_REL: this is a relocatable object file, not a linked kernel (link it first)");
        }
        if (type == ET_CORE) {
            throw new ElfFormatException(UNSUPPORTED, 16, "ET_CORE: this is a core dump, not a kernel image");
        }
        if (type != ET_EXEC && type != ET_DYN) {
            throw new ElfFormatException(UNSUPPORTED, 16, "unsupported ELF type e_type = " + type + " (expected ET_EXEC = 2 or ET_DYN = 3)");
        }
        int w = is64 ? 8 : 4;
        entry = all.le(24, w);
        long phoff = all.le(24 + w, w);
        long shoff = all.le(24 + 2 * w, w);
        int p = 24 + 3 * w;
        flags = all.le(p, 4);
        ehsize = (int) all.le(p + 4, 2);
        int phentsize = (int) all.le(p + 6, 2);
        int phnum = (int) all.le(p + 8, 2);
        shentsize = (int) all.le(p + 10, 2);
        int shnum = (int) all.le(p + 12, 2);
        int shstrndx = (int) all.le(p + 14, 2);

        segments = parseProgramHeaders(all, is64, phoff, phentsize, phnum);
        sections = parseSections(all, is64, shoff, shnum, shstrndx);
        segmentNotes = new ArrayList<>();
        sectionNotes = new ArrayList<>();
        int[] total = {0};
        for (ElfSegment s : segments) {
            // Xen skips PT_NOTE with p_offset 0 (some binutils wrote that): so do we.
            if (s.type() == ElfSegment.PT_NOTE && s.offset() != 0) {
                String origin = "PT_NOTE segment (program header " + s.index() + ")";
                segmentNotes.add(new NoteRegion(origin, true, s.index(), s.offset(), s.filesz(),
                        parseNotes(s.fileBytes(), s.offset(), origin, total)));
            }
        }
        for (ElfSection s : sections) {
            if (s.type() == ElfSection.SHT_NOTE) {
                String origin = "section " + s.name() + " (section " + s.index() + ")";
                sectionNotes.add(new NoteRegion(origin, false, s.index(), s.offset(), s.size(),
                        parseNotes(s.data(), s.offset(), origin, total)));
            }
        }
        symbols = parseSymbols(is64);
    }

    // ---------------------------------------------------------------------------------------------

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String size(long v) {
        return Long.compareUnsigned(v, 1L << 20) < 0 ? Long.toString(v) : Long.toUnsignedString(v) + " (" + hex(v) + ")";
    }

    /** True if [off, off+len) lies within the file (unsigned, overflow-safe). */
    private boolean inFile(long off, long len) {
        return Long.compareUnsigned(off, file.length) <= 0 && Long.compareUnsigned(len, file.length - off) <= 0;
    }

    private static boolean wraps(long start, long len, boolean is64) {
        if (is64) {
            return Long.compareUnsigned(start + len, start) < 0;
        }
        return start + len > 0x1_0000_0000L;
    }

    private List<ElfSegment> parseProgramHeaders(Bytes all, boolean is64, long phoff, int phentsize, int phnum)
            throws ElfFormatException {
        if (phnum == 0) {
            return List.of();
        }
        int want = is64 ? 56 : 32;
        if (phnum == 0xffff) {
            throw new ElfFormatException(UNSUPPORTED, is64 ? 56 : 44, "e_phnum = 0xffff (PN_XNUM, extended program header numbering) is not supported");
        }
        if (phentsize != want) {
            throw new ElfFormatException(HEADER, is64 ? 54 : 42, "e_phentsize is " + phentsize + ", expected " + want + " for ELF" + (is64 ? "64" : "32"));
        }
        long tableSize = (long) phnum * phentsize;
        if (!inFile(phoff, tableSize)) {
            throw new ElfFormatException(PROGRAM_HEADER, phoff, "program header table (" + phnum + " entries of " + phentsize
                    + " bytes at offset " + hex(phoff) + ") extends past the end of the file (size " + file.length + ")");
        }
        List<ElfSegment> list = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int h = (int) phoff + i * phentsize;
            long type = all.le(h, 4);
            int pflags;
            long offset, vaddr, paddr, filesz, memsz, align;
            if (is64) {
                pflags = (int) all.le(h + 4, 4);
                offset = all.le(h + 8, 8);
                vaddr = all.le(h + 16, 8);
                paddr = all.le(h + 24, 8);
                filesz = all.le(h + 32, 8);
                memsz = all.le(h + 40, 8);
                align = all.le(h + 48, 8);
            } else {
                offset = all.le(h + 4, 4);
                vaddr = all.le(h + 8, 4);
                paddr = all.le(h + 12, 4);
                filesz = all.le(h + 16, 4);
                memsz = all.le(h + 20, 4);
                pflags = (int) all.le(h + 24, 4);
                align = all.le(h + 28, 4);
            }
            Bytes bytes = Bytes.EMPTY;
            if (type == ElfSegment.PT_LOAD || (type == ElfSegment.PT_NOTE && offset != 0)) {
                String what = type == ElfSegment.PT_LOAD ? "program header " + i + " (PT_LOAD)" : "program header " + i + " (PT_NOTE)";
                if (!inFile(offset, filesz)) {
                    throw new ElfFormatException(PROGRAM_HEADER, h, what + " extends past the end of the file (offset " + hex(offset)
                            + ", size " + size(filesz) + ", file size " + file.length + ")");
                }
                if (type == ElfSegment.PT_LOAD) {
                    if (Long.compareUnsigned(filesz, memsz) > 0) {
                        throw new ElfFormatException(PROGRAM_HEADER, h, what + " has p_filesz " + hex(filesz) + " larger than p_memsz " + hex(memsz));
                    }
                    if (wraps(vaddr, memsz, is64)) {
                        throw new ElfFormatException(PROGRAM_HEADER, h, what + ": p_vaddr " + hex(vaddr) + " + p_memsz " + hex(memsz)
                                + " overflows the " + (is64 ? "64" : "32") + "-bit address space");
                    }
                    if (wraps(paddr, memsz, is64)) {
                        throw new ElfFormatException(PROGRAM_HEADER, h, what + ": p_paddr " + hex(paddr) + " + p_memsz " + hex(memsz)
                                + " overflows the " + (is64 ? "64" : "32") + "-bit address space");
                    }
                }
                bytes = all.slice((int) offset, (int) filesz);
            }
            list.add(new ElfSegment(i, type, pflags, offset, vaddr, paddr, filesz, memsz, align, bytes));
        }
        // Loadable segments must not overlap in physical memory: the loader would copy one over the other.
        List<ElfSegment> loads = new ArrayList<>();
        for (ElfSegment s : list) {
            if (s.isLoadable() && s.memsz() != 0) {
                loads.add(s);
            }
        }
        for (int a = 0; a < loads.size(); a++) {
            for (int b = a + 1; b < loads.size(); b++) {
                ElfSegment x = loads.get(a), y = loads.get(b);
                if (Long.compareUnsigned(x.paddr(), y.paddr() + y.memsz()) < 0 && Long.compareUnsigned(y.paddr(), x.paddr() + x.memsz()) < 0) {
                    throw new ElfFormatException(PROGRAM_HEADER, phoff + (long) y.index() * phentsize, "program headers " + x.index() + " and "
                            + y.index() + " (PT_LOAD) overlap in physical memory ([" + hex(x.paddr()) + ", " + hex(x.paddr() + x.memsz()) + ") and ["
                            + hex(y.paddr()) + ", " + hex(y.paddr() + y.memsz()) + "))");
                }
            }
        }
        return Collections.unmodifiableList(list);
    }

    private List<ElfSection> parseSections(Bytes all, boolean is64, long shoff, int shnum, int shstrndx) throws ElfFormatException {
        if (shnum == 0) {
            return List.of(); // no section headers (stripped), or extended numbering, which we treat as none
        }
        int want = is64 ? 64 : 40;
        if (shentsize != want) {
            throw new ElfFormatException(HEADER, is64 ? 58 : 46, "e_shentsize is " + shentsize + ", expected " + want + " for ELF" + (is64 ? "64" : "32"));
        }
        long tableSize = (long) shnum * shentsize;
        if (!inFile(shoff, tableSize)) {
            throw new ElfFormatException(SECTION_HEADER, shoff, "section header table (" + shnum + " entries of " + shentsize
                    + " bytes at offset " + hex(shoff) + ") extends past the end of the file (size " + file.length + ")");
        }
        if (shstrndx == 0xffff) {
            throw new ElfFormatException(UNSUPPORTED, is64 ? 62 : 50, "e_shstrndx = SHN_XINDEX (extended section numbering) is not supported");
        }
        if (shstrndx >= shnum) {
            throw new ElfFormatException(HEADER, is64 ? 62 : 50, "e_shstrndx " + shstrndx + " is not a section (there are " + shnum + ")");
        }
        long[][] raw = new long[shnum][];
        Bytes[] data = new Bytes[shnum];
        for (int i = 0; i < shnum; i++) {
            int h = (int) shoff + i * shentsize;
            long[] f = raw[i] = new long[10];
            f[0] = all.le(h, 4); // name
            f[1] = all.le(h + 4, 4); // type
            if (is64) {
                f[2] = all.le(h + 8, 8);
                f[3] = all.le(h + 16, 8);
                f[4] = all.le(h + 24, 8);
                f[5] = all.le(h + 32, 8);
                f[6] = all.le(h + 40, 4);
                f[7] = all.le(h + 44, 4);
                f[8] = all.le(h + 48, 8);
                f[9] = all.le(h + 56, 8);
            } else {
                for (int k = 2; k < 10; k++) {
                    f[k] = all.le(h + 4 * k, 4);
                }
            }
            long type = f[1], offset = f[4], sz = f[5];
            if (type == ElfSection.SHT_NOBITS || type == ElfSection.SHT_NULL) {
                data[i] = Bytes.EMPTY;
            } else if (!inFile(offset, sz)) {
                throw new ElfFormatException(SECTION_HEADER, h, "section " + i + " (type " + type + ") extends past the end of the file (offset "
                        + hex(offset) + ", size " + size(sz) + ", file size " + file.length + ")");
            } else {
                data[i] = all.slice((int) offset, (int) sz);
            }
        }
        Bytes strtab = shstrndx == 0 ? null : data[shstrndx];
        if (strtab != null && raw[shstrndx][1] == ElfSection.SHT_NOBITS) {
            throw new ElfFormatException(SECTION_HEADER, shoff + (long) shstrndx * shentsize, "section name table (section " + shstrndx + ") is SHT_NOBITS");
        }
        List<ElfSection> list = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            long[] f = raw[i];
            String name = strtab == null ? "" : string(strtab, f[0], "section name table (section " + shstrndx + ")", shoff + (long) i * shentsize,
                    "name of section " + i);
            list.add(new ElfSection(i, name, f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], data[i]));
        }
        return Collections.unmodifiableList(list);
    }

    private static String string(Bytes table, long index, String tableName, long at, String what) throws ElfFormatException {
        if (Long.compareUnsigned(index, table.length()) >= 0) {
            if (index == 0 && table.length() == 0) {
                return "";
            }
            throw new ElfFormatException(STRING, at, what + ": string index " + index + " is outside the " + tableName + " (" + table.length() + " bytes)");
        }
        Bytes rest = table.slice((int) index, table.length() - (int) index);
        if (!rest.hasNul()) {
            throw new ElfFormatException(STRING, at, what + ": string at index " + index + " in the " + tableName + " is not NUL-terminated");
        }
        return rest.cString();
    }

    private static List<ElfNote> parseNotes(Bytes region, long regionOffset, String origin, int[] total) throws ElfFormatException {
        List<ElfNote> notes = new ArrayList<>();
        int pos = 0;
        int n = region.length();
        while (pos < n) {
            long at = regionOffset + pos;
            if (++total[0] > MAX_TOTAL_NOTES) {
                throw new ElfFormatException(NOTE, at, "too many ELF notes (more than " + MAX_TOTAL_NOTES + ")");
            }
            if (n - pos < 12) {
                throw new ElfFormatException(NOTE, at, "note " + notes.size() + " in " + origin + " at offset " + hex(at) + ": header truncated ("
                        + (n - pos) + " of 12 bytes left)");
            }
            long namesz = region.le(pos, 4), descsz = region.le(pos + 4, 4), type = region.le(pos + 8, 4);
            long nameArea = (namesz + 3) & ~3L, descArea = (descsz + 3) & ~3L;
            long left = n - pos - 12L;
            if (namesz > left) {
                throw new ElfFormatException(NOTE, at, "note " + notes.size() + " in " + origin + " at offset " + hex(at) + ": namesz " + size(namesz)
                        + " extends past the end of the region (" + left + " bytes left)");
            }
            if (descsz > left - Math.min(nameArea, left)) {
                throw new ElfFormatException(NOTE, at, "note " + notes.size() + " in " + origin + " at offset " + hex(at) + ": descsz " + size(descsz)
                        + " extends past the end of the region (" + (left - Math.min(nameArea, left)) + " bytes left after the name)");
            }
            String name = region.slice(pos + 12, (int) namesz).cString();
            Bytes desc = region.slice((int) (pos + 12 + nameArea), (int) descsz);
            notes.add(new ElfNote(name, type, desc, origin, at));
            long next = pos + 12 + nameArea + descArea;
            pos = (int) Math.min(next, n); // final padding may be missing
        }
        return Collections.unmodifiableList(notes);
    }

    private List<ElfSymbol> parseSymbols(boolean is64) throws ElfFormatException {
        ElfSection symtab = null;
        for (ElfSection s : sections) {
            if (s.type() == ElfSection.SHT_SYMTAB) {
                symtab = s;
                break;
            }
        }
        if (symtab == null) {
            return List.of();
        }
        int entsize = is64 ? 24 : 16;
        if (symtab.entsize() != 0 && symtab.entsize() != entsize) {
            throw new ElfFormatException(SYMBOL, symtab.offset(), "symbol table " + symtab.name() + " has sh_entsize " + symtab.entsize() + ", expected " + entsize);
        }
        if (symtab.size() % entsize != 0) {
            throw new ElfFormatException(SYMBOL, symtab.offset(), "symbol table " + symtab.name() + " size " + symtab.size() + " is not a multiple of "
                    + entsize + " bytes");
        }
        if (Long.compareUnsigned(symtab.link(), sections.size()) >= 0 || symtab.link() == 0
                || sections.get((int) symtab.link()).type() != ElfSection.SHT_STRTAB) {
            throw new ElfFormatException(SYMBOL, symtab.offset(), "symbol table " + symtab.name() + " links to section " + Long.toUnsignedString(symtab.link())
                    + ", which is not a string table");
        }
        ElfSection strSec = sections.get((int) symtab.link());
        Bytes strtab = strSec.data();
        Bytes d = symtab.data();
        int count = d.length() / entsize;
        List<ElfSymbol> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int e = i * entsize;
            long nameIdx = d.le(e, 4);
            long value, sz;
            int info, shndx;
            if (is64) {
                info = d.get(e + 4);
                shndx = (int) d.le(e + 6, 2);
                value = d.le(e + 8, 8);
                sz = d.le(e + 16, 8);
            } else {
                value = d.le(e + 4, 4);
                sz = d.le(e + 8, 4);
                info = d.get(e + 12);
                shndx = (int) d.le(e + 14, 2);
            }
            String name = string(strtab, nameIdx, "string table " + strSec.name(), symtab.offset() + e, "symbol " + i);
            list.add(new ElfSymbol(name, value, sz, info & 0xf, info >> 4, shndx));
        }
        return Collections.unmodifiableList(list);
    }

    // ---------------------------------------------------------------------------------------------

    /** {@link #ELFCLASS32} or {@link #ELFCLASS64}: the container, not the code width. */
    public int elfClass() {
        return elfClass;
    }

    public boolean is64BitContainer() {
        return elfClass == ELFCLASS64;
    }

    /** {@link #EM_386} or {@link #EM_X86_64}. */
    public int machine() {
        return machine;
    }

    /** True for x86-64 code, whatever the container class. */
    public boolean isX86_64() {
        return machine == EM_X86_64;
    }

    public int type() {
        return type;
    }

    public long entry() {
        return entry;
    }

    public long flags() {
        return flags;
    }

    int ehsize() {
        return ehsize;
    }

    int shentsize() {
        return shentsize;
    }

    public int fileSize() {
        return file.length;
    }

    /** The whole file. */
    public Bytes bytes() {
        return new Bytes(file, 0, file.length);
    }

    public List<ElfSegment> segments() {
        return segments;
    }

    /** PT_LOAD segments in program-header order. */
    public List<ElfSegment> loadSegments() {
        List<ElfSegment> l = new ArrayList<>();
        for (ElfSegment s : segments) {
            if (s.isLoad()) {
                l.add(s);
            }
        }
        return Collections.unmodifiableList(l);
    }

    public List<ElfSection> sections() {
        return sections;
    }

    /** The first section with this name (e.g. "__xen_guest", ".note.Xen", ".debug_info"). */
    public Optional<ElfSection> section(String name) {
        for (ElfSection s : sections) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Notes from PT_NOTE segments (those with a non-zero p_offset, as Xen reads them). */
    public List<NoteRegion> segmentNotes() {
        return Collections.unmodifiableList(segmentNotes);
    }

    /** Notes from SHT_NOTE sections. */
    public List<NoteRegion> sectionNotes() {
        return Collections.unmodifiableList(sectionNotes);
    }

    /** All notes: PT_NOTE segments first, then SHT_NOTE sections (a note can appear in both). */
    public List<ElfNote> notes() {
        List<ElfNote> l = new ArrayList<>();
        for (NoteRegion r : segmentNotes) {
            l.addAll(r.notes());
        }
        for (NoteRegion r : sectionNotes) {
            l.addAll(r.notes());
        }
        return Collections.unmodifiableList(l);
    }

    /** .symtab entries (index 0, the null symbol, included), or empty when stripped. */
    public List<ElfSymbol> symbols() {
        return symbols;
    }

    /** The first symbol with this name. */
    public Optional<ElfSymbol> symbol(String name) {
        for (ElfSymbol s : symbols) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Lowest p_paddr of Xen-loadable segments (Xen's elf->pstart), or -1 (all ones) when none. */
    public long pstart() {
        long low = -1;
        for (ElfSegment s : segments) {
            if (s.isLoadable() && Long.compareUnsigned(s.paddr(), low) < 0) {
                low = s.paddr();
            }
        }
        return low;
    }

    /** Highest p_paddr + p_memsz of Xen-loadable segments (Xen's elf->pend), or 0 when none. */
    public long pend() {
        long high = 0;
        for (ElfSegment s : segments) {
            if (s.isLoadable() && Long.compareUnsigned(s.paddr() + s.memsz(), high) > 0) {
                high = s.paddr() + s.memsz();
            }
        }
        return high;
    }

    @Override
    public String toString() {
        return "ElfImage[ELF" + (is64BitContainer() ? "64" : "32") + " " + (isX86_64() ? "x86-64" : "i386") + ", entry " + hex(entry) + ", "
                + segments.size() + " program headers, " + sections.size() + " sections, " + symbols.size() + " symbols]";
    }
}
