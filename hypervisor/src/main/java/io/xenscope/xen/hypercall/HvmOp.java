package io.xenscope.xen.hypercall;

import io.xenscope.xen.Domain;
import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.HvmParams;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;
import io.xenscope.xen.mm.FrameTable;

/**
 * HYPERVISOR_hvm_op(op, arg) (do_hvm_op, xen/arch/x86/hvm/hvm.c) as a domain sees it about itself:
 * HVMOP_set_param / get_param (struct xen_hvm_param {domid_t domid; uint32_t index @4; uint64_t
 * value @8}) with hvm_allow_set_param / hvm_allow_get_param, and
 * HVMOP_set_evtchn_upcall_vector (struct {uint32_t vcpu; uint8_t vector;}). Other ops: -ENOSYS.
 */
public final class HvmOp {
    public static final int NR = 34;
    public static final int HVMOP_SET_PARAM = 0, HVMOP_GET_PARAM = 1, HVMOP_SET_EVTCHN_UPCALL_VECTOR = 23;

    private HvmOp() {
    }

    public static long call(Vcpu v, long op, long arg) {
        return switch ((int) op) {
            case HVMOP_SET_PARAM -> param(v, arg, true);
            case HVMOP_GET_PARAM -> param(v, arg, false);
            case HVMOP_SET_EVTCHN_UPCALL_VECTOR -> setEvtchnUpcallVector(v, arg);
            default -> -Errno.ENOSYS;
        };
    }

    private static long param(Vcpu v, long arg, boolean set) {
        GuestMemory g = v.guest();
        Domain d = v.domain();
        int domid = g.read16(arg);
        int index = g.read32(arg + 4);
        long value = g.read64(arg + 8);
        if (domid != FrameTable.DOMID_SELF && domid != d.domid()) {
            return domid == 0 ? -Errno.EPERM : -Errno.ESRCH;
        }
        if (!d.hvm) {
            return -Errno.EINVAL;
        }
        if (index < 0 || index >= HvmParams.HVM_NR_PARAMS) {
            return -Errno.EINVAL;
        }
        if (set) {
            if (!HvmParams.guestMaySet(index)) {
                return -Errno.EPERM;
            }
            d.hvmParams[index] = value;
            if (index == HvmParams.HVM_PARAM_CALLBACK_IRQ && HvmParams.callbackVector(value) != 0) {
                // hvm_set_callback_via(): an event already pending is delivered on the new vector
                for (Vcpu each : d.vcpus()) {
                    if (each.upcallPending() != 0) {
                        each.kick();
                    }
                }
            }
            return 0;
        }
        if (!HvmParams.guestMayGet(index)) {
            return -Errno.EPERM;
        }
        g.write64(arg + 8, d.hvmParams[index]);
        return 0;
    }

    private static long setEvtchnUpcallVector(Vcpu v, long arg) {
        GuestMemory g = v.guest();
        int vcpu = g.read32(arg);
        int vector = g.read8(arg + 4);
        if (!v.domain().hvm) {
            return -Errno.EINVAL;
        }
        if (vector < 0x10) {
            return -Errno.EINVAL;
        }
        if (vcpu < 0 || vcpu >= v.domain().vcpus().size()) {
            return -Errno.ENOENT;
        }
        Vcpu target = v.domain().vcpu(vcpu);
        target.upcallVector = vector;
        if (target.upcallPending() != 0) {
            target.kick(); // hvm_assert_evtchn_irq()
        }
        return 0;
    }
}
