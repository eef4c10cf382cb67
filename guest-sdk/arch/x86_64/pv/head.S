/* SPDX-License-Identifier: MIT */
/*
 * Boot stub of a 64-bit Xen PV guest.
 *
 *  - The "Xen" ELF notes that tell the domain builder how to load us.
 *  - _start: Xen enters in 64-bit mode (ring 3, flat selectors), paging on
 *    with the builder's tables, rsi = VA of start_info, events masked.
 *  - hypercall_page: one page Xen fills with 128 32-byte stubs.
 *  - Exception entry stubs (registered with set_trap_table by traps.c) and
 *    the event callback (CALLBACKOP_register) that returns with HYPERVISOR_iret.
 */
#include <xen/elfnote.h>
#include <xenscope/regs-asm.h>
#include <xen/hypercall-nr.h>

#define BOOT_STACK_SIZE (16 * 1024)

/* One note: namesz, descsz, type, "Xen\0", descriptor, each 4-byte aligned. */
.macro XEN_NOTE type:req, desc:vararg
    .pushsection .note.Xen, "a", @note
    .p2align 2
    .long 2f - 1f
    .long 4f - 3f
    .long \type
1:  .asciz "Xen"
2:  .p2align 2
3:  \desc
4:  .p2align 2
    .popsection
.endm

XEN_NOTE XEN_ELFNOTE_GUEST_OS,       .asciz "XenScope"
XEN_NOTE XEN_ELFNOTE_GUEST_VERSION,  .asciz "0.1"
XEN_NOTE XEN_ELFNOTE_XEN_VERSION,    .asciz "xen-3.0"
XEN_NOTE XEN_ELFNOTE_LOADER,         .asciz "generic"
XEN_NOTE XEN_ELFNOTE_VIRT_BASE,      .quad __xen_virt_base
XEN_NOTE XEN_ELFNOTE_PADDR_OFFSET,   .quad 0
XEN_NOTE XEN_ELFNOTE_ENTRY,          .quad _start
XEN_NOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page
XEN_NOTE XEN_ELFNOTE_FEATURES,       .asciz "!writable_page_tables|pae_pgdir_above_4gb"
XEN_NOTE XEN_ELFNOTE_PAE_MODE,       .asciz "yes"

/* ------------------------------------------------------------------------ */
    .section .text.head, "ax", @progbits
    .code64
    .globl _start
    .type _start, @function
_start:
    cld
    leaq    boot_stack_top(%rip), %rsp
    /* Clear .bss (the builder already zeroes p_memsz - p_filesz; be sure). */
    movq    %rsi, %r12
    leaq    __bss_start(%rip), %rdi
    leaq    _end(%rip), %rcx
    subq    %rdi, %rcx
    xorl    %eax, %eax
    rep stosb
    movq    %r12, %rdi              /* start_kernel(start_info_t *si) */
    xorl    %ebp, %ebp              /* end of the frame-pointer chain */
    call    start_kernel
    ud2                             /* start_kernel never returns */
    .size _start, . - _start

/* ------------------------------------------------------------------------ */
/* Filled by the domain builder; until then every byte is a `ret` (0xc3). */
    .section .text.hypercall_page, "ax", @progbits
    .p2align 12
    .globl hypercall_page
    .type hypercall_page, @object
hypercall_page:
    .fill 4096, 1, 0xc3
    .size hypercall_page, 4096

/* ------------------------------------------------------------------------ */
/*
 * Exception entries. Xen's bounce frame on our stack (lowest first):
 *   rcx, r11, [error code], rip, cs, rflags, rsp, ss
 * Each stub pushes has_error_code and the vector, then the common code saves
 * the GPRs and calls xs_do_trap(struct xs_trap_frame *), which does not return.
 */
    .text
.macro TRAP_ENTRY name:req, vec:req, has_err:req
    .globl \name
    .type \name, @function
\name:
    pushq   $\has_err
    pushq   $\vec
    jmp     xs_trap_common
    .size \name, . - \name
.endm

TRAP_ENTRY xs_trap_divide_error,          0, 0
TRAP_ENTRY xs_trap_debug,                 1, 0
TRAP_ENTRY xs_trap_int3,                  3, 0
TRAP_ENTRY xs_trap_overflow,              4, 0
TRAP_ENTRY xs_trap_bounds,                5, 0
TRAP_ENTRY xs_trap_invalid_op,            6, 0
TRAP_ENTRY xs_trap_device_not_available,  7, 0
TRAP_ENTRY xs_trap_double_fault,          8, 1
TRAP_ENTRY xs_trap_coproc_seg_overrun,    9, 0
TRAP_ENTRY xs_trap_invalid_tss,          10, 1
TRAP_ENTRY xs_trap_segment_not_present,  11, 1
TRAP_ENTRY xs_trap_stack_segment,        12, 1
TRAP_ENTRY xs_trap_general_protection,   13, 1
TRAP_ENTRY xs_trap_page_fault,           14, 1
TRAP_ENTRY xs_trap_coprocessor_error,    16, 0
TRAP_ENTRY xs_trap_alignment_check,      17, 1
TRAP_ENTRY xs_trap_simd_error,           19, 0
TRAP_ENTRY xs_trap_virtualisation,       20, 0
TRAP_ENTRY xs_trap_control_protection,   21, 1

    .type xs_trap_common, @function
xs_trap_common:
    SAVE_ALL
    movq    %rsp, %rdi
    andq    $-16, %rsp
    xorl    %ebp, %ebp
    call    xs_do_trap
    ud2
    .size xs_trap_common, . - xs_trap_common

/*
 * Failsafe callback: Xen could not load a segment register on return to us.
 * Frame: ds, es, fs, gs, rcx, r11, rip, cs, rflags, rsp, ss.
 */
    .globl xs_failsafe_callback
    .type xs_failsafe_callback, @function
xs_failsafe_callback:
    movq    %rsp, %rdi
    andq    $-16, %rsp
    xorl    %ebp, %ebp
    call    xs_do_failsafe
    ud2
    .size xs_failsafe_callback, . - xs_failsafe_callback

/*
 * Event callback. Xen masked events (upcall_mask = 1) and built:
 *   rcx, r11, rip, cs, rflags, rsp, ss
 * rflags.IF in the frame is the inverse of the mask we interrupted.
 * Restore rcx/r11, save the GPRs as struct xs_regs, dispatch, restore, and
 * return with HYPERVISOR_iret: push the iret flags word (0: not in a syscall)
 * and jump to the iret stub, which pushes rcx, r11, rax and never returns;
 * Xen reloads everything, including the mask from rflags.IF.
 */
    .globl xs_hypervisor_callback
    .type xs_hypervisor_callback, @function
xs_hypervisor_callback:
    popq    %rcx
    popq    %r11
    SAVE_ALL
    CALL_WITH_REGS xs_do_hypervisor_callback
    RESTORE_ALL
    pushq   $0
    jmp     hypercall_page + __HYPERVISOR_iret * 32
    .size xs_hypervisor_callback, . - xs_hypervisor_callback

/* ------------------------------------------------------------------------ */
    .section .bss.stack, "aw", @nobits
    .p2align 12
    .globl boot_stack, boot_stack_top
boot_stack:
    .skip BOOT_STACK_SIZE
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
