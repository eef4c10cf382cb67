package io.xenscope.xen.mm;

import java.util.ArrayList;
import java.util.List;

/**
 * x86-64 page-table entry layout as Xen handles it (xen/arch/x86/include/asm/x86_64/page.h,
 * page.h, mm.c). Flags are kept in Xen's 24-bit form: PTE bits 0-11 are flag bits 0-11, PTE bits
 * 52-63 are flag bits 12-23 ({@code get_pte_flags}/{@code put_pte_flags}).
 */
public final class Pte {
    private Pte() {
    }

    public static final int PRESENT = 0x001;
    public static final int RW = 0x002;
    public static final int USER = 0x004;
    public static final int PWT = 0x008;
    public static final int PCD = 0x010;
    public static final int ACCESSED = 0x020;
    public static final int DIRTY = 0x040;
    /** PSE in L2/L3 entries; PAT in L1 entries (bit 7). */
    public static final int PSE = 0x080;
    public static final int PAT = 0x080;
    public static final int GLOBAL = 0x100;
    /** Software-available bits 9-11. */
    public static final int AVAIL = 0xE00;
    /** PTE bits 52-62 (flag bits 12-22). */
    public static final int AVAIL_HIGH = 0x7FF000;
    /** PTE bit 52: Xen marks kernel-only L1 mappings of 64-bit PV guests with it. */
    public static final int GUEST_KERNEL = 1 << 12;
    /** PTE bit 62: Xen's marker of grant-table mappings. */
    public static final int GNTTAB = 1 << 22;
    /** PTE bit 63. */
    public static final int NX = 1 << 23;
    public static final int CACHE_ATTRS = PAT | PCD | PWT;

    /**
     * base_disallow_mask of arch_init_memory(): everything but PRESENT, RW, USER, ACCESSED, DIRTY,
     * AVAIL, AVAIL_HIGH and NX (the host has NX). Leaves PWT, PCD, PSE/PAT and GLOBAL.
     */
    public static final int BASE_DISALLOW_MASK =
            ~(PRESENT | RW | USER | ACCESSED | DIRTY | AVAIL | AVAIL_HIGH | NX) & 0xFFFFFF;
    /** L1_DISALLOW_MASK: (base | _PAGE_GNTTAB) & ~_PAGE_GLOBAL. */
    public static final int L1_DISALLOW_MASK = (BASE_DISALLOW_MASK | GNTTAB) & ~GLOBAL;
    /** l1_disallow_mask(d) for a domain with I/O capabilities: cache attributes become allowed. */
    public static final int L1_DISALLOW_MASK_IO = L1_DISALLOW_MASK & ~CACHE_ATTRS;
    public static final int L2_DISALLOW_MASK = BASE_DISALLOW_MASK;
    /** l3_disallow_mask(d) for 64-bit PV. */
    public static final int L3_DISALLOW_MASK = BASE_DISALLOW_MASK;
    public static final int L4_DISALLOW_MASK = BASE_DISALLOW_MASK;
    /** FASTPATH_FLAG_WHITELIST: flags a guest may change without re-validating the entry. */
    public static final int FASTPATH_FLAG_WHITELIST = NX | AVAIL_HIGH | AVAIL | GLOBAL | DIRTY | ACCESSED | USER;

    /** PADDR_MASK & PAGE_MASK: PTE bits 12-51. */
    public static final long ADDR_MASK = 0x000F_FFFF_FFFF_F000L;
    /** INVALID_MFN as an L1 entry can carry it (PADDR_MASK >> PAGE_SHIFT). */
    public static final long INVALID_MFN = ADDR_MASK >>> 12;

    public static int flags(long pte) {
        return (int) ((pte >>> 40) & ~0xFFFL) | (int) (pte & 0xFFF);
    }

    public static long putFlags(int flags) {
        return ((long) (flags & ~0xFFF) << 40) | (flags & 0xFFF);
    }

    public static long mfn(long pte) {
        return (pte & ADDR_MASK) >>> 12;
    }

    public static boolean present(long pte) {
        return (pte & PRESENT) != 0;
    }

    public static long make(long mfn, int flags) {
        return (mfn << 12) & ADDR_MASK | putFlags(flags);
    }

    public static long addFlags(long pte, int flags) {
        return pte | putFlags(flags);
    }

    /** l1e_has_changed(): the frame or any flag in {@code flagMask} differs. */
    public static boolean hasChanged(long oldPte, long newPte, int flagMask) {
        return ((oldPte ^ newPte) & (ADDR_MASK | putFlags(flagMask & 0xFFFFFF))) != 0;
    }

    /** Names of the flag bits set in {@code flags} (24-bit form), as PTE bit numbers. */
    public static String describeFlags(int flags, int level) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 24; bit++) {
            if ((flags & (1 << bit)) == 0) {
                continue;
            }
            int pteBit = bit < 12 ? bit : bit + 40;
            out.add(bitName(bit, level) + " (bit " + pteBit + ")");
        }
        return String.join(", ", out);
    }

    private static String bitName(int bit, int level) {
        return switch (bit) {
            case 0 -> "PRESENT";
            case 1 -> "RW";
            case 2 -> "USER";
            case 3 -> "PWT";
            case 4 -> "PCD";
            case 5 -> "ACCESSED";
            case 6 -> "DIRTY";
            case 7 -> level == 1 ? "PAT" : "PSE";
            case 8 -> "GLOBAL";
            case 22 -> "GNTTAB";
            case 23 -> "NX";
            default -> bit >= 9 && bit <= 11 ? "AVAIL" : "AVAIL_HIGH";
        };
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
