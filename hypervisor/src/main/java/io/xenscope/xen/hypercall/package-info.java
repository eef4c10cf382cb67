/**
 * One class per hypercall family of a 64-bit PV domain, registered by number in
 * {@link io.xenscope.xen.hypercall.PvHypercalls}: set_trap_table, mmu_update / update_va_mapping /
 * mmuext_op (delegating to {@link io.xenscope.xen.mm.PvMmu}), set_gdt / update_descriptor,
 * stack_switch / set_segment_base / fpu_taskswitch, set_callbacks / callback_op, sched_op (+compat)
 * and set_timer_op, memory_op, multicall, xen_version, console_io, event_channel_op (+compat),
 * physdev_op (+compat), grant_table_op, vm_assist, iret and vcpu_op. Structures are read at the
 * offsets of Xen's public headers; results are Xen's return codes.
 *
 * <h2>What real guests call, and how we answer (survey of Mini-OS and Unikraft's Xen platform)</h2>
 * Read from Mini-OS (arch/x86/mm.c, setup.c, balloon.c, gnttab) and Unikraft (plat/xen/x86/mm.c,
 * setup.c, gnttab.c, plat/xen/gnttab.c, balloon.c); "ok" means the answer follows Xen 4.17 for a
 * domU, with the sub-ops and flags these guests use. The fixed answers are specified by
 * {@code SurveyedHypercallsTest}.
 * <table>
 * <caption>Guest calls and their status here</caption>
 * <tr><th>guest</th><th>call</th><th>status</th></tr>
 * <tr><td>both, PV</td><td>mmu_update (NORMAL_PT_UPDATE batches: new tables mapped read-only then
 *     hooked in, L1 entries built from the p2m, set_readonly re-writing entries read back from the
 *     tables), update_va_mapping (shared_info {@code pa|7}, unmapping VA 0, UVMF_INVLPG),
 *     multicall of update_va_mapping, mmuext_op TLB_FLUSH_ALL with a done pointer</td><td>ok</td></tr>
 * <tr><td>Linux-derived, XTF</td><td>vm_assist(writable_pagetables) + direct stores into L1
 *     tables</td><td>ok since ptwr ({@code xen.PvRoPageFault}); stores other than
 *     mov/xchg/cmpxchg/add/sub/and/or/xor/bts/btr/btc get the #PF and a hint</td></tr>
 * <tr><td>both</td><td>memory_op maximum/current_reservation (Mini-OS PVH sizes RAM with it),
 *     memory_map</td><td>ok</td></tr>
 * <tr><td>both, PV</td><td>memory_op populate_physmap / decrease_reservation (balloon: pfns as
 *     extents)</td><td>ok; refusals return start_extent as Xen does (fixed: were errnos)</td></tr>
 * <tr><td>Mini-OS, PVH</td><td>memory_op populate_physmap (balloon_up)</td><td><b>missing</b>:
 *     -ENOSYS with a hint when there is work to do (Mini-OS's chk_free_pages then loops); empty
 *     requests answer start_extent (fixed)</td></tr>
 * <tr><td>Mini-OS, PVH</td><td>memory_op add_to_physmap shared_info (idx 0) and grant_table
 *     (idx i at reserved pfns)</td><td>ok; the frame's M2P entry is set (fixed); a PV caller gets
 *     -EACCES (fixed: was -EINVAL)</td></tr>
 * <tr><td>both, PV</td><td>grant_table_op setup_table (count 1; nr_frames 4, and 0 at fini),
 *     then mapping the returned mfns RW; query_size</td><td>ok; count other than 1 is -EINVAL
 *     (fixed); a translated guest gets gfns (fixed: were mfns); max_nr_frames is Xen 4.17's 64
 *     (fixed: was 32)</td></tr>
 * <tr><td>both</td><td>granting access by writing grant_entry_v1 (GTF_permit_access)</td><td>ok
 *     (shared frames), but <b>no backend domain</b> ever maps them: netfront/blkfront/9pfront find no
 *     backend in xenstore (grant map/copy, a dom0, device backends are missing)</td></tr>
 * <tr><td>both</td><td>event_channel_op alloc_unbound / bind_virq / bind_interdomain / send /
 *     unmask / close, sched_op block/yield/shutdown, set_timer_op, vcpu_op timers, set_callbacks,
 *     set_trap_table, console_io, xen_version, hvm_op params (PVH)</td><td>present (not re-checked
 *     in this survey: outside xen.mm's owner)</td></tr>
 * <tr><td>Linux, PV</td><td>physdev_op irq_status_query, eoi</td><td>ok: needs_eoi always set,
 *     EOI of a pirq never handed out -EINVAL (fixed: were 0 / 0)</td></tr>
 * <tr><td>Linux HVM</td><td>physdev_op map_pirq for GSIs (XENFEAT_hvm_pirqs is advertised)</td>
 *     <td><b>partly</b>: physdev_op is in the HVM table as hvm_physdev_op (eoi, irq_status_query,
 *     get_free_pirq work); map_pirq of an emulated GSI answers -EPERM (emuirq routing not modelled)</td></tr>
 * </table>
 */
package io.xenscope.xen.hypercall;
