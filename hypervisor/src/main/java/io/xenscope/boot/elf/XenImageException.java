package io.xenscope.boot.elf;

/**
 * A well-formed ELF image that Xen's domain builder would refuse for the requested guest type. The
 * messages follow the errors libelf and libxenguest print, with the values that broke the rule.
 */
public final class XenImageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which family of Xen rule was broken. */
    public enum Kind {
        /** No Xen notes / __xen_guest, or wrong LOADER, GUEST_OS, XEN_VERSION. */
        NOT_XEN_IMAGE,
        /** A required ("!") feature Xen does not know, or dom0-only. */
        FEATURES,
        /** Entry, kernel range, p2m, hypercall page or alignment out of bounds. */
        ADDRESSES,
        /** The image cannot boot as the requested guest type (PVH without PHYS32_ENTRY, ...). */
        GUEST_TYPE
    }

    private final Kind kind;

    public XenImageException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
