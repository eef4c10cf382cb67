package io.xenscope.xen.mm;

import java.util.Arrays;

/**
 * Xen's frame table: one {@code struct page_info} per machine frame, with the owner, the general
 * reference count ({@code count_info & PGC_count_mask}), and the type word ({@code type_info}: type,
 * type count, {@code PGT_validated}, {@code PGT_pinned}), plus {@code linear_pt_count}.
 *
 * <p>The type state machine is {@code _get_page_type()} / {@code _put_page_type()} of
 * xen/arch/x86/mm.c:
 * <ul>
 * <li>a frame holds one type at a time; taking a type reference when the type count is zero may
 *     change the type (the old type and its validated bit are lost);</li>
 * <li>when the count is non-zero a reference of another type fails ({@code -EINVAL});</li>
 * <li>page-table and descriptor-table types must be validated when the first reference is taken
 *     (the {@link Validator} promotes every entry); writable and shared types are valid at once;</li>
 * <li>when the last reference of a validated page-table type goes, the frame is de-validated (the
 *     validator drops the references its entries held); the type stays, with count 0 and not
 *     validated, and may change on the next reference.</li>
 * </ul>
 * Writable mappings take {@link FrameType#WRITABLE} type references, so a frame mapped writable
 * cannot become a page table and a page table cannot be mapped writable.
 *
 * <p>Single-threaded (the caller serialises hypercalls), so Xen's cmpxchg loops, PGT_partial and
 * preemption do not appear: a validation runs to completion or fails and is undone.
 */
public final class FrameTable {
    public static final int DOMID_SELF = 0x7FF0;
    public static final int DOMID_IO = 0x7FF1;
    public static final int DOMID_XEN = 0x7FF2;
    public static final int DOMID_COW = 0x7FF3;
    public static final int DOMID_INVALID = 0x7FF4;

    /** Promotes (validates) and demotes a frame's contents for a page-table or descriptor type. */
    public interface Validator {
        /** validate_page(): 0 or a negative errno; on failure every reference taken is dropped. */
        int validate(long mfn, FrameType type);

        /** devalidate_page(): drop the references the frame's entries hold. */
        void devalidate(long mfn, FrameType type);
    }

    private final int frames;
    private final int[] owner;
    private final long[] count;
    private final FrameType[] type;
    private final int[] typeCount;
    private final boolean[] validated;
    private final boolean[] pinned;
    private final int[] linearPtCount;

    public FrameTable(long frameCount) {
        this.frames = Math.toIntExact(frameCount);
        owner = new int[frames];
        Arrays.fill(owner, DOMID_INVALID);
        count = new long[frames];
        type = new FrameType[frames];
        Arrays.fill(type, FrameType.NONE);
        typeCount = new int[frames];
        validated = new boolean[frames];
        pinned = new boolean[frames];
        linearPtCount = new int[frames];
    }

    public long frameCount() {
        return frames;
    }

    /** mfn_valid(): the frame exists in machine memory. */
    public boolean isValid(long mfn) {
        return mfn >= 0 && mfn < frames;
    }

    // ---- page_info fields --------------------------------------------------------------------

    /** The owner, or {@link #DOMID_INVALID} when the frame is not allocated. */
    public int owner(long mfn) {
        return isValid(mfn) ? owner[(int) mfn] : DOMID_INVALID;
    }

    public long refCount(long mfn) {
        return count[(int) mfn];
    }

    public FrameType type(long mfn) {
        return type[(int) mfn];
    }

    public int typeCount(long mfn) {
        return typeCount[(int) mfn];
    }

    public boolean isValidated(long mfn) {
        return validated[(int) mfn];
    }

    public boolean isPinned(long mfn) {
        return pinned[(int) mfn];
    }

    int linearPtCount(long mfn) {
        return linearPtCount[(int) mfn];
    }

    /** A one-line state of the frame, for explanations and tests. */
    public String describe(long mfn) {
        if (!isValid(mfn)) {
            return "mfn " + Pte.hex(mfn) + " (not machine RAM)";
        }
        int i = (int) mfn;
        return "mfn " + Pte.hex(mfn) + " [owner " + ownerName(owner[i]) + ", refs " + count[i] + ", type "
                + type[i].words() + " x" + typeCount[i] + (validated[i] ? ", validated" : "")
                + (pinned[i] ? ", pinned" : "") + "]";
    }

    public static String ownerName(int domid) {
        return switch (domid) {
            case DOMID_IO -> "DOMID_IO";
            case DOMID_XEN -> "Xen";
            case DOMID_COW -> "DOMID_COW";
            case DOMID_INVALID -> "nobody";
            default -> "d" + domid;
        };
    }

    // ---- allocation (the domain builder / populate_physmap side) ------------------------------

    /** assign_pages(): the frame becomes the domain's, with the PGC_allocated reference, untyped. */
    public void assign(long mfn, int domid) {
        int i = index(mfn);
        if (count[i] != 0 && owner[i] != domid) {
            throw new IllegalStateException("frame already allocated: " + describe(mfn));
        }
        owner[i] = domid;
        count[i] = 1;
        type[i] = FrameType.NONE;
        typeCount[i] = 0;
        validated[i] = false;
        pinned[i] = false;
        linearPtCount[i] = 0;
    }

    /**
     * share_xen_page_with_guest(): a Xen-heap frame (shared_info, the M2P) given to a domain (or to
     * Xen/DOMID_IO); the type reference it keeps pins it writable ({@code SHARE_rw}) or untyped
     * ({@code SHARE_ro}).
     */
    public void shareXenPage(long mfn, int domid, boolean writable) {
        int i = index(mfn);
        owner[i] = domid;
        count[i] = 1;
        type[i] = writable ? FrameType.WRITABLE : FrameType.NONE;
        typeCount[i] = 1;
        validated[i] = true;
        pinned[i] = false;
        linearPtCount[i] = 0;
    }

    // ---- general references ---------------------------------------------------------------------

    /**
     * page_get_owner_and_reference(): takes a general reference and returns the owner, or returns
     * {@link #DOMID_INVALID} without a reference when the frame is not allocated (or not RAM).
     */
    public int getOwnerAndReference(long mfn) {
        if (!isValid(mfn) || count[(int) mfn] == 0) {
            return DOMID_INVALID;
        }
        count[(int) mfn]++;
        return owner[(int) mfn];
    }

    /** get_page(): a general reference, only if the frame is allocated to {@code domid}. */
    public boolean getPage(long mfn, int domid) {
        int o = getOwnerAndReference(mfn);
        if (o == domid) {
            return true;
        }
        if (o != DOMID_INVALID) {
            putPage(mfn);
        }
        return false;
    }

    /** put_page(). The last reference is never dropped here: frames stay with their owner. */
    public void putPage(long mfn) {
        int i = index(mfn);
        if (count[i] <= 0) {
            throw new IllegalStateException("put_page underflow: " + describe(mfn));
        }
        count[i]--;
    }

    // ---- type references ---------------------------------------------------------------------

    /**
     * _get_page_type(): 0, or -EINVAL when the frame is in use as another type (or its validation
     * failed, in which case the validator has said why).
     */
    public int getPageType(long mfn, FrameType want, Validator validator) {
        int i = index(mfn);
        if (typeCount[i] == 0) {
            if (type[i] != want) {
                type[i] = want;
                validated[i] = want == FrameType.WRITABLE || want == FrameType.SHARED || want == FrameType.NONE;
            }
        } else if (type[i] != want) {
            return -Errno.EINVAL;
        } else if (!validated[i]) {
            // Someone is validating it: Xen waits; single-threaded, this is a reference cycle.
            return -Errno.EINVAL;
        }
        typeCount[i]++;
        if (!validated[i]) {
            linearPtCount[i] = 0;
            int rc = validator.validate(mfn, want);
            if (rc != 0) {
                // validate_page() failure: type_info = 0.
                type[i] = FrameType.NONE;
                typeCount[i] = 0;
                validated[i] = false;
                return rc;
            }
            validated[i] = true;
        }
        return 0;
    }

    /** _put_page_type(): drops a type reference, de-validating page tables whose count drops to 0. */
    public void putPageType(long mfn, Validator validator) {
        int i = index(mfn);
        if (typeCount[i] <= 0) {
            throw new IllegalStateException("put_page_type underflow: " + describe(mfn));
        }
        if (typeCount[i] == 1 && (type[i].isPageTable() || type[i] == FrameType.SEG_DESC) && validated[i]) {
            validated[i] = false;
            if (type[i].isPageTable()) {
                validator.devalidate(mfn, type[i]);
            }
        }
        typeCount[i]--;
        if (typeCount[i] == 0) {
            pinned[i] = false;
        }
    }

    /** test_and_set_bit(_PGT_pinned): true when it was already pinned. */
    boolean testAndSetPinned(long mfn) {
        int i = index(mfn);
        boolean was = pinned[i];
        pinned[i] = true;
        return was;
    }

    /** test_and_clear_bit(_PGT_pinned): true when it was pinned. */
    boolean testAndClearPinned(long mfn) {
        int i = index(mfn);
        boolean was = pinned[i];
        pinned[i] = false;
        return was;
    }

    // ---- linear page-table accounting (inc/dec_linear_entries, inc/dec_linear_uses) ----------

    /** The table gains a linear entry; fails when the table is itself a linear target. */
    boolean incLinearEntries(long table) {
        int i = index(table);
        if (linearPtCount[i] < 0 || linearPtCount[i] == Short.MAX_VALUE) {
            return false;
        }
        linearPtCount[i]++;
        return true;
    }

    void decLinearEntries(long table) {
        linearPtCount[index(table)]--;
    }

    /** The frame is used as a linear target; fails when the frame itself holds linear entries. */
    boolean incLinearUses(long target) {
        int i = index(target);
        if (linearPtCount[i] > 0 || linearPtCount[i] == Short.MIN_VALUE) {
            return false;
        }
        linearPtCount[i]--;
        return true;
    }

    void decLinearUses(long target) {
        linearPtCount[index(target)]++;
    }

    /** A linear-entry type reference: count + 1 without validation (the target is validated). */
    void addTypeRef(long mfn) {
        typeCount[index(mfn)]++;
    }

    private int index(long mfn) {
        if (!isValid(mfn)) {
            throw new IllegalArgumentException("no such machine frame: " + Pte.hex(mfn));
        }
        return (int) mfn;
    }
}
