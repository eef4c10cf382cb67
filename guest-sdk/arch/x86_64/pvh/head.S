/* SPDX-License-Identifier: MIT */
/*
 * Boot stub of a 64-bit Xen PVH guest.
 *
 *  - The "Xen" ELF notes: XEN_ELFNOTE_PHYS32_ENTRY (where Xen enters us) and
 *    the descriptive GUEST_OS / GUEST_VERSION. No LOADER / XEN_VERSION / ENTRY
 *    notes: the image is PVH-only (Xen refuses to load it as PV).
 *  - _start: Xen enters in 32-bit flat protected mode, paging off, interrupts
 *    off, %ebx = physical address of struct hvm_start_info
 *    (xen/include/public/arch-x86/hvm/start_info.h). We clear .bss, build
 *    page tables identity-mapping the low 4 GiB with 2 MiB pages (the kernel
 *    at 1 MiB and the special pages just below 4 GiB where the console and
 *    xenstore rings live), enable PAE, EFER.LME and paging, far-jump to
 *    64-bit code, take our own stack and call pvh_start_kernel(start_info).
 *  - hypercall_page: one page of `ret` poison; pvh_start_kernel asks Xen to
 *    fill it (MSR 0x40000000), after which it holds vmcall stubs.
 *  - IDT entries: exceptions (reported by xs_pvh_do_trap, which does not
 *    return) and the event-channel callback vector (xs_do_hypervisor_callback,
 *    then iretq).
 */
#include <xen/elfnote.h>
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
XEN_NOTE XEN_ELFNOTE_PHYS32_ENTRY,   .long _start

/* ------------------------------------------------------------------------ */
    .section .text.head, "ax", @progbits
    .code32
    .globl _start
    .type _start, @function
_start:
    cld
    movl    %ebx, %esi                  /* hvm_start_info: keep it in %esi */
    /* Clear .bss (Xen's builder zeroes p_memsz - p_filesz; be sure). */
    movl    $__bss_start, %edi
    movl    $_end, %ecx
    subl    %edi, %ecx
    xorl    %eax, %eax
    rep stosb
    movl    $boot_stack_top, %esp

    /* PML4[0] -> PDPT; PDPT[0..3] -> 4 page directories of 2 MiB pages. */
    movl    $pvh_pdpt + 0x3, pvh_pml4
    movl    $pvh_pd + 0x0003, pvh_pdpt
    movl    $pvh_pd + 0x1003, pvh_pdpt + 8
    movl    $pvh_pd + 0x2003, pvh_pdpt + 16
    movl    $pvh_pd + 0x3003, pvh_pdpt + 24
    xorl    %ecx, %ecx
1:  movl    %ecx, %eax
    shll    $21, %eax
    orl     $0x83, %eax                 /* present, writable, 2 MiB */
    movl    %eax, pvh_pd(,%ecx,8)
    movl    %ecx, %eax
    shrl    $11, %eax                   /* bits 63:32 of ecx << 21 */
    movl    %eax, pvh_pd + 4(,%ecx,8)
    incl    %ecx
    cmpl    $2048, %ecx
    jb      1b

    movl    %cr4, %eax
    orl     $X86_CR4_PAE, %eax
    movl    %eax, %cr4
    movl    $pvh_pml4, %eax
    movl    %eax, %cr3
    movl    $MSR_EFER, %ecx
    rdmsr
    orl     $(EFER_LME | EFER_NXE), %eax
    wrmsr
    movl    %cr0, %eax
    orl     $(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE), %eax
    movl    %eax, %cr0                  /* long mode (compatibility) */
    lgdt    pvh_gdt_desc
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
    movl    %esi, %edi                  /* pvh_start_kernel(struct hvm_start_info *) */
    xorl    %ebp, %ebp                  /* end of the frame-pointer chain */
    call    pvh_start_kernel
    ud2                                 /* pvh_start_kernel never returns */
    .size _start, . - _start

/* ------------------------------------------------------------------------ */
/* Filled by Xen through MSR 0x40000000; until then every byte is a `ret`. */
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
 * calls xs_pvh_do_trap(struct xs_pvh_trap_frame *), which does not return.
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
    jmp     xs_pvh_trap_common
    .size \name, . - \name
.endm

TRAP_ENTRY xs_pvh_trap_0,   0, 0
TRAP_ENTRY xs_pvh_trap_1,   1, 0
TRAP_ENTRY xs_pvh_trap_2,   2, 0
TRAP_ENTRY xs_pvh_trap_3,   3, 0
TRAP_ENTRY xs_pvh_trap_4,   4, 0
TRAP_ENTRY xs_pvh_trap_5,   5, 0
TRAP_ENTRY xs_pvh_trap_6,   6, 0
TRAP_ENTRY xs_pvh_trap_7,   7, 0
TRAP_ENTRY xs_pvh_trap_8,   8, 1
TRAP_ENTRY xs_pvh_trap_9,   9, 0
TRAP_ENTRY xs_pvh_trap_10, 10, 1
TRAP_ENTRY xs_pvh_trap_11, 11, 1
TRAP_ENTRY xs_pvh_trap_12, 12, 1
TRAP_ENTRY xs_pvh_trap_13, 13, 1
TRAP_ENTRY xs_pvh_trap_14, 14, 1
TRAP_ENTRY xs_pvh_trap_15, 15, 0
TRAP_ENTRY xs_pvh_trap_16, 16, 0
TRAP_ENTRY xs_pvh_trap_17, 17, 1
TRAP_ENTRY xs_pvh_trap_18, 18, 0
TRAP_ENTRY xs_pvh_trap_19, 19, 0
TRAP_ENTRY xs_pvh_trap_20, 20, 0
TRAP_ENTRY xs_pvh_trap_21, 21, 1

    .section .rodata
    .p2align 3
    .globl xs_pvh_trap_entries
xs_pvh_trap_entries:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21
    .quad xs_pvh_trap_\n
    .endr

    .text
    .type xs_pvh_trap_common, @function
xs_pvh_trap_common:
    SAVE_ALL
    movq    %rsp, %rdi
    andq    $-16, %rsp
    xorl    %ebp, %ebp
    call    xs_pvh_do_trap
    ud2
    .size xs_pvh_trap_common, . - xs_pvh_trap_common

/*
 * The event-channel callback vector (HVM_PARAM_CALLBACK_IRQ type vector).
 * The CPU cleared IF; the frame is rip, cs, rflags, rsp, ss: with the GPRs
 * pushed below it, it is a struct xs_regs. xs_do_hypervisor_callback clears
 * evtchn_upcall_pending first (Xen raises the vector while it is set).
 */
    .globl xs_pvh_callback_vector
    .type xs_pvh_callback_vector, @function
xs_pvh_callback_vector:
    SAVE_ALL
    CALL_WITH_REGS xs_do_hypervisor_callback
    RESTORE_ALL
    iretq
    .size xs_pvh_callback_vector, . - xs_pvh_callback_vector

/* ------------------------------------------------------------------------ */
    .section .rodata
    .p2align 3
pvh_gdt:
    .quad 0                             /* null */
    .quad 0x00af9a000000ffff            /* BOOT_CS: 64-bit code, DPL 0 */
    .quad 0x00cf92000000ffff            /* BOOT_DS: flat data */
pvh_gdt_end:
pvh_gdt_desc:                           /* lgdt from 32-bit code reads 6 bytes */
    .word pvh_gdt_end - pvh_gdt - 1
    .quad pvh_gdt

    .section .bss.page_aligned, "aw", @nobits
    .p2align 12
pvh_pml4:   .skip 4096
pvh_pdpt:   .skip 4096
pvh_pd:     .skip 4 * 4096

    .section .bss.stack, "aw", @nobits
    .p2align 12
    .globl boot_stack, boot_stack_top
boot_stack:
    .skip BOOT_STACK_SIZE
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
