package io.xenscope.boot.elf;

/**
 * One program header. Addresses and sizes are unsigned 64-bit values (zero-extended from ELF32).
 * {@link #fileBytes()} holds the {@code p_filesz} bytes from the file (empty when the segment's
 * range was not checked, i.e. for types other than PT_LOAD and PT_NOTE).
 */
public record ElfSegment(int index, long type, int flags, long offset, long vaddr, long paddr,
                         long filesz, long memsz, long align, Bytes fileBytes) {
    public static final long PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6;
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;

    public boolean isLoad() {
        return type == PT_LOAD;
    }

    /** Xen's elf_phdr_is_loadable: PT_LOAD with at least one of R, W, X. */
    public boolean isLoadable() {
        return type == PT_LOAD && (flags & (PF_R | PF_W | PF_X)) != 0;
    }

    @Override
    public String toString() {
        return String.format("phdr %d type %#x flags %s offset %#x vaddr %#x paddr %#x filesz %#x memsz %#x", index, type,
                ((flags & PF_R) != 0 ? "R" : "-") + ((flags & PF_W) != 0 ? "W" : "-") + ((flags & PF_X) != 0 ? "X" : "-"),
                offset, vaddr, paddr, filesz, memsz);
    }
}
