/**
 * PV memory management as Xen does it for 64-bit PV guests (xen/arch/x86/mm.c, pv/mm.h), with a
 * reason for every refusal.
 *
 * <p>{@link io.xenscope.xen.mm.FrameTable} is Xen's {@code page_info} array (owner, general count,
 * type, type count, validated, pinned, linear_pt_count) and its type state machine.
 * {@link io.xenscope.xen.mm.PvMmu} implements {@code mmu_update}, {@code update_va_mapping},
 * {@code mmuext_op}, {@code promote/demote_lN_table}, {@code get/put_page_from_lNe},
 * {@code mod_lN_entry}, {@code new_guest_cr3}, {@code ptwr_emulated_update} (a direct store into an
 * L1 table, decoded by {@code xen.PvRoPageFault}), and the builder's installation of the initial tables
 * (pin L4 + base pointer, as libxc + arch_set_info_guest do). {@link io.xenscope.xen.mm.M2pTable} is
 * the machine-to-phys table in Xen frames, mapped read-only at 0xFFFF800000000000.
 *
 * <p>Behaviour we follow, beyond the obvious:
 * <ul>
 * <li>An MMU_NORMAL_PT_UPDATE whose frame is not a page table in use is a plain write if the frame
 *     can take a writable type reference (Xen's page_lock fallback), not an error.</li>
 * <li>Xen rewrites entries when it validates or installs them: L1 kernel entries gain USER and
 *     _PAGE_GUEST_KERNEL (bit 52), L1 user entries gain GLOBAL; L2/L3 gain USER; L4 gain USER and
 *     ACCESSED. PRESERVE_AD keeps A/D bits already set.</li>
 * <li>L4 slots 256-271 are skipped during validation and then overwritten: slot 258 holds the
 *     linear self-map (supervisor-only), slot 256 the read-only M2P when VMASST m2p_strict is on,
 *     otherwise from the first NEW_BASEPTR on; the other Xen slots are left empty here.</li>
 * <li>Fast path: an update changing only NX/AVAIL/GLOBAL/DIRTY/ACCESSED/USER of a present entry
 *     with the same frame takes no new references.</li>
 * <li>A failed validation drops every reference it took before returning (Xen defers part of that
 *     to old_guest_table; the end state is the same).</li>
 * <li>ptwr: a direct store into an L1 is checked like get_page_from_l1e but without mod_l1_entry's
 *     fast path (ptwr_emulated_update always takes the new references, then drops the old ones); a
 *     cmpxchg whose compare fails drops the references it took and writes nothing.</li>
 * </ul>
 *
 * <p>Not modelled: preemption/continuations (-ERESTART), shadow/translated (HVM) paging,
 * PV L1TF mitigation (non-present entries are always accepted), grant-table and foreign mappings
 * beyond the privileged L1 case, cache-attribute tracking of RAM frames (PGC_cacheattr,
 * -EACCES on Xen-heap pages), check_descriptor for descriptor pages, mmio_ro_ranges, 32-bit PV
 * (PAE L3 slot 3 rules; ptwr's fix-up of PAE half-writes), XPTI's per-CPU root tables, vcpumask copying
 * (the caller reads the mask), and the #DB Xen raises after emulating a single-stepped ptwr store.
 */
package io.xenscope.xen.mm;
