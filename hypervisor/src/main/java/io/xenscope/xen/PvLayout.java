package io.xenscope.xen;

/**
 * Where the domain builder put things, in guest pfns (virtual address = virt_base + pfn * 4096),
 * as xg_dom_x86.c / xg_dom_core.c lay them out: kernel, p2m list, start_info, xenstore, console,
 * page tables (L4, L3s, L2s, L1s), boot stack; everything from virt_base to
 * {@code mappedEnd} (4 MiB aligned, at least 512 KiB past the stack) is mapped.
 */
public record PvLayout(long virtBase, long kernelPfn, long kernelPages, long p2mPfn, long p2mPages,
                       long startInfoPfn, long xenstorePfn, long consolePfn, long pgtablesPfn, long nrPtFrames,
                       long bootstackPfn, long mappedEnd, long entry, long hypercallPage) {
    public long va(long pfn) {
        return virtBase + (pfn << 12);
    }

    public long startInfoVa() {
        return va(startInfoPfn);
    }

    public long stackTop() {
        return va(bootstackPfn + 1);
    }
}
