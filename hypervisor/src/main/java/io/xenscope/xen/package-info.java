/**
 * The emulated Xen hypervisor for one domU, PV (64-bit), PVH or HVM: the domain builders
 * ({@link io.xenscope.xen.PvDomainBuilder}, {@link io.xenscope.xen.PvhDomainBuilder} and
 * {@link io.xenscope.xen.HvmDomainBuilder}, the last two sharing {@link io.xenscope.xen.HvmDomainSetup}),
 * the PV vCPU (bounce frames, privileged-instruction emulation, hypercall entry), the HVM vCPU's VM
 * exits ({@link io.xenscope.xen.HvmVcpu}) and INTR line ({@link io.xenscope.xen.HvmInterruptLine}),
 * event channels, virtual time, and the {@link io.xenscope.xen.XenMachine} facade with its typed
 * {@link io.xenscope.xen.MachineEvent}s.
 *
 * <p>Xen behaviour followed beyond the fact sheet (each checked in the Xen sources):
 * <ul>
 * <li>create_bounce_frame: the frame is 16-byte aligned; a kernel-mode frame's CS has RPL 0 (so
 *     "CS &amp; 3" tells the guest user from kernel), the saved upcall mask rides in CS bits 32-39
 *     and RFLAGS.IF in the frame is its inverse; a failsafe frame adds DS, ES, FS, GS above
 *     RCX/R11. Return to the guest follows Xen's sysret path: RCX = RIP, R11 = RFLAGS.</li>
 * <li>A #PF error code's U bit says guest user mode, not CPL (pv_inject_event).</li>
 * <li>int $n reaches the trap table only with DPL 3 (PERMIT_SOFTINT); otherwise #GP with error
 *     code (n &lt;&lt; 3) | 2 at the int instruction. int3/into always reach the table.</li>
 * <li>do_iret: CS.RPL 3 means "to user mode" and needs user page tables; RFLAGS gets IF forced
 *     on and IOPL/VM cleared; evtchn_upcall_mask = !IF; RCX/R11 restored unless VGCF_in_syscall;
 *     a selector iretq cannot load goes to the failsafe callback.</li>
 * <li>SCHEDOP_block clears evtchn_upcall_mask before sleeping; SCHEDOP_poll needs it set.</li>
 * <li>set_timer_op more than 2^50 ns away arms 100 ms; PV vCPUs start with a 10 ms periodic timer
 *     (arch_vcpu_create "100Hz ticker").</li>
 * <li>XENVER_get_features for a PV domU (not translated): memory_op_vnode_supported,
 *     mmu_pt_update_preserve_ad, highmem_assist, gnttab_map_avail_bits, direct_mapped (17).
 *     compile_info/changeset/commandline answer "&lt;denied&gt;" and build_id -EPERM (XSM dummy).</li>
 * <li>console_io write is allowed as on a debug (CONFIG_VERBOSE_DEBUG) Xen; read is -EPERM.</li>
 * <li>max_pages = nr_pages + 256 (libxl's LIBXL_MAXMEM_CONSTANT); XENMEM_memory_map is one RAM
 *     entry (xc_domain_set_memmap_limit); e820 entries are packed 20-byte records.</li>
 * <li>mapping a page-table frame writable fails with -EBUSY (get_page_from_l1e), not -EINVAL.</li>
 * <li>The toolstack allocates the xenstore port first (1), then the console port (2).</li>
 * <li>HVM: hlt with IF=0 takes the vCPU down (hvm_hlt → hvm_vcpu_down) and with no vCPU online the
 *     domain powers off; a triple fault shuts the domain down with HVM_PARAM_TRIPLE_FAULT_REASON,
 *     SHUTDOWN_reboot by default (hvm_domain_initialise); a CALLBACK_IRQ of type GSI or PCI INTx
 *     asserts its GSI while evtchn_upcall_pending is set (hvm_set_callback_irq_level,
 *     hvm_pci_intx_gsi).</li>
 * </ul>
 */
package io.xenscope.xen;
