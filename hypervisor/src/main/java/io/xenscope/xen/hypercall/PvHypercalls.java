package io.xenscope.xen.hypercall;

import io.xenscope.xen.HypercallDispatcher;

/** The hypercalls a 64-bit PV domain has, by number (pv_hypercall_table). */
public final class PvHypercalls {
    private PvHypercalls() {
    }

    public static void registerAll(HypercallDispatcher t) {
        t.register(SetTrapTable.NR, (v, a, b, c, d, e, f) -> SetTrapTable.call(v, a));
        t.register(MmuOps.NR_MMU_UPDATE, (v, a, b, c, d, e, f) -> MmuOps.mmuUpdate(v, a, b, c, d));
        t.register(DescriptorTables.NR_SET_GDT, (v, a, b, c, d, e, f) -> DescriptorTables.setGdt(v, a, b));
        t.register(CpuStateOps.NR_STACK_SWITCH, (v, a, b, c, d, e, f) -> CpuStateOps.stackSwitch(v, a, b));
        t.register(CallbackOp.NR_SET_CALLBACKS, (v, a, b, c, d, e, f) -> CallbackOp.setCallbacks(v, a, b, c));
        t.register(CpuStateOps.NR_FPU_TASKSWITCH, (v, a, b, c, d, e, f) -> CpuStateOps.fpuTaskswitch(v, a));
        t.register(SchedOp.NR_COMPAT, (v, a, b, c, d, e, f) -> SchedOp.compat(v, a, b));
        t.register(DescriptorTables.NR_UPDATE_DESCRIPTOR, (v, a, b, c, d, e, f) -> DescriptorTables.updateDescriptor(v, a, b));
        t.register(MemoryOp.NR, (v, a, b, c, d, e, f) -> MemoryOp.call(v, a, b));
        t.register(Multicall.NR, (v, a, b, c, d, e, f) -> Multicall.call(v, a, b));
        t.register(MmuOps.NR_UPDATE_VA_MAPPING, (v, a, b, c, d, e, f) -> MmuOps.updateVaMapping(v, a, b, c));
        t.register(SchedOp.NR_SET_TIMER_OP, (v, a, b, c, d, e, f) -> SchedOp.setTimerOp(v, a));
        t.register(EventChannelOp.NR_COMPAT, (v, a, b, c, d, e, f) -> EventChannelOp.compat(v, a));
        t.register(XenVersion.NR, (v, a, b, c, d, e, f) -> XenVersion.call(v, a, b));
        t.register(ConsoleIo.NR, (v, a, b, c, d, e, f) -> ConsoleIo.call(v, a, b, c));
        t.register(PhysdevOp.NR_COMPAT, (v, a, b, c, d, e, f) -> PhysdevOp.compat(v, a));
        t.register(GrantTableOp.NR, (v, a, b, c, d, e, f) -> GrantTableOp.call(v, a, b, c));
        t.register(VmAssist.NR, (v, a, b, c, d, e, f) -> VmAssist.call(v, a, b));
        t.register(MmuOps.NR_UPDATE_VA_MAPPING_OTHERDOMAIN,
                (v, a, b, c, d, e, f) -> MmuOps.updateVaMappingOtherdomain(v, a, b, c, d));
        t.register(Iret.NR, (v, a, b, c, d, e, f) -> Iret.call(v));
        t.register(VcpuOp.NR, (v, a, b, c, d, e, f) -> VcpuOp.call(v, a, b, c));
        t.register(CpuStateOps.NR_SET_SEGMENT_BASE, (v, a, b, c, d, e, f) -> CpuStateOps.setSegmentBase(v, a, b));
        t.register(MmuOps.NR_MMUEXT_OP, (v, a, b, c, d, e, f) -> MmuOps.mmuextOp(v, a, b, c, d));
        t.register(SchedOp.NR, (v, a, b, c, d, e, f) -> SchedOp.call(v, a, b));
        t.register(CallbackOp.NR, (v, a, b, c, d, e, f) -> CallbackOp.call(v, a, b));
        t.register(EventChannelOp.NR, (v, a, b, c, d, e, f) -> EventChannelOp.call(v, a, b));
        t.register(PhysdevOp.NR, (v, a, b, c, d, e, f) -> PhysdevOp.call(v, a, b));
    }
}
