package io.xenscope.xen.hypercall;

import io.xenscope.xen.Domain;
import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.SharedInfo;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;
import io.xenscope.xen.mm.FrameTable;
import io.xenscope.xen.mm.M2pTable;

/**
 * HYPERVISOR_memory_op(cmd, arg) for a 64-bit PV domain (xen/common/memory.c,
 * xen/arch/x86/x86_64/mm.c subarch_memory_op, arch/x86/mm.c arch_memory_op). The command's low 6
 * bits select the op (MEMOP_CMD_MASK); the rest is a continuation's start extent.
 */
public final class MemoryOp {
    public static final int NR = 12;
    public static final int XENMEM_INCREASE_RESERVATION = 0, XENMEM_DECREASE_RESERVATION = 1,
            XENMEM_MAXIMUM_RAM_PAGE = 2, XENMEM_CURRENT_RESERVATION = 3, XENMEM_MAXIMUM_RESERVATION = 4,
            XENMEM_MACHPHYS_MFN_LIST = 5, XENMEM_POPULATE_PHYSMAP = 6, XENMEM_ADD_TO_PHYSMAP = 7,
            XENMEM_MEMORY_MAP = 9, XENMEM_MACHINE_MEMORY_MAP = 10, XENMEM_EXCHANGE = 11,
            XENMEM_MACHPHYS_MAPPING = 12, XENMEM_MAXIMUM_GPFN = 14;
    public static final int MEMOP_CMD_MASK = 0x3f;
    /** CONFIG_DOMU_MAX_ORDER. */
    public static final int DOMU_MAX_ORDER = 9;

    private MemoryOp() {
    }

    /** do_memory_op's early returns for the reservation ops: each answers start_extent. */
    static boolean nothingToDo(Vcpu v, long nrExtents, int domid, long start) {
        return Long.compareUnsigned(nrExtents, 0xffffffffL >>> 6) > 0 || Long.compareUnsigned(start, nrExtents) >= 0
                || domid != FrameTable.DOMID_SELF && domid != v.domain().domid();
    }

    public static long call(Vcpu v, long cmd, long arg) {
        Domain d = v.domain();
        GuestMemory g = v.guest();
        int op = (int) (cmd & MEMOP_CMD_MASK);
        long startExtent = cmd >>> 6;
        switch (op) {
            case XENMEM_INCREASE_RESERVATION, XENMEM_DECREASE_RESERVATION, XENMEM_POPULATE_PHYSMAP -> {
                return reservation(v, op, arg, startExtent);
            }
            case XENMEM_MAXIMUM_RAM_PAGE -> {
                return d.frames().frameCount();
            }
            case XENMEM_CURRENT_RESERVATION, XENMEM_MAXIMUM_RESERVATION, XENMEM_MAXIMUM_GPFN -> {
                int domid = g.read16(arg);
                if (domid != FrameTable.DOMID_SELF && domid != d.domid()) {
                    return domid == 0 ? -Errno.EPERM : -Errno.ESRCH;
                }
                if (op == XENMEM_CURRENT_RESERVATION) {
                    return d.totPages();
                }
                if (op == XENMEM_MAXIMUM_RESERVATION) {
                    return d.maxPages();
                }
                long maxPfn = d.memory().read64(d.sharedInfo().machineAddress() + SharedInfo.ARCH_MAX_PFN);
                return (maxPfn == 0 ? 1 : maxPfn) - 1;
            }
            case XENMEM_MACHPHYS_MAPPING -> {
                // struct xen_machphys_mapping {xen_ulong_t v_start, v_end; xen_ulong_t max_mfn;}
                g.write64(arg, M2pTable.RO_MPT_VIRT_START);
                g.write64(arg + 8, M2pTable.RO_MPT_VIRT_END);
                g.write64(arg + 16, (M2pTable.RO_MPT_VIRT_END - M2pTable.RO_MPT_VIRT_START) / 8 - 1);
                return 0;
            }
            case XENMEM_MEMORY_MAP -> {
                // struct xen_memory_map {unsigned int nr_entries; XEN_GUEST_HANDLE(void) buffer;}; e820entry packed, 20 bytes
                int nr = g.read32(arg);
                long buffer = g.read64(arg + 8);
                int n = Math.min(nr, 1);
                if (n > 0) {
                    g.write64(buffer, 0);
                    g.write64(buffer + 8, d.nrPages() << 12);
                    g.write32(buffer + 16, 1);
                }
                g.write32(arg, n);
                return 0;
            }
            case XENMEM_MACHINE_MEMORY_MAP, XENMEM_MACHPHYS_MFN_LIST -> {
                return -Errno.EPERM;
            }
            case XENMEM_ADD_TO_PHYSMAP -> {
                return HvmMemoryOp.addToPhysmap(v, cmd, arg); // -EACCES: not a translated guest
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }

    /**
     * struct xen_memory_reservation {XEN_GUEST_HANDLE(xen_pfn_t) extent_start; xen_ulong_t nr_extents;
     * unsigned int extent_order; unsigned int mem_flags; domid_t domid;}. Returns the extents done:
     * every refusal (another domain, too many extents, start beyond the end) returns
     * {@code start_extent}, never an errno (do_memory_op).
     */
    static long reservation(Vcpu v, int op, long arg, long start) {
        Domain d = v.domain();
        GuestMemory g = v.guest();
        long list = g.read64(arg);
        long nr = g.read64(arg + 8);
        int order = g.read32(arg + 16);
        int domid = g.read16(arg + 24);
        if (nothingToDo(v, nr, domid, start)) {
            return start;
        }
        if (order > DOMU_MAX_ORDER) {
            return start;
        }
        long pages = 1L << order;
        long i = start;
        for (; i < nr; i++) {
            if (op == XENMEM_DECREASE_RESERVATION) {
                long gmfn = g.read64(list + 8 * i);
                if (!d.releaseFrames(gmfn, pages)) {
                    break;
                }
                continue;
            }
            long gpfn = op == XENMEM_POPULATE_PHYSMAP ? g.read64(list + 8 * i) : 0;
            if (d.totPages() + pages > d.maxPages()) {
                break;
            }
            long mfn = d.allocFrames(pages);
            if (mfn < 0) {
                break;
            }
            for (long j = 0; j < pages; j++) {
                d.mmu().assignFrame(d.domid(), mfn + j, op == XENMEM_POPULATE_PHYSMAP ? gpfn + j : M2pTable.INVALID_M2P_ENTRY);
            }
            if (list != 0) {
                g.write64(list + 8 * i, mfn);
            }
        }
        return i;
    }
}
