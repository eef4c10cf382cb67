package io.xenscope.boot.elf;

/**
 * One ELF note: owner name (without its NUL), type and descriptor bytes, where it was found
 * ({@code origin}, e.g. "PT_NOTE segment (program header 2)" or "section .note.Xen") and the file
 * offset of its header.
 */
public record ElfNote(String name, long type, Bytes desc, String origin, long offset) {
    @Override
    public String toString() {
        return String.format("note %s type %d descsz %d at %#x in %s", name, type, desc.length(), offset, origin);
    }
}
