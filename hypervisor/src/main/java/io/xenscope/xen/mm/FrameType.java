package io.xenscope.xen.mm;

/**
 * The type of a machine frame (Xen's {@code PGT_*} in {@code page_info.u.inuse.type_info}). A frame
 * holds one type at a time; it may change type only while its type count is zero.
 */
public enum FrameType {
    /** PGT_none: no typed use (plain RAM never mapped writable, or mapped read-only only). */
    NONE("none"),
    L1("L1 page table"),
    L2("L2 page table"),
    L3("L3 page table"),
    L4("L4 page table"),
    /** PGT_seg_desc_page: a GDT/LDT frame. */
    SEG_DESC("descriptor table (GDT/LDT)"),
    /** PGT_shared_page: memory-sharing (dom_cow) frame. */
    SHARED("shared (dom_cow)"),
    /** PGT_writable_page: mapped writable somewhere; each RW mapping holds one type reference. */
    WRITABLE("writable data");

    private final String words;

    FrameType(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    public boolean isPageTable() {
        return this == L1 || this == L2 || this == L3 || this == L4;
    }

    /** 1..4 for page tables, 0 otherwise. */
    public int level() {
        return switch (this) {
            case L1 -> 1;
            case L2 -> 2;
            case L3 -> 3;
            case L4 -> 4;
            default -> 0;
        };
    }

    public static FrameType pageTable(int level) {
        return switch (level) {
            case 1 -> L1;
            case 2 -> L2;
            case 3 -> L3;
            case 4 -> L4;
            default -> throw new IllegalArgumentException("level " + level);
        };
    }
}
