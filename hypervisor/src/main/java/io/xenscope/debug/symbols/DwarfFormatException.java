package io.xenscope.debug.symbols;

/**
 * Malformed or unsupported debugging information: a truncated section, a length that runs past its
 * section, an unknown form or opcode. The message names the section and the offset in it.
 */
public final class DwarfFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String section;
    private final long offset;

    public DwarfFormatException(String section, long offset, String message) {
        super(section + "+0x" + Long.toHexString(offset) + ": " + message);
        this.section = section;
        this.offset = offset;
    }

    /** The ELF section the problem is in, e.g. ".debug_line". */
    public String section() {
        return section;
    }

    /** Offset in that section, or -1 when it concerns the section as a whole. */
    public long offset() {
        return offset;
    }
}
