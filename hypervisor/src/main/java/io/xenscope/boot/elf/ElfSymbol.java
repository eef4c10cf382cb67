package io.xenscope.boot.elf;

/** One .symtab entry. {@code type} and {@code bind} are the STT_ and STB_ values. */
public record ElfSymbol(String name, long value, long size, int type, int bind, int sectionIndex) {
    public static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4;
    public static final int STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2;
}
