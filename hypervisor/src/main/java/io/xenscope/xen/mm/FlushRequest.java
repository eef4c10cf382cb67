package io.xenscope.xen.mm;

/**
 * A TLB or cache flush a hypercall asked for; the caller (which owns the vCPUs' TLBs) performs it.
 *
 * @param kind        what to flush
 * @param va          the linear address for INVLPG kinds, else 0
 * @param vcpuMaskPtr guest address of the vCPU bitmap for the MULTI kinds, else 0
 */
public record FlushRequest(Kind kind, long va, long vcpuMaskPtr) {
    public enum Kind {
        TLB_FLUSH_LOCAL, TLB_FLUSH_ALL, TLB_FLUSH_MULTI,
        INVLPG_LOCAL, INVLPG_ALL, INVLPG_MULTI,
        /** write_ptbase() after a new (user) base pointer: a full local flush. */
        BASEPTR_RELOAD,
        /** The LDT changed: reload it (and flush when a shadow LDT mapping was dropped). */
        LDT_RELOAD,
        CACHE_FLUSH_LOCAL, CACHE_FLUSH_GLOBAL
    }

    public static FlushRequest of(Kind kind) {
        return new FlushRequest(kind, 0, 0);
    }
}
