package io.xenscope.xen;

import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.mm.FrameTable;

/** Machine frames Xen keeps for itself (shared_info, GDT and per-domain mappings, grant frames): a bump allocator. */
public final class XenHeap {
    private final PhysicalMemory mem;
    private final FrameTable frames;
    private long next;
    private final long end;

    public XenHeap(PhysicalMemory mem, FrameTable frames, long firstMfn, long endMfn) {
        this.mem = mem;
        this.frames = frames;
        this.next = firstMfn;
        this.end = endMfn;
    }

    /** A zeroed Xen-owned frame. */
    public long alloc() {
        if (next >= end) {
            throw new IllegalStateException("Xen heap exhausted");
        }
        long mfn = next++;
        frames.shareXenPage(mfn, FrameTable.DOMID_XEN, false);
        mem.fill(mfn << 12, 0, PhysicalMemory.PAGE_SIZE);
        return mfn;
    }

    public long used() {
        return next;
    }
}
