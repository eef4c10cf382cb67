/* SPDX-License-Identifier: MIT */
/* Trap table, event/failsafe callbacks, and the fatal-exception reporter. */
#include <xenscope/xenscope.h>
#include <xen/callback.h>

#ifndef XS_PVH    /* PVH takes exceptions through its own IDT: arch/x86_64/pvh/start.c */

/* Entry points in head.S */
#define DECLARE_TRAP(n) extern char n[]
DECLARE_TRAP(xs_trap_divide_error);
DECLARE_TRAP(xs_trap_debug);
DECLARE_TRAP(xs_trap_int3);
DECLARE_TRAP(xs_trap_overflow);
DECLARE_TRAP(xs_trap_bounds);
DECLARE_TRAP(xs_trap_invalid_op);
DECLARE_TRAP(xs_trap_device_not_available);
DECLARE_TRAP(xs_trap_double_fault);
DECLARE_TRAP(xs_trap_coproc_seg_overrun);
DECLARE_TRAP(xs_trap_invalid_tss);
DECLARE_TRAP(xs_trap_segment_not_present);
DECLARE_TRAP(xs_trap_stack_segment);
DECLARE_TRAP(xs_trap_general_protection);
DECLARE_TRAP(xs_trap_page_fault);
DECLARE_TRAP(xs_trap_coprocessor_error);
DECLARE_TRAP(xs_trap_alignment_check);
DECLARE_TRAP(xs_trap_simd_error);
DECLARE_TRAP(xs_trap_virtualisation);
DECLARE_TRAP(xs_trap_control_protection);
extern char xs_hypervisor_callback[], xs_failsafe_callback[];

/* flags: DPL in bits 0-1; 4 = mask events on entry. int3/into are reachable from DPL 3. */
#define T(vec, dpl, fn) { vec, (uint8_t)(4 | (dpl)), FLAT_KERNEL_CS, (unsigned long)fn }
static const trap_info_t trap_table[] = {
    T(0, 0, xs_trap_divide_error),
    T(1, 0, xs_trap_debug),
    T(3, 3, xs_trap_int3),
    T(4, 3, xs_trap_overflow),
    T(5, 0, xs_trap_bounds),
    T(6, 0, xs_trap_invalid_op),
    T(7, 0, xs_trap_device_not_available),
    T(8, 0, xs_trap_double_fault),
    T(9, 0, xs_trap_coproc_seg_overrun),
    T(10, 0, xs_trap_invalid_tss),
    T(11, 0, xs_trap_segment_not_present),
    T(12, 0, xs_trap_stack_segment),
    T(13, 0, xs_trap_general_protection),
    T(14, 0, xs_trap_page_fault),
    T(16, 0, xs_trap_coprocessor_error),
    T(17, 0, xs_trap_alignment_check),
    T(19, 0, xs_trap_simd_error),
    T(20, 0, xs_trap_virtualisation),
    T(21, 0, xs_trap_control_protection),
    { 0, 0, 0, 0 }              /* terminator */
};

/* What head.S leaves on the stack for xs_do_trap (lowest address first). */
struct xs_trap_frame {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11_xen, r10, r9, r8;
    uint64_t rax, rcx_xen, rdx, rsi, rdi;
    uint64_t vector, has_error_code;
    /* Xen's bounce frame: rcx, r11, [error code], rip, cs, rflags, rsp, ss */
    uint64_t xen[8];
};

void xs_do_trap(struct xs_trap_frame *f) __noreturn;
void xs_do_trap(struct xs_trap_frame *f)
{
    /* Xen's frame: rcx, r11, [error code], rip, cs, rflags, rsp, ss */
    uint64_t rcx = f->xen[0], r11 = f->xen[1];
    uint64_t err = f->has_error_code ? f->xen[2] : 0;
    const uint64_t *ret = f->has_error_code ? f->xen + 3 : f->xen + 2;   /* rip.. */

    printk("\n*** Unhandled exception %lu (%s) in the guest kernel\n", (unsigned long)f->vector,
           xs_trap_name(f->vector));
    printk("Xen PV exception frame:\n");
    printk("  rcx    %016lx  r11 %016lx\n", (unsigned long)rcx, (unsigned long)r11);
    if (f->has_error_code)
        printk("  error  %016lx\n", (unsigned long)err);
    printk("  rip    %016lx  cs  %04lx (upcall mask saved %lu)\n", (unsigned long)ret[0],
           (unsigned long)(ret[1] & 0xffff), (unsigned long)((ret[1] >> 32) & 0xff));
    printk("  rflags %016lx\n", (unsigned long)ret[2]);
    printk("  rsp    %016lx  ss  %04lx\n", (unsigned long)ret[3], (unsigned long)(ret[4] & 0xffff));
    if (f->vector == 14)
        printk("  cr2    %016lx (%s, %s, %s)\n",
               HYPERVISOR_shared_info->vcpu_info[0].arch.cr2,
               (err & 1) ? "protection" : "not present", (err & 2) ? "write" : "read",
               (err & 16) ? "instruction fetch" : "data");
    printk("Registers:\n");
    printk("  rax %016lx rbx %016lx rdx %016lx\n", (unsigned long)f->rax, (unsigned long)f->rbx,
           (unsigned long)f->rdx);
    printk("  rsi %016lx rdi %016lx rbp %016lx\n", (unsigned long)f->rsi, (unsigned long)f->rdi,
           (unsigned long)f->rbp);
    printk("  r8  %016lx r9  %016lx r10 %016lx\n", (unsigned long)f->r8, (unsigned long)f->r9,
           (unsigned long)f->r10);
    printk("  r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n", (unsigned long)f->r12,
           (unsigned long)f->r13, (unsigned long)f->r14, (unsigned long)f->r15);
    shutdown(SHUTDOWN_crash);
}

void xs_do_failsafe(const uint64_t *frame) __noreturn;
void xs_do_failsafe(const uint64_t *frame)
{
    printk("\n*** Failsafe callback: Xen could not load a segment register on return\n");
    printk("  ds %04lx es %04lx fs %04lx gs %04lx\n", (unsigned long)frame[0],
           (unsigned long)frame[1], (unsigned long)frame[2], (unsigned long)frame[3]);
    printk("  rip %016lx cs %04lx\n", (unsigned long)frame[6], (unsigned long)(frame[7] & 0xffff));
    shutdown(SHUTDOWN_crash);
}

void xs_traps_init(void);
void xs_traps_init(void)
{
    int rc = HYPERVISOR_set_trap_table(trap_table);
    if (rc)
        panic("set_trap_table failed: %d", rc);

    callback_register_t event = {
        .type = CALLBACKTYPE_event, .flags = 0, .address = (unsigned long)xs_hypervisor_callback,
    };
    callback_register_t failsafe = {
        .type = CALLBACKTYPE_failsafe, .flags = CALLBACKF_mask_events,
        .address = (unsigned long)xs_failsafe_callback,
    };
    rc = HYPERVISOR_callback_op(CALLBACKOP_register, &event);
    if (rc)
        panic("CALLBACKOP_register(event) failed: %d", rc);
    rc = HYPERVISOR_callback_op(CALLBACKOP_register, &failsafe);
    if (rc)
        panic("CALLBACKOP_register(failsafe) failed: %d", rc);
}
#endif /* !XS_PVH */
