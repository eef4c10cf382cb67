package io.xenscope.xen.hypercall;

import io.xenscope.cpu.Cpu;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;

/**
 * The small vCPU-state hypercalls of a 64-bit PV kernel: stack_switch (the kernel stack Xen
 * switches to on a user → kernel transition), set_segment_base (FS/GS bases, the user GS
 * selector) and fpu_taskswitch (CR0.TS).
 */
public final class CpuStateOps {
    public static final int NR_STACK_SWITCH = 3, NR_FPU_TASKSWITCH = 5, NR_SET_SEGMENT_BASE = 25;
    public static final int SEGBASE_FS = 0, SEGBASE_GS_USER = 1, SEGBASE_GS_KERNEL = 2, SEGBASE_GS_USER_SEL = 3;

    private CpuStateOps() {
    }

    public static long stackSwitch(Vcpu v, long ss, long sp) {
        v.kernelSs = (ss & 0xffff) | 3; // fixup_guest_stack_selector
        v.kernelSp = sp;
        return 0;
    }

    public static long fpuTaskswitch(Vcpu v, long set) {
        Cpu c = v.cpu();
        c.setCr0(set != 0 ? c.cr0 | Cpu.CR0_TS : c.cr0 & ~Cpu.CR0_TS);
        return 0;
    }

    public static long setSegmentBase(Vcpu v, long which, long base) {
        Cpu c = v.cpu();
        boolean canonical = (base << 16) >> 16 == base;
        switch ((int) which) {
            case SEGBASE_FS -> {
                if (!canonical) {
                    return -Errno.EINVAL;
                }
                c.seg[Cpu.FS].base = base;
            }
            case SEGBASE_GS_USER -> {
                if (!canonical) {
                    return -Errno.EINVAL;
                }
                if (v.kernelMode()) {
                    c.msr.kernelGsBase = base;
                } else {
                    c.seg[Cpu.GS].base = base;
                }
            }
            case SEGBASE_GS_KERNEL -> {
                if (!canonical) {
                    return -Errno.EINVAL;
                }
                if (v.kernelMode()) {
                    c.seg[Cpu.GS].base = base;
                } else {
                    c.msr.kernelGsBase = base;
                }
            }
            case SEGBASE_GS_USER_SEL -> {
                // load the user GS selector (swapgs; mov sel,%gs; swapgs): a null selector clears the base
                int sel = (int) base & 0xffff;
                if (sel < 4) {
                    if (v.kernelMode()) {
                        c.msr.kernelGsBase = 0;
                    }
                    return 0;
                }
                return sel == io.xenscope.xen.PvTraps.FLAT_KERNEL_DS ? 0 : -Errno.EINVAL;
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
        return 0;
    }
}
