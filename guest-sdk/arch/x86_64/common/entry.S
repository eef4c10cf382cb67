/* SPDX-License-Identifier: MIT */
/*
 * What PVH and HVM guests share below C (they run on the same hardware-like
 * container: their own page tables, IDT and GDT; MODE = pvh, hvm, hvm-realmode):
 *
 *  - xs_long_mode_entry: from 32-bit flat protected mode with paging off
 *    (where Xen enters a PVH guest, a multiboot loader enters an HVM guest,
 *    and the real-mode boot sector arrives) to 64-bit C. It clears .bss,
 *    identity-maps the low 4 GiB with 2 MiB pages (the kernel, the loader's
 *    tables, and the Xen special pages just below 4 GiB), enables PAE,
 *    EFER.LME|NXE and paging (SDM Vol. 3A 10.8.5 "Initializing IA-32e Mode"),
 *    loads our GDT, far-jumps to 64-bit code and calls  %ebp(%esi, %ebx)
 *    on the boot stack.
 *  - hypercall_page: one page of `ret` poison; the C side asks Xen to fill
 *    it (MSR from CPUID leaf base+2), after which it holds vmcall stubs.
 *  - IDT entries: exceptions (reported by xs_do_trap, which does not return)
 *    and the event-channel callback vector (xs_do_hypervisor_callback, then
 *    iretq).
 */
#include <xenscope/regs-asm.h>

#define BOOT_STACK_SIZE (16 * 1024)
#define X86_CR0_PG  0x80000000
#define X86_CR0_WP  0x00010000
#define X86_CR0_NE  0x00000020
#define X86_CR4_PAE 0x00000020
#define MSR_EFER    0xc0000080
#define EFER_LME    0x00000100
#define EFER_NXE    0x00000800
#define BOOT_CS     0x08
#define BOOT_DS     0x10

/* ------------------------------------------------------------------------ */
/* In: 32-bit flat protected mode, paging off, IF = 0; %ebp = the 64-bit C
 * function, %esi and %ebx = its two arguments. Does not return. */
    .text
    .code32
    .globl xs_long_mode_entry
    .type xs_long_mode_entry, @function
xs_long_mode_entry:
    cld
    /* Clear .bss (loaders zero p_memsz - p_filesz; a boot sector does not). */
    movl    $__bss_start, %edi
    movl    $_end, %ecx
    subl    %edi, %ecx
    xorl    %eax, %eax
    rep stosb

    /* PML4[0] -> PDPT; PDPT[0..3] -> 4 page directories of 2 MiB pages. */
    movl    $xs_pdpt + 0x3, xs_pml4
    movl    $xs_pd + 0x0003, xs_pdpt
    movl    $xs_pd + 0x1003, xs_pdpt + 8
    movl    $xs_pd + 0x2003, xs_pdpt + 16
    movl    $xs_pd + 0x3003, xs_pdpt + 24
    xorl    %ecx, %ecx
1:  movl    %ecx, %eax
    shll    $21, %eax
    orl     $0x83, %eax                 /* present, writable, 2 MiB */
    movl    %eax, xs_pd(,%ecx,8)
    movl    %ecx, %eax
    shrl    $11, %eax                   /* bits 63:32 of ecx << 21 */
    movl    %eax, xs_pd + 4(,%ecx,8)
    incl    %ecx
    cmpl    $2048, %ecx
    jb      1b

    movl    %cr4, %eax
    orl     $X86_CR4_PAE, %eax
    movl    %eax, %cr4
    movl    $xs_pml4, %eax
    movl    %eax, %cr3
    movl    $MSR_EFER, %ecx
    rdmsr
    orl     $(EFER_LME | EFER_NXE), %eax
    wrmsr
    movl    %cr0, %eax
    orl     $(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE), %eax
    movl    %eax, %cr0                  /* long mode (compatibility) */
    lgdt    xs_gdt_desc
    ljmp    $BOOT_CS, $2f

    .code64
2:  movl    $BOOT_DS, %eax
    movl    %eax, %ds
    movl    %eax, %es
    movl    %eax, %ss
    xorl    %eax, %eax
    movl    %eax, %fs
    movl    %eax, %gs
    movq    $boot_stack_top, %rsp
    movl    %ebp, %eax
    movl    %esi, %edi                  /* first argument */
    movl    %ebx, %esi                  /* second argument */
    xorl    %ebp, %ebp                  /* end of the frame-pointer chain */
    call    *%rax
    ud2                                 /* the C entry never returns */
    .size xs_long_mode_entry, . - xs_long_mode_entry

/* ------------------------------------------------------------------------ */
/* Filled by Xen through the MSR of CPUID leaf base+2; until then every byte is a `ret`. */
    .section .text.hypercall_page, "ax", @progbits
    .p2align 12
    .globl hypercall_page
    .type hypercall_page, @object
hypercall_page:
    .fill 4096, 1, 0xc3
    .size hypercall_page, 4096

/* ------------------------------------------------------------------------ */
/*
 * IDT entries. The CPU's 64-bit frame (lowest first): [error code], rip, cs,
 * rflags, rsp, ss. Each stub makes it uniform (pushes 0 when the CPU pushed
 * no error code), pushes the vector, and the common code saves the GPRs and
 * calls xs_do_trap(struct xs_trap_frame *), which does not return.
 */
    .text
.macro TRAP_ENTRY name:req, vec:req, has_err:req
    .globl \name
    .type \name, @function
\name:
    .if \has_err == 0
    pushq   $0
    .endif
    pushq   $\vec
    jmp     xs_trap_common
    .size \name, . - \name
.endm

TRAP_ENTRY xs_trap_0,   0, 0
TRAP_ENTRY xs_trap_1,   1, 0
TRAP_ENTRY xs_trap_2,   2, 0
TRAP_ENTRY xs_trap_3,   3, 0
TRAP_ENTRY xs_trap_4,   4, 0
TRAP_ENTRY xs_trap_5,   5, 0
TRAP_ENTRY xs_trap_6,   6, 0
TRAP_ENTRY xs_trap_7,   7, 0
TRAP_ENTRY xs_trap_8,   8, 1
TRAP_ENTRY xs_trap_9,   9, 0
TRAP_ENTRY xs_trap_10, 10, 1
TRAP_ENTRY xs_trap_11, 11, 1
TRAP_ENTRY xs_trap_12, 12, 1
TRAP_ENTRY xs_trap_13, 13, 1
TRAP_ENTRY xs_trap_14, 14, 1
TRAP_ENTRY xs_trap_15, 15, 0
TRAP_ENTRY xs_trap_16, 16, 0
TRAP_ENTRY xs_trap_17, 17, 1
TRAP_ENTRY xs_trap_18, 18, 0
TRAP_ENTRY xs_trap_19, 19, 0
TRAP_ENTRY xs_trap_20, 20, 0
TRAP_ENTRY xs_trap_21, 21, 1

    .section .rodata
    .p2align 3
    .globl xs_trap_entries
xs_trap_entries:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21
    .quad xs_trap_\n
    .endr

    .text
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
 * The event-channel callback vector (HVM_PARAM_CALLBACK_IRQ type vector).
 * The CPU cleared IF; the frame is rip, cs, rflags, rsp, ss: with the GPRs
 * pushed below it, it is a struct xs_regs. xs_do_hypervisor_callback clears
 * evtchn_upcall_pending first (Xen raises the vector while it is set).
 */
    .globl xs_callback_vector
    .type xs_callback_vector, @function
xs_callback_vector:
    SAVE_ALL
    CALL_WITH_REGS xs_do_hypervisor_callback
    RESTORE_ALL
    iretq
    .size xs_callback_vector, . - xs_callback_vector

/* ------------------------------------------------------------------------ */
    .section .rodata
    .p2align 3
xs_gdt:
    .quad 0                             /* null */
    .quad 0x00af9a000000ffff            /* BOOT_CS 0x08: 64-bit code, DPL 0 */
    .quad 0x00cf92000000ffff            /* BOOT_DS 0x10: flat data */
xs_gdt_end:
xs_gdt_desc:                            /* lgdt from 32-bit code reads 6 bytes */
    .word xs_gdt_end - xs_gdt - 1
    .quad xs_gdt

    .section .bss.page_aligned, "aw", @nobits
    .p2align 12
xs_pml4:    .skip 4096
xs_pdpt:    .skip 4096
xs_pd:      .skip 4 * 4096

    .section .bss.stack, "aw", @nobits
    .p2align 12
    .globl boot_stack, boot_stack_top
boot_stack:
    .skip BOOT_STACK_SIZE
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
