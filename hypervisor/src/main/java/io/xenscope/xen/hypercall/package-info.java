/**
 * One class per hypercall family of a 64-bit PV domain, registered by number in
 * {@link io.xenscope.xen.hypercall.PvHypercalls}: set_trap_table, mmu_update / update_va_mapping /
 * mmuext_op (delegating to {@link io.xenscope.xen.mm.PvMmu}), set_gdt / update_descriptor,
 * stack_switch / set_segment_base / fpu_taskswitch, set_callbacks / callback_op, sched_op (+compat)
 * and set_timer_op, memory_op, multicall, xen_version, console_io, event_channel_op (+compat),
 * physdev_op (+compat), grant_table_op, vm_assist, iret and vcpu_op. Structures are read at the
 * offsets of Xen's public headers; results are Xen's return codes.
 */
package io.xenscope.xen.hypercall;
