package io.xenscope.xen.hypercall;

import io.xenscope.xen.Domain;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;

/**
 * HYPERVISOR_vm_assist(cmd, type) (xen/common/domain.c vm_assist). Valid types for a 64-bit PV
 * domain (NATIVE_VM_ASSIST_VALID): 4gb_segments, 4gb_segments_notify, writable_pagetables,
 * pae_extended_cr3, architectural_iopl, runstate_update_flag, m2p_strict. writable_pagetables
 * turns on the emulation of direct stores into L1 tables ({@code xen.PvRoPageFault}).
 */
public final class VmAssist {
    public static final int NR = 21;
    public static final int VMASST_CMD_ENABLE = 0, VMASST_CMD_DISABLE = 1;
    static final long VALID = 1L << Domain.VMASST_TYPE_4GB_SEGMENTS | 1L << Domain.VMASST_TYPE_4GB_SEGMENTS_NOTIFY
            | 1L << Domain.VMASST_TYPE_WRITABLE_PAGETABLES | 1L << Domain.VMASST_TYPE_PAE_EXTENDED_CR3
            | 1L << Domain.VMASST_TYPE_ARCHITECTURAL_IOPL | 1L << Domain.VMASST_TYPE_RUNSTATE_UPDATE_FLAG
            | 1L << Domain.VMASST_TYPE_M2P_STRICT;
    /** HVM_VM_ASSIST_VALID (asm-x86/config.h): an HVM or PVH guest may only ask for runstate_update_flag. */
    static final long HVM_VALID = 1L << Domain.VMASST_TYPE_RUNSTATE_UPDATE_FLAG;

    private VmAssist() {
    }

    /** do_vm_assist(unsigned int cmd, unsigned int type): both arguments are 32-bit. */
    public static long call(Vcpu v, long cmd, long type64) {
        return call(v, cmd, type64, VALID);
    }

    /** The HVM table's vm_assist: the same call with HVM_VM_ASSIST_VALID. */
    public static long callHvm(Vcpu v, long cmd, long type64) {
        return call(v, cmd, type64, HVM_VALID);
    }

    private static long call(Vcpu v, long cmd, long type64, long valid) {
        int type = (int) type64;
        if (Integer.compareUnsigned(type, 63) > 0 || (valid >>> type & 1) == 0) {
            return -Errno.EINVAL;
        }
        Domain d = v.domain();
        switch ((int) cmd) {
            case VMASST_CMD_ENABLE -> d.vmAssist |= 1L << type;
            case VMASST_CMD_DISABLE -> d.vmAssist &= ~(1L << type);
            default -> {
                return -Errno.ENOSYS;
            }
        }
        if (type == Domain.VMASST_TYPE_M2P_STRICT) {
            d.mmuDomain().setM2pStrict(d.vmAssist(Domain.VMASST_TYPE_M2P_STRICT));
        }
        return 0;
    }
}
