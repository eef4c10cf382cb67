package io.xenscope.boot.elf;

/**
 * Xen ELF note types (xen/include/public/elfnote.h), owner name "Xen", and whether libelf reads the
 * descriptor as a string or as a number (libelf-dominfo.c, elf_xen_parse_note).
 */
public enum XenNoteType {
    ENTRY(1, false), HYPERCALL_PAGE(2, false), VIRT_BASE(3, false), PADDR_OFFSET(4, false), XEN_VERSION(5, true),
    GUEST_OS(6, true), GUEST_VERSION(7, true), LOADER(8, true), PAE_MODE(9, true), FEATURES(10, true),
    BSD_SYMTAB(11, true), HV_START_LOW(12, false), L1_MFN_VALID(13, false), SUSPEND_CANCEL(14, false),
    INIT_P2M(15, false), MOD_START_PFN(16, false), SUPPORTED_FEATURES(17, false), PHYS32_ENTRY(18, false);

    /** The note owner name Xen matches (strcmp with the NUL-terminated name). */
    public static final String OWNER = "Xen";

    private final int number;
    private final boolean string;

    XenNoteType(int number, boolean string) {
        this.number = number;
        this.string = string;
    }

    public int number() {
        return number;
    }

    public boolean isString() {
        return string;
    }

    /** The note's name as Xen's headers spell it, e.g. XEN_ELFNOTE_PHYS32_ENTRY. */
    public String xenName() {
        return "XEN_ELFNOTE_" + name();
    }

    /** The type with this number, or null (Xen ignores unknown types, including 0 = INFO). */
    public static XenNoteType of(long number) {
        for (XenNoteType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }
}
