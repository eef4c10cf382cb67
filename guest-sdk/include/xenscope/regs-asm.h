/*
 * Assembler macros shared by the boot stubs (arch/x86_64/{pv,pvh}/head.S): push and pop every
 * general-purpose register in the order of struct xs_regs (include/xenscope/events.h), so the C
 * handler gets a pointer to the saved state. Only for inclusion from .S files.
 */
#ifndef XENSCOPE_REGS_ASM_H
#define XENSCOPE_REGS_ASM_H

#ifndef __ASSEMBLER__
#error "regs-asm.h is for assembly sources"
#endif

/* Pushes rdi .. r15; afterwards %rsp points at the struct xs_regs. */
.macro SAVE_ALL
    pushq   %rdi
    pushq   %rsi
    pushq   %rdx
    pushq   %rcx
    pushq   %rax
    pushq   %r8
    pushq   %r9
    pushq   %r10
    pushq   %r11
    pushq   %rbx
    pushq   %rbp
    pushq   %r12
    pushq   %r13
    pushq   %r14
    pushq   %r15
.endm

/* Pops what SAVE_ALL pushed. */
.macro RESTORE_ALL
    popq    %r15
    popq    %r14
    popq    %r13
    popq    %r12
    popq    %rbp
    popq    %rbx
    popq    %r11
    popq    %r10
    popq    %r9
    popq    %r8
    popq    %rax
    popq    %rcx
    popq    %rdx
    popq    %rsi
    popq    %rdi
.endm

/* Calls \handler(regs) on a 16-byte aligned stack with the struct xs_regs at %rsp as argument. */
.macro CALL_WITH_REGS handler
    movq    %rsp, %rdi
    movq    %rsp, %rbx
    andq    $-16, %rsp
    call    \handler
    movq    %rbx, %rsp
.endm

#endif
