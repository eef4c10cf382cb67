package io.xenscope.xen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** VCPUOP_initialise / up / down / is_up on a two-vCPU domain, with Xen's errors (xen/common/domain.c, arch/x86/domain.c). */
class VcpuBringUpTest {
    static final int RBX = 3;
    static final long EINVAL = -22, ENOENT = -2, EEXIST = -17;

    /** A context for vCPU 1 like the SMP guest's (kernel mode, ap_entry, stack2, vCPU 0's CR3). */
    static final String CONTEXT = """
            movq $4,ctx+512(%rip)
            lea ap_entry(%rip),%rax; mov %rax,ctx+520+128(%rip)
            lea stack2_top(%rip),%rax; mov %rax,ctx+520+152(%rip); mov %rax,ctx+4976(%rip)
            movq $0xe033,ctx+520+136(%rip); movq $0xe02b,ctx+520+160(%rip); movq $0xe02b,ctx+4968(%rip)
            mov %cr3,%rax; mov %rax,ctx+4984+24(%rip)
            """;
    static final String INITIALISE = "xor %edi,%edi; mov $1,%esi; lea ctx(%rip),%rdx; HYPERCALL 24\n";
    static final String UP = "mov $1,%edi; mov $1,%esi; xor %edx,%edx; HYPERCALL 24\n";
    static final String TEXT = "ap_entry:\n movl $1,ap_ran(%rip)\n 1: jmp 1b\n";
    static final String DATA = "ap_ran: .long 0\n .p2align 3\nctx: .skip 5168\n";

    static BootedGuest run(String body) {
        BootedGuest g = PvTestGuest.boot(body + "\nPOWEROFF", TEXT, DATA, PvBootOptions.defaults().withVcpus(2));
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.detail() + " " + r.faults());
        return g;
    }

    static long rbx(String body) {
        return run(body).reg(RBX);
    }

    @Test
    void upBeforeInitialiseIsEinval() {
        assertEquals(EINVAL, rbx(UP + "mov %rax,%rbx"));
    }

    @Test
    void aVcpuIdBeyondTheDomainIsEnoent() {
        assertEquals(ENOENT, rbx("mov $3,%edi; mov $2,%esi; xor %edx,%edx; HYPERCALL 24; mov %rax,%rbx"));
    }

    @Test
    void initialisingTwiceIsEexist() {
        assertEquals(EEXIST, rbx(CONTEXT + INITIALISE + INITIALISE + "mov %rax,%rbx"));
    }

    @Test
    void initialisingVcpu0IsEexist() {
        assertEquals(EEXIST, rbx(CONTEXT + "xor %edi,%edi; xor %esi,%esi; lea ctx(%rip),%rdx; HYPERCALL 24; mov %rax,%rbx"));
    }

    @Test
    void aNonCanonicalRipIsEinvalAndTheVcpuStaysUninitialised() {
        BootedGuest g = run(CONTEXT + "mov $0x800000000000,%rax; mov %rax,ctx+520+128(%rip)\n" + INITIALISE
                + "mov %rax,%rbx");
        assertEquals(EINVAL, g.reg(RBX));
        assertFalse(g.machine().domain().vcpu(1).initialised);
    }

    @Test
    void aCr3ThatIsNotTheDomainsIsEinval() {
        assertEquals(EINVAL, rbx(CONTEXT + "movq $0x7fff000,ctx+4984+24(%rip)\n" + INITIALISE + "mov %rax,%rbx"));
    }

    @Test
    void userModeWithoutUserPageTablesIsEinval() {
        assertEquals(EINVAL, rbx(CONTEXT + "movq $0,ctx+512(%rip)\n" + INITIALISE + "mov %rax,%rbx"));
    }

    @Test
    void isUpSaysDownThenUp() {
        BootedGuest g = run(CONTEXT + INITIALISE
                + "mov $3,%edi; mov $1,%esi; xor %edx,%edx; HYPERCALL 24; mov %rax,%r12\n" + UP
                + "mov $3,%edi; mov $1,%esi; xor %edx,%edx; HYPERCALL 24; mov %rax,%r13\n");
        assertEquals(0, g.reg(12));
        assertEquals(1, g.reg(13));
    }

    @Test
    void anInitialisedVcpuStartsAtItsContextOnceUp() {
        BootedGuest g = run(CONTEXT + INITIALISE + UP + "1: cmpl $0,ap_ran(%rip); je 1b\n");
        assertEquals(1, g.read64("ap_ran", 0) & 0xffffffffL);
        Vcpu v1 = g.machine().domain().vcpu(1);
        assertEquals(0xe033, v1.cpu().seg[io.xenscope.cpu.Cpu.CS].selector);
        assertEquals(g.symbol("stack2_top"), v1.kernelSp);
    }

    @Test
    void vgcfOnlineBringsTheVcpuUpWithoutVcpuopUp() {
        BootedGuest g = run(CONTEXT + "orq $0x20,ctx+512(%rip)\n" + INITIALISE
                + "1: cmpl $0,ap_ran(%rip); je 1b\n");
        assertTrue(g.machine().domain().vcpu(1).up);
    }

    @Test
    void downOfTheLastVcpuUpPowersTheDomainOff() {
        BootedGuest g = PvTestGuest.boot("mov $2,%edi; xor %esi,%esi; xor %edx,%edx; HYPERCALL 24\n ud2",
                TEXT, DATA, PvBootOptions.defaults().withVcpus(2));
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome());
        assertEquals(ShutdownReason.POWEROFF, r.shutdownReason());
        assertEquals("VCPUOP_down of vCPU 0, the last vCPU up: Xen powers the domain off", r.detail());
    }

    @Test
    void theVcpusClocksStayWithinOneRoundOfEachOther() {
        BootedGuest g = run(CONTEXT + INITIALISE + UP + "1: cmpl $0,ap_ran(%rip); je 1b\n mov $50000,%ecx; 2: loop 2b\n");
        long t0 = g.machine().domain().vcpu(0).now(), t1 = g.machine().domain().vcpu(1).now();
        assertTrue(Math.abs(t0 - t1) <= XenMachine.SMP_SLICE, t0 + " vs " + t1);
        assertTrue(t1 > 50_000, "vCPU 1 ran alongside: " + t1);
    }

    @Test
    void whenEveryVcpuBlocksWithNothingArmedTheHangNamesEachOne() {
        String stopTimers = "mov $7,%edi; xor %esi,%esi; xor %edx,%edx; HYPERCALL 24\n"
                + "mov $7,%edi; mov $1,%esi; xor %edx,%edx; HYPERCALL 24\n";
        String block = "mov $1,%edi; xor %esi,%esi; HYPERCALL 29\n";
        BootedGuest g = PvTestGuest.boot(stopTimers + CONTEXT + INITIALISE + UP + block + "ud2",
                "ap_entry:\n" + block + " ud2\n", DATA, PvBootOptions.defaults().withVcpus(2));
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.BLOCKED_FOREVER, r.outcome());
        assertTrue(r.hang().matches("every online vCPU blocked forever with no timer or event armed to wake it: "
                + "vCPU 0 at RIP 0x[0-9a-f]+, vCPU 1 at RIP 0x[0-9a-f]+"), r.hang());
    }

    @Test
    void aTlbFlushForAllVcpusReachesTheOtherVcpu() {
        // vCPU 1 reads `window` (its TLB now maps it), vCPU 0 remaps `window` to `other`'s frame with
        // update_va_mapping(UVMF_INVLPG | UVMF_ALL), then vCPU 1 reads it again: the new frame's byte
        String body = """
                movb $0x11,window(%rip); movb $0x22,other(%rip)
                lea other(%rip),%rax; sub $0xffffffff80000000,%rax; shr $12,%rax
                mov 104(%rsi),%rbx; mov (%rbx,%rax,8),%rbx; shl $12,%rbx; or $0x7,%rbx
                """ + CONTEXT + INITIALISE + UP + """
                1: cmpl $0,flag1(%rip); je 1b
                lea window(%rip),%rdi; mov %rbx,%rsi; mov $6,%edx; HYPERCALL 14
                mov %rax,%r12
                movl $1,flag2(%rip)
                2: cmpl $0,flag3(%rip); je 2b
                """;
        String text = """
                ap_entry:
                    movzbl window(%rip),%eax; mov %eax,seen1(%rip); movl $1,flag1(%rip)
                1:  cmpl $0,flag2(%rip); je 1b
                    movzbl window(%rip),%eax; mov %eax,seen2(%rip); movl $1,flag3(%rip)
                2:  jmp 2b
                """;
        String data = DATA + "flag1: .long 0\nflag2: .long 0\nflag3: .long 0\nseen1: .long 0\nseen2: .long 0\n"
                + " .p2align 12\nwindow: .skip 4096\nother: .skip 4096\n";
        BootedGuest g = PvTestGuest.boot(body + "POWEROFF", text, data, PvBootOptions.defaults().withVcpus(2));
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.detail() + " " + r.faults());
        assertEquals(0, g.reg(12), "update_va_mapping");
        assertEquals(0x11, g.read64("seen1", 0) & 0xff);
        assertEquals(0x22, g.read64("seen2", 0) & 0xff, "vCPU 1's TLB was flushed");
    }

    @Test
    void aVcpuThatYieldsGivesTheRestOfItsRoundToTheOthers() {
        BootedGuest g = PvTestGuest.boot(CONTEXT + INITIALISE + UP + "mov $100000,%ecx; 1: loop 1b\n POWEROFF",
                "ap_entry:\n 1: xor %edi,%edi; HYPERCALL 29; incq yields(%rip); jmp 1b\n",
                DATA + "yields: .quad 0\n", PvBootOptions.defaults().withVcpus(2));
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.detail());
        long yields = g.read64("yields", 0);
        assertTrue(yields >= 5 && yields <= 15, "one yield per 10,000 ns round while vCPU 0 loops 100,000 times: " + yields);
    }

    @Test
    void aVcpuAloneGoesOnAtOnceAfterAYield() {
        BootedGuest g = run("xor %edi,%edi; HYPERCALL 29\n xor %edi,%edi; HYPERCALL 29\n");
        assertTrue(g.machine().domain().vcpu(0).now() < 1000, "no idle time: " + g.machine().domain().vcpu(0).now());
    }
}
