/*
 * pv-smp: a two-vCPU 64-bit PV test guest (build: gcc -nostdlib -static -no-pie -Wl,-T,guest.lds,
 * --build-id=none, -z max-page-size=4096). vCPU 0 maps shared_info, binds an IPI port for each
 * vCPU (EVTCHNOP_bind_ipi), brings vCPU 1 up with VCPUOP_initialise (a vcpu_guest_context: kernel
 * mode, ap_entry, stack2, vCPU 0's CR3) and VCPUOP_up, sends it an IPI and polls for the answer;
 * vCPU 1 polls for the IPI, answers and takes itself down (VCPUOP_down). Each prints its vCPU id
 * through console_io. Expected console:
 *   vCPU 0: bringing up vCPU 1
 *   vCPU 1: IPI from vCPU 0
 *   vCPU 0: IPI from vCPU 1
 * then SCHEDOP_shutdown(poweroff). r12/r13 of vCPU 0 hold the results of VCPUOP_initialise/up.
 */
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
XEN_NOTE 6, .asciz "xenscope-test"
XEN_NOTE 5, .asciz "xen-3.0"
XEN_NOTE 8, .asciz "generic"
XEN_NOTE 3, .quad 0xffffffff80000000
XEN_NOTE 4, .quad 0
XEN_NOTE 1, .quad _start
XEN_NOTE 2, .quad hypercall_page
XEN_NOTE 10, .asciz "!writable_page_tables|pae_pgdir_above_4gb"
XEN_NOTE 9, .asciz "yes"
.macro HYPERCALL nr:req
    call hypercall_page + (\nr) * 32
.endm
.macro SHUTDOWN reason:req
    movl $\reason, shutdown_arg(%rip)
    movl $2, %edi
    leaq shutdown_arg(%rip), %rsi
    HYPERCALL 29
    ud2
.endm
.macro POWEROFF
    SHUTDOWN 0
.endm
    .section .text.head, "ax", @progbits
    .globl _start
_start:
.macro PRINT msg:req
    xor %edi,%edi; mov $(\msg\()_end - \msg),%esi; lea \msg(%rip),%rdx; HYPERCALL 18
.endm
.macro BIND_IPI vcpu:req, out:req
    movl $\vcpu,ipi(%rip); mov $7,%edi; lea ipi(%rip),%rsi; HYPERCALL 32
    mov ipi+4(%rip),%eax; mov %eax,\out(%rip)
.endm
.macro SEND port:req
    mov \port(%rip),%eax; mov %eax,send(%rip); mov $4,%edi; lea send(%rip),%rsi; HYPERCALL 32
.endm
/* SCHEDOP_poll on one port, then clear its pending bit (evtchn_pending at shared_info + 2048) */
.macro WAIT port:req
    lea \port(%rip),%rax; mov %rax,poll(%rip); movl $1,poll+8(%rip)
    mov $3,%edi; lea poll(%rip),%rsi; HYPERCALL 29
    mov \port(%rip),%eax; lock btr %eax,scratch+2048(%rip)
.endm
push %rsi
lea scratch(%rip),%rdi; mov 40(%rsi),%rsi; or $0x7,%rsi; mov $2,%edx; HYPERCALL 14
pop %rsi
BIND_IPI 0, port0
BIND_IPI 1, port1
/* vcpu_guest_context: flags VGCF_in_kernel, rip, rsp, cs, ss, kernel_ss/sp, cr3 */
movq $4,ctx+512(%rip)
lea ap_entry(%rip),%rax; mov %rax,ctx+520+128(%rip)
lea stack2_top(%rip),%rax; mov %rax,ctx+520+152(%rip); mov %rax,ctx+4976(%rip)
movq $0xe033,ctx+520+136(%rip)
movq $0xe02b,ctx+520+160(%rip); movq $0xe02b,ctx+4968(%rip)
movq $0x200,ctx+520+144(%rip)
mov %cr3,%rax; mov %rax,ctx+4984+24(%rip)
PRINT bringing
xor %edi,%edi; mov $1,%esi; lea ctx(%rip),%rdx; HYPERCALL 24     /* VCPUOP_initialise */
mov %rax,%r12
mov $1,%edi; mov $1,%esi; xor %edx,%edx; HYPERCALL 24            /* VCPUOP_up */
mov %rax,%r13
SEND port1
WAIT port0
PRINT answered
POWEROFF

    ud2
    .section .text.hypercall_page, "ax", @progbits
    .p2align 12
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xc3
    .data
shutdown_arg: .long 0

    .text
ap_entry:
    WAIT port1
    PRINT got
    SEND port0
    mov $2,%edi; mov $1,%esi; xor %edx,%edx; HYPERCALL 24          /* VCPUOP_down itself */
    ud2

    .data
    .p2align 3
ipi: .long 0, 0
send: .long 0
port0: .long 0
port1: .long 0
.p2align 3
poll: .quad 0, 0, 0
bringing: .ascii "vCPU 0: bringing up vCPU 1\n"
bringing_end:
got: .ascii "vCPU 1: IPI from vCPU 0\n"
got_end:
answered: .ascii "vCPU 0: IPI from vCPU 1\n"
answered_end:
.p2align 3
ctx: .skip 5168

    .bss
    .p2align 12
scratch: .skip 4096
stack2: .skip 16384
stack2_top:
