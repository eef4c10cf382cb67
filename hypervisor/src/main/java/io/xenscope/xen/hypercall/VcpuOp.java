package io.xenscope.xen.hypercall;

import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.SharedInfo;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;
import io.xenscope.xen.mm.FrameType;

/** HYPERVISOR_vcpu_op(cmd, vcpuid, arg) (xen/common/domain.c do_vcpu_op, arch/x86/domain.c). */
public final class VcpuOp {
    public static final int NR = 24;
    public static final int VCPUOP_INITIALISE = 0, VCPUOP_UP = 1, VCPUOP_DOWN = 2, VCPUOP_IS_UP = 3,
            VCPUOP_GET_RUNSTATE_INFO = 4, VCPUOP_REGISTER_RUNSTATE_MEMORY_AREA = 5, VCPUOP_SET_PERIODIC_TIMER = 6,
            VCPUOP_STOP_PERIODIC_TIMER = 7, VCPUOP_SET_SINGLESHOT_TIMER = 8, VCPUOP_STOP_SINGLESHOT_TIMER = 9,
            VCPUOP_REGISTER_VCPU_INFO = 10, VCPUOP_SEND_NMI = 11, VCPUOP_GET_PHYSID = 12,
            VCPUOP_REGISTER_VCPU_TIME_MEMORY_AREA = 13;
    public static final int VCPU_SSHOTTMR_FUTURE = 1;
    static final long MILLISECS_1 = 1_000_000L;

    private VcpuOp() {
    }

    public static long call(Vcpu cur, long cmd, long vcpuid, long arg) {
        if (vcpuid < 0 || vcpuid >= cur.domain().vcpus().size()) {
            return -Errno.ENOENT;
        }
        Vcpu v = cur.domain().vcpu((int) vcpuid);
        GuestMemory g = cur.guest();
        switch ((int) cmd) {
            case VCPUOP_INITIALISE -> {
                return cur.domain().hvm ? HvmVcpuContext.initialise(cur, v, arg) : VcpuGuestContext.initialise(cur, v, arg);
            }
            case VCPUOP_UP -> {
                if (!v.initialised) {
                    return -Errno.EINVAL;
                }
                v.goUp();
                return 0;
            }
            case VCPUOP_DOWN -> {
                for (io.xenscope.xen.Vcpu o : cur.domain().vcpus()) {
                    if (o != v && o.up) {
                        v.goDown();
                        return 0;
                    }
                }
                cur.domain().shutdown(io.xenscope.xen.ShutdownReason.POWEROFF,
                        "VCPUOP_down of vCPU " + v.id() + ", the last vCPU up: Xen powers the domain off");
                return 0;
            }
            case VCPUOP_IS_UP -> {
                return v.up ? 1 : 0;
            }
            case VCPUOP_GET_RUNSTATE_INFO -> {
                io.xenscope.xen.Runstate.writeTo(g, arg, v.runstate().snapshot(v.now()));
                return 0;
            }
            case VCPUOP_REGISTER_RUNSTATE_MEMORY_AREA -> {
                long addr = g.read64(arg);
                if (addr != 0 && !GuestMemory.addressOk(addr)) {
                    return -Errno.EINVAL;
                }
                v.runstateArea = addr;
                if (addr != 0) {
                    try {
                        io.xenscope.xen.Runstate.writeTo(g, addr, v.runstate().snapshot(v.now()));
                    } catch (io.xenscope.xen.GuestFaultOnCopy ignored) {
                        // written again at the next change
                    }
                }
                return 0;
            }
            case VCPUOP_SET_PERIODIC_TIMER -> {
                long period = g.read64(arg);
                if (period < MILLISECS_1) {
                    return -Errno.EINVAL;
                }
                v.periodicPeriod = period;
                v.periodicNext = v.now() + period;
                return 0;
            }
            case VCPUOP_STOP_PERIODIC_TIMER -> {
                v.periodicPeriod = 0;
                return 0;
            }
            case VCPUOP_SET_SINGLESHOT_TIMER -> {
                if (v != cur) {
                    return -Errno.EINVAL;
                }
                long timeout = g.read64(arg);
                int flags = g.read32(arg + 8);
                if ((flags & VCPU_SSHOTTMR_FUTURE) != 0 && timeout < v.now()) {
                    return -Errno.ETIME;
                }
                v.singleshotDeadline = timeout;
                return 0;
            }
            case VCPUOP_STOP_SINGLESHOT_TIMER -> {
                if (v != cur) {
                    return -Errno.EINVAL;
                }
                v.singleshotDeadline = -1;
                return 0;
            }
            case VCPUOP_REGISTER_VCPU_INFO -> {
                return registerVcpuInfo(v, g.read64(arg), g.read32(arg + 8));
            }
            case VCPUOP_REGISTER_VCPU_TIME_MEMORY_AREA -> {
                // struct vcpu_register_time_memory_area {union {XEN_GUEST_HANDLE(vcpu_time_info_t) h; uint64_t p;} addr;}
                long addr = g.read64(arg);
                if (addr != 0 && (!GuestMemory.addressOk(addr) || (addr & 7) != 0)) {
                    return -Errno.EINVAL;
                }
                v.timeArea = addr;
                v.updateSystemTime();
                return 0;
            }
            case VCPUOP_GET_PHYSID -> {
                return -Errno.EINVAL;
            }
            case VCPUOP_SEND_NMI -> {
                return -Errno.ENOSYS;
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }

    /**
     * map_vcpu_info(): struct vcpu_register_vcpu_info {uint64_t mfn; uint32_t offset; uint32_t rsvd;}.
     * The frame must be the domain's and writable; the current contents move there, and everything
     * is marked pending so no event is lost.
     */
    static long registerVcpuInfo(Vcpu v, long mfn, int offset) {
        if (v.vcpuInfoRegistered) {
            return -Errno.EINVAL;
        }
        if (offset < 0 || offset > 4096 - SharedInfo.VCPU_INFO_SIZE || (offset & 7) != 0) {
            return -Errno.EINVAL;
        }
        var ft = v.domain().frames();
        if (!ft.isValid(mfn) || ft.owner(mfn) != v.domain().domid()) {
            return -Errno.EINVAL;
        }
        if (ft.getPageType(mfn, FrameType.WRITABLE, v.domain().mmu()) != 0) {
            return -Errno.EINVAL;
        }
        var mem = v.cpu().memory;
        long dst = (mfn << 12) + offset;
        byte[] old = new byte[SharedInfo.VCPU_INFO_SIZE];
        mem.readBytes(v.vcpuInfoMaddr, old, 0, old.length);
        mem.writeBytes(dst, old, 0, old.length);
        v.vcpuInfoMaddr = dst;
        v.vcpuInfoRegistered = true;
        mem.write8(dst + SharedInfo.VI_UPCALL_PENDING, 1);
        mem.write64(dst + SharedInfo.VI_PENDING_SEL, -1L);
        v.updateSystemTime();
        return 0;
    }
}
