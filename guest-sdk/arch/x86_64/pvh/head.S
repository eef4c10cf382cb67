/* SPDX-License-Identifier: MIT */
/*
 * Boot stub of a 64-bit Xen PVH guest.
 *
 *  - The "Xen" ELF notes: XEN_ELFNOTE_PHYS32_ENTRY (where Xen enters us) and
 *    the descriptive GUEST_OS / GUEST_VERSION. No LOADER / XEN_VERSION / ENTRY
 *    notes: the image is PVH-only (Xen refuses to load it as PV).
 *  - _start: Xen enters in 32-bit flat protected mode, paging off, interrupts
 *    off, %ebx = physical address of struct hvm_start_info
 *    (xen/include/public/arch-x86/hvm/start_info.h). The shared
 *    xs_long_mode_entry (arch/x86_64/common/entry.S: .bss, identity map of
 *    the low 4 GiB, long mode, hypercall page, IDT entries) then calls
 *    pvh_start_kernel(start_info) in 64-bit mode.
 */
#include <xen/elfnote.h>

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
    movl    %ebx, %esi                  /* pvh_start_kernel(hvm_start_info, 0) */
    xorl    %ebx, %ebx
    movl    $pvh_start_kernel, %ebp
    jmp     xs_long_mode_entry          /* arch/x86_64/common/entry.S */
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
