package io.xenscope.xen.hypercall;

import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.PerdomainArea;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;
import io.xenscope.xen.mm.FrameTable;
import io.xenscope.xen.mm.FrameType;

/**
 * set_gdt and update_descriptor (xen/arch/x86/pv/descriptor-tables.c). GDT frames take the
 * seg_desc type (so they cannot be mapped writable); descriptors pass check_descriptor(): code and
 * data segments get DPL 3 (a 64-bit PV kernel runs in ring 3), system descriptors other than
 * call gates are refused.
 */
public final class DescriptorTables {
    public static final int NR_SET_GDT = 2, NR_UPDATE_DESCRIPTOR = 10;

    private DescriptorTables() {
    }

    /** check_descriptor() for a 64-bit PV domain; returns the (possibly rewritten) descriptor, or null if refused. */
    public static Long checkDescriptor(long desc) {
        long b = desc >>> 32;
        if ((b & (1 << 15)) == 0) {
            return desc; // not present: anything goes
        }
        if ((b & (1 << 12)) == 0) {
            int type = (int) (b >>> 8) & 0xf;
            return type == 0xc ? desc : null; // only call gates
        }
        if ((b & (3 << 13)) != 3 << 13) {
            b |= 3 << 13; // DPL raised to the guest kernel's RPL
        }
        return (b << 32) | (desc & 0xffffffffL);
    }

    public static long setGdt(Vcpu v, long frameList, long entries) {
        if (Long.compareUnsigned(entries, PerdomainArea.FIRST_RESERVED_GDT_ENTRY) > 0) {
            return -Errno.EINVAL;
        }
        int nrFrames = (int) ((entries * 8 + 4095) / 4096);
        GuestMemory g = v.guest();
        long[] mfns = new long[nrFrames];
        for (int i = 0; i < nrFrames; i++) {
            mfns[i] = g.read64(frameList + 8L * i);
        }
        return setGdtFrames(v, mfns);
    }

    /** pv_set_gdt(): each frame must be the domain's and take the seg_desc type; the old frames are released. */
    static long setGdtFrames(Vcpu v, long[] mfns) {
        int nrFrames = mfns.length;
        FrameTable ft = v.domain().frames();
        int taken = 0;
        for (; taken < nrFrames; taken++) {
            long m = mfns[taken];
            if (!ft.isValid(m) || ft.owner(m) != v.domain().domid()
                    || ft.getPageType(m, FrameType.SEG_DESC, v.domain().mmu()) != 0) {
                break;
            }
        }
        if (taken < nrFrames) {
            for (int i = 0; i < taken; i++) {
                ft.putPageType(mfns[i], v.domain().mmu());
            }
            return -Errno.EINVAL;
        }
        long[] old = v.gdtFrames;
        v.gdtFrames = mfns;
        for (long m : old) {
            ft.putPageType(m, v.domain().mmu());
        }
        v.domain().perdomain().setGuestGdt(v.id(), mfns);
        v.cpu().mmu.flushAll();
        return 0;
    }

    /** update_descriptor(maddr, desc): one 8-byte entry of a frame that can be a descriptor table. */
    public static long updateDescriptor(Vcpu v, long maddr, long desc) {
        if ((maddr & 7) != 0) {
            return -Errno.EINVAL;
        }
        long mfn = maddr >>> 12;
        FrameTable ft = v.domain().frames();
        if (!ft.isValid(mfn) || ft.owner(mfn) != v.domain().domid()) {
            return -Errno.EINVAL;
        }
        Long checked = checkDescriptor(desc);
        if (checked == null) {
            return -Errno.EINVAL;
        }
        if (ft.getPageType(mfn, FrameType.SEG_DESC, v.domain().mmu()) != 0) {
            return -Errno.EINVAL;
        }
        v.cpu().memory.write64(maddr, checked);
        ft.putPageType(mfn, v.domain().mmu());
        return 0;
    }
}
