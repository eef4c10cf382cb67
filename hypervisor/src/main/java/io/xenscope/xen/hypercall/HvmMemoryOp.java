package io.xenscope.xen.hypercall;

import io.xenscope.xen.Domain;
import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.MachineEvent;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;
import io.xenscope.xen.mm.FrameTable;

/**
 * memory_op for an HVM container (hvm_memory_op, xen/arch/x86/hvm/hypercall.c, over do_memory_op):
 * XENMEM_machine_memory_map and machphys_mapping are -ENOSYS; XENMEM_add_to_physmap
 * (struct xen_add_to_physmap {domid_t domid; uint16_t size; unsigned int space @4; xen_ulong_t idx
 * @8; xen_pfn_t gpfn @16}) places Xen's shared_info (XENMAPSPACE_shared_info, idx 0) or grant-table
 * frame idx (XENMAPSPACE_grant_table, growing the table up to its maximum) at gpfn: the guest's
 * frame there is replaced (here: the physical frame aliases Xen's page) and the TLBs are flushed.
 * XENMEM_memory_map returns the memory map the toolstack gave (the one in hvm_start_info).
 * Reservation changes (populate_physmap etc.) are not modelled for PVH yet: -ENOSYS with a hint,
 * except where do_memory_op returns start_extent before looking at memory (no extents left to do,
 * another domain), which is answered as Xen does.
 */
public final class HvmMemoryOp {
    public static final int XENMAPSPACE_SHARED_INFO = 0, XENMAPSPACE_GRANT_TABLE = 1, XENMAPSPACE_GMFN = 2,
            XENMAPSPACE_GMFN_RANGE = 3, XENMAPSPACE_GMFN_FOREIGN = 4, XENMAPSPACE_DEV_MMIO = 5;
    public static final long XENMAPIDX_GRANT_TABLE_STATUS = 0x80000000L;

    private HvmMemoryOp() {
    }

    /** The memory map the builder wrote into hvm_start_info, as {addr, size, type} triples. */
    public static long call(Vcpu v, long cmd, long arg) {
        int op = (int) (cmd & MemoryOp.MEMOP_CMD_MASK);
        switch (op) {
            case MemoryOp.XENMEM_MACHINE_MEMORY_MAP, MemoryOp.XENMEM_MACHPHYS_MAPPING -> {
                return -Errno.ENOSYS;
            }
            case MemoryOp.XENMEM_ADD_TO_PHYSMAP -> {
                return addToPhysmap(v, cmd, arg);
            }
            case MemoryOp.XENMEM_INCREASE_RESERVATION, MemoryOp.XENMEM_DECREASE_RESERVATION,
                 MemoryOp.XENMEM_POPULATE_PHYSMAP -> {
                long start = cmd >>> 6;
                if (MemoryOp.nothingToDo(v, v.guest().read64(arg + 8), v.guest().read16(arg + 24), start)) {
                    return start;
                }
                v.domain().emit(new MachineEvent.Hint(v.cpu().instructionCount, v.id(), v.cpu().rip,
                        "XenScope does not model reservation changes for PVH guests yet (-ENOSYS)"));
                return -Errno.ENOSYS;
            }
            case MemoryOp.XENMEM_EXCHANGE -> {
                v.domain().emit(new MachineEvent.Hint(v.cpu().instructionCount, v.id(), v.cpu().rip,
                        "XenScope does not model reservation changes for PVH guests yet (-ENOSYS)"));
                return -Errno.ENOSYS;
            }
            case MemoryOp.XENMEM_MEMORY_MAP -> {
                return MemoryOp.call(v, cmd, arg);
            }
            default -> {
                return MemoryOp.call(v, cmd, arg);
            }
        }
    }

    /**
     * XENMEM_add_to_physmap as do_memory_op checks it, for every guest type: a continuation start
     * beyond xatp.size's range is -EDOM, gmfn_foreign -ENOSYS (batch only), then the domain, then
     * xatp_permission_check (a PV guest is not translated: -EACCES; dev_mmio is dom0's: -EACCES).
     */
    static long addToPhysmap(Vcpu v, long cmd, long arg) {
        GuestMemory g = v.guest();
        Domain d = v.domain();
        if ((cmd >>> 6) > 0xffff) {
            return -Errno.EDOM;
        }
        int domid = g.read16(arg);
        int space = g.read32(arg + 4);
        long idx = g.read64(arg + 8);
        long gpfn = g.read64(arg + 16);
        if (space == XENMAPSPACE_GMFN_FOREIGN) {
            return -Errno.ENOSYS;
        }
        if (domid != FrameTable.DOMID_SELF && domid != d.domid()) {
            return domid == 0 ? -Errno.EPERM : -Errno.ESRCH;
        }
        if (!d.hvm || space == XENMAPSPACE_DEV_MMIO) {
            return -Errno.EACCES;
        }
        long mfn;
        switch (space) {
            case XENMAPSPACE_SHARED_INFO -> {
                if (idx != 0) {
                    return -Errno.EINVAL;
                }
                mfn = d.sharedInfoMfn();
            }
            case XENMAPSPACE_GRANT_TABLE -> {
                if ((idx & XENMAPIDX_GRANT_TABLE_STATUS) != 0) {
                    return -Errno.EINVAL; // status frames exist only with grant table v2
                }
                if (idx >= d.grantTable().maxFrames()) {
                    return -Errno.EINVAL;
                }
                long[] frames = d.grantTable().frames((int) idx + 1);
                if (frames == null) {
                    return -Errno.EINVAL;
                }
                mfn = frames[(int) idx];
            }
            case XENMAPSPACE_GMFN, XENMAPSPACE_GMFN_RANGE -> {
                v.domain().emit(new MachineEvent.Hint(v.cpu().instructionCount, v.id(), v.cpu().rip,
                        "XENMAPSPACE_gmfn(_range) is not modelled by XenScope yet (-EOPNOTSUPP)"));
                return -Errno.EOPNOTSUPP;
            }
            default -> {
                return -Errno.EOPNOTSUPP; // xenmem_add_to_physmap_one: unknown space
            }
        }
        // the guest-physical space is [0, 4 GiB) here; the special pages and RAM lie inside it
        if (gpfn < 0 || gpfn >= (1L << 20)) {
            return -Errno.EINVAL;
        }
        d.memory().aliasFrame(gpfn, mfn);
        d.mmu().m2p().set(mfn, gpfn); // guest_physmap_add_page: set_gpfn_from_mfn
        if (space == XENMAPSPACE_SHARED_INFO) {
            d.sharedInfoGpfn = gpfn;
        }
        for (Vcpu each : d.vcpus()) {
            each.cpu().mmu.flushAll();
        }
        return 0;
    }
}
