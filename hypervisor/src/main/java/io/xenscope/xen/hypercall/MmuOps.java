package io.xenscope.xen.hypercall;

import io.xenscope.cpu.Cpu;
import io.xenscope.xen.GuestFaultOnCopy;
import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;
import io.xenscope.xen.mm.FlushRequest;
import io.xenscope.xen.mm.FrameTable;
import io.xenscope.xen.mm.MmuResult;
import io.xenscope.xen.mm.MmuUpdate;
import io.xenscope.xen.mm.MmuextOp;

import java.util.ArrayList;
import java.util.List;

/**
 * mmu_update, update_va_mapping, update_va_mapping_otherdomain and mmuext_op: the arguments are
 * copied from the guest and handed to {@link io.xenscope.xen.mm.PvMmu} (which follows
 * xen/arch/x86/mm.c); its flush requests are carried out on this vCPU's MMU (NEW_BASEPTR reloads
 * CR3), and the number of requests done is written back through {@code pdone}.
 */
public final class MmuOps {
    public static final int NR_MMU_UPDATE = 1, NR_UPDATE_VA_MAPPING = 14, NR_UPDATE_VA_MAPPING_OTHERDOMAIN = 22,
            NR_MMUEXT_OP = 26;
    static final int MMU_UPDATE_PREEMPTED = 1 << 31;

    private MmuOps() {
    }

    public static long mmuUpdate(Vcpu v, long ureqs, long count, long pdone, long foreigndom) {
        GuestMemory g = v.guest();
        int n = (int) (count & ~MMU_UPDATE_PREEMPTED & 0xffffffffL);
        List<MmuUpdate> reqs = new ArrayList<>();
        boolean fault = false;
        try {
            for (int i = 0; i < n; i++) {
                reqs.add(new MmuUpdate(g.read64(ureqs + 16L * i), g.read64(ureqs + 16L * i + 8)));
            }
        } catch (GuestFaultOnCopy e) {
            fault = true;
        }
        MmuResult r = v.domain().mmu().mmuUpdate(v.domain().domid(), v.id(), reqs, (int) foreigndom & 0xffff);
        apply(v, r.flushes());
        int rc = r.rc() == 0 && fault ? -Errno.EFAULT : r.rc();
        if (pdone != 0) {
            g.write32(pdone, r.done());
        }
        return rc;
    }

    public static long updateVaMapping(Vcpu v, long va, long val, long flags) {
        MmuResult r = v.domain().mmu().updateVaMapping(v.domain().domid(), v.id(), va, val, flags);
        apply(v, r.flushes());
        return r.rc();
    }

    public static long updateVaMappingOtherdomain(Vcpu v, long va, long val, long flags, long domid) {
        if ((domid & 0xffff) != FrameTable.DOMID_SELF && (domid & 0xffff) != v.domain().domid()) {
            return -Errno.EPERM;
        }
        return updateVaMapping(v, va, val, flags);
    }

    public static long mmuextOp(Vcpu v, long uops, long count, long pdone, long foreigndom) {
        GuestMemory g = v.guest();
        int n = (int) (count & ~MMU_UPDATE_PREEMPTED & 0xffffffffL);
        List<MmuextOp> ops = new ArrayList<>();
        boolean fault = false;
        try {
            for (int i = 0; i < n; i++) {
                long base = uops + 24L * i;
                ops.add(new MmuextOp(g.read32(base), g.read64(base + 8), g.read64(base + 16)));
            }
        } catch (GuestFaultOnCopy e) {
            fault = true;
        }
        MmuResult r = v.domain().mmu().mmuextOp(v.domain().domid(), v.id(), ops, (int) foreigndom & 0xffff);
        apply(v, r.flushes());
        int rc = r.rc() == 0 && fault ? -Errno.EFAULT : r.rc();
        if (pdone != 0) {
            g.write32(pdone, r.done());
        }
        return rc;
    }

    /**
     * Carries out the flushes: local ones (and base-pointer/LDT reloads) on this vCPU, the ALL kinds
     * on every vCPU of the domain, the MULTI kinds on the vCPUs of the guest's vcpumask bitmap
     * (every vCPU if Xen cannot read it), as Xen's flush_tlb_mask over the domain's dirty CPUs.
     */
    static void apply(Vcpu v, List<FlushRequest> flushes) {
        for (FlushRequest f : flushes) {
            switch (f.kind()) {
                case TLB_FLUSH_ALL, INVLPG_ALL -> {
                    for (Vcpu t : v.domain().vcpus()) {
                        flush(t, f);
                    }
                }
                case TLB_FLUSH_MULTI, INVLPG_MULTI -> {
                    long mask = vcpuMask(v, f.vcpuMaskPtr());
                    for (Vcpu t : v.domain().vcpus()) {
                        if (t.id() >= 64 || (mask >>> t.id() & 1) != 0) {
                            flush(t, f);
                        }
                    }
                }
                default -> flush(v, f);
            }
        }
    }

    /** The first word of a vcpumask (XenScope domains have at most 8 vCPUs); all ones if unreadable. */
    private static long vcpuMask(Vcpu v, long ptr) {
        try {
            return v.guest().read64(ptr);
        } catch (GuestFaultOnCopy e) {
            return -1L;
        }
    }

    private static void flush(Vcpu v, FlushRequest f) {
        Cpu c = v.cpu();
        switch (f.kind()) {
            case INVLPG_LOCAL, INVLPG_ALL, INVLPG_MULTI -> c.mmu.invlpg(f.va());
            case BASEPTR_RELOAD -> {
                var mv = v.domain().mmuDomain().vcpu(v.id());
                long table = v.kernelMode() ? mv.guestTable() : mv.guestTableUser();
                if (table != 0) {
                    c.setCr3(table << 12);
                }
                c.mmu.flushAll();
            }
            case CACHE_FLUSH_LOCAL, CACHE_FLUSH_GLOBAL -> { }
            default -> c.mmu.flushAll();
        }
    }
}
