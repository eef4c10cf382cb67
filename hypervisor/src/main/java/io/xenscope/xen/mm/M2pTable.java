package io.xenscope.xen.mm;

import io.xenscope.memory.PhysicalMemory;

/**
 * Xen's machine-to-phys table ({@code machine_to_phys_mapping}: one unsigned long pfn per mfn,
 * {@code INVALID_M2P_ENTRY} = ~0 for frames no guest has claimed), kept in Xen-owned machine frames,
 * with the read-only mapping 64-bit PV guests see at {@code RO_MPT_VIRT_START} /
 * {@code MACH2PHYS_VIRT_START} = 0xFFFF800000000000 (L4 slot 256).
 *
 * <p>Xen maps the read-only M2P with superpages from its idle page table; here it is mapped by
 * 4 KiB L3/L2/L1 tables owned by Xen (the guest sees only the virtual range, read-only, user
 * accessible, no-execute). All frames come from a range the machine reserves for Xen.
 */
public final class M2pTable {
    public static final long RO_MPT_VIRT_START = 0xFFFF_8000_0000_0000L;
    public static final long RO_MPT_VIRT_END = 0xFFFF_8040_0000_0000L;
    public static final long INVALID_M2P_ENTRY = ~0L;
    public static final int RO_MPT_SLOT = 256;

    private final PhysicalMemory mem;
    private final long tableBase;
    private final long entries;
    private final long l3;
    private final int framesUsed;

    /** Builds the table over every machine frame, in Xen frames from {@code firstXenMfn} up. */
    public M2pTable(PhysicalMemory mem, FrameTable frames, long firstXenMfn) {
        this.mem = mem;
        this.entries = frames.frameCount();
        long m2pFrames = (entries + 511) / 512;
        long l1s = (m2pFrames + 511) / 512;
        long l2s = (l1s + 511) / 512;
        long next = firstXenMfn;
        tableBase = next;
        next += m2pFrames;
        long l1Base = next;
        next += l1s;
        long l2Base = next;
        next += l2s;
        l3 = next++;
        framesUsed = (int) (next - firstXenMfn);
        if (next > entries) {
            throw new IllegalArgumentException("not enough machine memory for the M2P table");
        }
        for (long m = firstXenMfn; m < next; m++) {
            frames.shareXenPage(m, FrameTable.DOMID_XEN, false);
            mem.fill(m << PhysicalMemory.PAGE_SHIFT, 0, PhysicalMemory.PAGE_SIZE);
        }
        for (long mfn = 0; mfn < entries; mfn++) {
            mem.write64(entryAddress(mfn), INVALID_M2P_ENTRY);
        }
        int ro = Pte.PRESENT | Pte.USER | Pte.ACCESSED;
        for (long i = 0; i < m2pFrames; i++) {
            mem.write64(((l1Base + i / 512) << 12) + (i % 512) * 8, Pte.make(tableBase + i, ro | Pte.NX));
        }
        for (long i = 0; i < l1s; i++) {
            mem.write64(((l2Base + i / 512) << 12) + (i % 512) * 8, Pte.make(l1Base + i, ro));
        }
        for (long i = 0; i < l2s; i++) {
            mem.write64((l3 << 12) + i * 8, Pte.make(l2Base + i, ro));
        }
    }

    /** Machine frames the table and its mapping occupy. */
    public int framesUsed() {
        return framesUsed;
    }

    /** The L4 entry Xen puts in slot 256 of a guest L4 (read-only, user). */
    public long l4Entry() {
        return Pte.make(l3, Pte.PRESENT | Pte.USER | Pte.ACCESSED);
    }

    /** set_gpfn_from_mfn(). */
    public void set(long mfn, long pfn) {
        if (mfn >= 0 && mfn < entries) {
            mem.write64(entryAddress(mfn), pfn);
        }
    }

    /** get_gpfn_from_mfn(). */
    public long get(long mfn) {
        return mfn >= 0 && mfn < entries ? mem.read64(entryAddress(mfn)) : INVALID_M2P_ENTRY;
    }

    private long entryAddress(long mfn) {
        return (tableBase << 12) + mfn * 8;
    }
}
