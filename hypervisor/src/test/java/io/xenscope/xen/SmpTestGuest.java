package io.xenscope.xen;

/**
 * A small SMP PV guest: vCPU 0 binds an IPI port for each vCPU, brings vCPU 1 up with
 * VCPUOP_initialise (a vcpu_guest_context on its own stack, CR3 = vCPU 0's) and VCPUOP_up, sends it
 * an IPI and polls for the answer; vCPU 1 polls for the IPI, answers, and takes itself down.
 * Each prints its vCPU id through console_io. Pending bits are cleared in shared_info (mapped at
 * {@code scratch}) before the next poll.
 */
final class SmpTestGuest {
    /** The exact console transcript of a run. */
    static final String TRANSCRIPT = "vCPU 0: bringing up vCPU 1\nvCPU 1: IPI from vCPU 0\nvCPU 0: IPI from vCPU 1\n";

    /** print label, length: console_io CONSOLEIO_write. */
    static final String MACROS = """
            .macro PRINT msg:req
                xor %edi,%edi; mov $(\\msg\\()_end - \\msg),%esi; lea \\msg(%rip),%rdx; HYPERCALL 18
            .endm
            .macro BIND_IPI vcpu:req, out:req
                movl $\\vcpu,ipi(%rip); mov $7,%edi; lea ipi(%rip),%rsi; HYPERCALL 32
                mov ipi+4(%rip),%eax; mov %eax,\\out(%rip)
            .endm
            .macro SEND port:req
                mov \\port(%rip),%eax; mov %eax,send(%rip); mov $4,%edi; lea send(%rip),%rsi; HYPERCALL 32
            .endm
            /* SCHEDOP_poll on one port, then clear its pending bit (evtchn_pending at shared_info + 2048) */
            .macro WAIT port:req
                lea \\port(%rip),%rax; mov %rax,poll(%rip); movl $1,poll+8(%rip)
                mov $3,%edi; lea poll(%rip),%rsi; HYPERCALL 29
                mov \\port(%rip),%eax; lock btr %eax,scratch+2048(%rip)
            .endm
            """;

    static final String BODY = MACROS + HypercallTest.MAP_SHARED_INFO + """
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
            """;

    static final String TEXT = """
            ap_entry:
                WAIT port1
                PRINT got
                SEND port0
                mov $2,%edi; mov $1,%esi; xor %edx,%edx; HYPERCALL 24          /* VCPUOP_down itself */
                ud2
            """;

    static final String DATA = """
            ipi: .long 0, 0
            send: .long 0
            port0: .long 0
            port1: .long 0
            .p2align 3
            poll: .quad 0, 0, 0
            bringing: .ascii "vCPU 0: bringing up vCPU 1\\n"
            bringing_end:
            got: .ascii "vCPU 1: IPI from vCPU 0\\n"
            got_end:
            answered: .ascii "vCPU 0: IPI from vCPU 1\\n"
            answered_end:
            .p2align 3
            ctx: .skip 5168
            """;

    private SmpTestGuest() {
    }

    static PvTestGuest.Booted boot(int vcpus) {
        return PvTestGuest.boot(BODY, TEXT, DATA, PvBootOptions.defaults().withVcpus(vcpus));
    }
}
