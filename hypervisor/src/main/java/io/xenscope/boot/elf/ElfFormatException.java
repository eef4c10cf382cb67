package io.xenscope.boot.elf;

/**
 * An image that is not a well-formed little-endian x86 ELF file, or uses an ELF feature we do not
 * support. The message names the problem in words a porter understands, with the file offset where
 * one applies; {@link #kind()} groups problems for tools and statistics.
 */
public final class ElfFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What part of the file is wrong. */
    public enum Kind {
        /** Not an ELF file at all (magic, too short). */
        NOT_ELF,
        /** Valid ELF we cannot run: big-endian, foreign machine, relocatable object, extended numbering. */
        UNSUPPORTED,
        /** The ELF header itself has impossible fields. */
        HEADER,
        /** A program header (or the program header table) is inconsistent or outside the file. */
        PROGRAM_HEADER,
        /** A section header (or the section header table) is inconsistent or outside the file. */
        SECTION_HEADER,
        /** An ELF note is truncated or its sizes are inconsistent. */
        NOTE,
        /** A string-table reference is out of range or unterminated. */
        STRING,
        /** The symbol table is inconsistent. */
        SYMBOL
    }

    private final Kind kind;
    private final long offset;

    public ElfFormatException(Kind kind, long offset, String message) {
        super(message);
        this.kind = kind;
        this.offset = offset;
    }

    public Kind kind() {
        return kind;
    }

    /** File offset the problem is at, or -1 when it concerns the file as a whole. */
    public long offset() {
        return offset;
    }
}
