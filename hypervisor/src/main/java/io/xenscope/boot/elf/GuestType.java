package io.xenscope.boot.elf;

/** The ways a kernel image can be booted on Xen. */
public enum GuestType {
    /** Paravirtualised: Xen notes, entered in 64-bit (or 32-bit) mode with paging on, at virt_entry. */
    PV,
    /** PVH: an HVM container entered in 32-bit flat protected mode at XEN_ELFNOTE_PHYS32_ENTRY. */
    PVH,
    /** Fully virtualised: reset, firmware, a multiboot loader. */
    HVM
}
