package io.xenscope.boot.elf;

/**
 * One section header, with its name resolved and its contents ({@link #data()}; empty for
 * SHT_NOBITS and SHT_NULL). Raw sections (.debug_info, .debug_line, ...) are reachable by name
 * through {@link ElfImage#section(String)}.
 */
public record ElfSection(int index, String name, long type, long flags, long addr, long offset, long size,
                         long link, long info, long addralign, long entsize, Bytes data) {
    public static final long SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOTE = 7,
            SHT_NOBITS = 8, SHT_DYNSYM = 11;

    @Override
    public String toString() {
        return String.format("section %d %s type %#x offset %#x size %#x", index, name, type, offset, size);
    }
}
