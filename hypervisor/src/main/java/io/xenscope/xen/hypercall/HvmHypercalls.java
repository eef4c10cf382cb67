package io.xenscope.xen.hypercall;

import io.xenscope.xen.HypercallDispatcher;
import io.xenscope.xen.mm.Errno;

/**
 * The hypercalls of an HVM container (hvm_hypercall_table, xen/arch/x86/hvm/hypercall.c) that
 * XenScope models: memory_op (hvm_memory_op), grant_table_op (hvm_grant_table_op: only
 * query_size, setup_table, set_version, get_version, copy, map/unmap_grant_ref, swap_grant_ref),
 * vcpu_op, xen_version, console_io, event_channel_op, sched_op, set_timer_op, hvm_op, vm_assist
 * (HVM_VM_ASSIST_VALID: runstate_update_flag only), physdev_op (hvm_physdev_op: the pirq calls,
 * for a domain with pirqs; map/unmap_pirq answer as for a PV domU, emulated-IRQ routing through
 * pirqs is not modelled). The PV-only
 * ones (mmu_update, set_trap_table, iret, callback_op, ...) are not in the table: -ENOSYS.
 */
public final class HvmHypercalls {
    private HvmHypercalls() {
    }

    public static void registerAll(HypercallDispatcher t) {
        t.register(MemoryOp.NR, (v, a, b, c, d, e, f) -> HvmMemoryOp.call(v, a, b));
        t.register(GrantTableOp.NR, (v, a, b, c, d, e, f) -> switch ((int) a) {
            case GrantTableOp.GNTTABOP_MAP_GRANT_REF, GrantTableOp.GNTTABOP_UNMAP_GRANT_REF,
                 GrantTableOp.GNTTABOP_SETUP_TABLE, GrantTableOp.GNTTABOP_COPY, GrantTableOp.GNTTABOP_QUERY_SIZE,
                 GrantTableOp.GNTTABOP_SET_VERSION, GrantTableOp.GNTTABOP_GET_VERSION, 11 -> GrantTableOp.call(v, a, b, c);
            default -> -Errno.ENOSYS;
        });
        t.register(VcpuOp.NR, (v, a, b, c, d, e, f) -> VcpuOp.call(v, a, b, c));
        t.register(XenVersion.NR, (v, a, b, c, d, e, f) -> XenVersion.call(v, a, b));
        t.register(ConsoleIo.NR, (v, a, b, c, d, e, f) -> ConsoleIo.call(v, a, b, c));
        t.register(EventChannelOp.NR, (v, a, b, c, d, e, f) -> EventChannelOp.call(v, a, b));
        t.register(SchedOp.NR, (v, a, b, c, d, e, f) -> SchedOp.call(v, a, b));
        t.register(SchedOp.NR_SET_TIMER_OP, (v, a, b, c, d, e, f) -> SchedOp.setTimerOp(v, a));
        t.register(HvmOp.NR, (v, a, b, c, d, e, f) -> HvmOp.call(v, a, b));
        t.register(VmAssist.NR, (v, a, b, c, d, e, f) -> VmAssist.callHvm(v, a, b));
        t.register(PhysdevOp.NR, (v, a, b, c, d, e, f) -> PhysdevOp.callHvm(v, a, b));
    }
}
