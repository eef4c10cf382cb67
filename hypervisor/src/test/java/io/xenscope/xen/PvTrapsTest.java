package io.xenscope.xen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exceptions, iret, events and privileged instructions of a 64-bit PV guest, as Xen handles them. */
class PvTrapsTest {
    static final int RBX = 3, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    /** A trap table with one entry. */
    static String trapTable(int vector, int flags, String handler) {
        return "traps: .byte " + vector + ", " + flags + "\n .word 0xe033\n .long 0\n .quad " + handler
                + "\n .quad 0, 0\n";
    }

    static final String SET_TRAPS = "lea traps(%rip),%rdi; HYPERCALL 0\n";

    /** Copies 8 qwords from %rsp to `frame` and powers off. */
    static final String SAVE_FRAME_AND_POWEROFF = """
            mov %rsp,%r13
            lea frame(%rip),%rdi; mov %rsp,%rsi; mov $9,%ecx; rep movsq
            POWEROFF
            """;

    static BootedGuest runToPoweroff(String body, String text, String data) {
        BootedGuest g = PvTestGuest.boot(body, text, data);
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.toString());
        assertEquals(0, r.shutdownReason(), r.detail() + " " + r.faults());
        return g;
    }

    @Test
    void aPageFaultIsBouncedWithXensFrameOnTheKernelStack() {
        BootedGuest g = runToPoweroff(SET_TRAPS + """
                mov $0x1111,%rcx; mov $0x2222,%r11; mov %rsp,%r12
                movabs $0x0000100000000000,%rax
                fault_here: mov (%rax),%rax
                """, "pf_handler:\n" + SAVE_FRAME_AND_POWEROFF,
                trapTable(14, 0, "pf_handler") + "frame: .skip 72");
        long rsp = g.reg(R12);
        assertEquals((rsp & ~15L) - 64, g.reg(R13), "frame of 8 qwords below the 16-byte aligned rsp");
        assertEquals(0x1111, g.read64("frame", 0), "rcx");
        assertEquals(0x2222, g.read64("frame", 8), "r11");
        assertEquals(0, g.read64("frame", 16), "error code: not present, read, guest kernel mode (no U bit)");
        assertEquals(g.symbol("fault_here"), g.read64("frame", 24), "rip");
        assertEquals(0xe030L | 1L << 32, g.read64("frame", 32), "cs with RPL 0 (kernel) and the saved upcall mask");
        assertEquals(0, g.read64("frame", 40) & (1 << 9), "IF = !saved upcall mask");
        assertEquals(rsp, g.read64("frame", 48), "rsp");
        assertEquals(0xe02b, g.read64("frame", 56), "ss");
    }

    @Test
    void writingAPageTableDirectlyIsBouncedAsAPageFaultWithAPortingHint() {
        BootedGuest g = runToPoweroff(SET_TRAPS + "mov 88(%rsi),%rax; movq $0,(%rax)",
                "pf_handler:\n" + SAVE_FRAME_AND_POWEROFF, trapTable(14, 0, "pf_handler") + "frame: .skip 72");
        assertEquals(3, g.read64("frame", 16), "present + write, guest kernel mode");
        assertTrue(g.machine().events().stream().anyMatch(e -> e instanceof MachineEvent.Hint h
                && h.text().contains("L4 page table") && h.text().contains("mmu_update")));
    }

    @Test
    void cr2GoesToVcpuInfoArchCr2() {
        BootedGuest g = runToPoweroff(SET_TRAPS + "movabs $0x0000100000000123,%rax; mov (%rax),%rax",
                "pf_handler:\n" + SAVE_FRAME_AND_POWEROFF, trapTable(14, 0, "pf_handler") + "frame: .skip 72");
        Vcpu v = g.vcpu();
        assertEquals(0x0000100000000123L, v.cpu().memory.read64(v.vcpuInfoMaddr() + SharedInfo.VI_ARCH_CR2));
    }

    @Test
    void aFaultWithoutAHandlerCrashesTheDomainAndSaysWhy() {
        BootedGuest g = PvTestGuest.boot("ud2");
        RunReport r = g.run();
        assertEquals("crash", r.shutdownReasonName());
        assertTrue(r.detail().contains("#UD"), r.detail());
        assertEquals(6, r.faults().get(0).vector());
    }

    @Test
    void aTrapTableEntryWithTheEventMaskFlagMasksEvents() {
        BootedGuest g = runToPoweroff(HypercallTest.MAP_SHARED_INFO + "movb $0,scratch+1(%rip)\n" + SET_TRAPS
                + "ud2", "ud_handler:\n movzbl scratch+1(%rip),%ebx\n POWEROFF", trapTable(6, 4, "ud_handler"));
        assertEquals(1, g.reg(RBX));
    }

    @Test
    void intNWithADpl3EntryReachesTheHandlerAfterTheInstruction() {
        BootedGuest g = runToPoweroff(SET_TRAPS + "int $0x80\nafter_int:", "h:\n" + SAVE_FRAME_AND_POWEROFF,
                trapTable(0x80, 3, "h") + "frame: .skip 72");
        assertEquals(g.symbol("after_int"), g.read64("frame", 16), "no error code: rip follows rcx, r11");
    }

    @Test
    void intNWithoutADpl3EntryIsAGeneralProtectionFaultWithTheIdtErrorCode() {
        BootedGuest g = runToPoweroff(SET_TRAPS + "int_here: int $0x81",
                "gp:\n" + SAVE_FRAME_AND_POWEROFF, trapTable(13, 0, "gp") + "frame: .skip 72");
        assertEquals(0x81 << 3 | 2, g.read64("frame", 16));
        assertEquals(g.symbol("int_here"), g.read64("frame", 24), "rip of the int instruction");
    }

    @Test
    void theIretHypercallReturnsToTheInterruptedCodeAndRestoresRcxR11() {
        BootedGuest g = runToPoweroff(SET_TRAPS + """
                mov $0x5555,%rcx; mov $0x6666,%r11
                int3
                mov %rcx,%r12; mov %r11,%r13
                POWEROFF
                """, """
                bp:
                    mov $1,%r14
                    pop %rcx; pop %r11      /* Xen's frame starts with rcx, r11 */
                    push $0                 /* iret flags: not in syscall */
                    jmp hypercall_page + 23 * 32
                """, trapTable(3, 3, "bp"));
        assertEquals(1, g.reg(R14));
        assertEquals(0x5555, g.reg(R12));
        assertEquals(0x6666, g.reg(R13));
        assertEquals(1, g.vcpu().upcallMask(), "IF was clear in the frame: events stay masked");
    }

    @Test
    void iretWithABadStackSelectorGoesToTheFailsafeCallback() {
        BootedGuest g = runToPoweroff("""
                xor %edi,%edi; lea cb(%rip),%rsi; HYPERCALL 30
                mov %rsp,%rax
                push $0x10b               /* ss: a null descriptor in the guest's part of the GDT */
                push %rax; push $0x202; push $0xe030   /* RPL 0: back to guest kernel mode */
                lea never(%rip),%rax; push %rax
                push $0
                jmp hypercall_page + 23 * 32
                never: ud2
                """, "failsafe:\n" + SAVE_FRAME_AND_POWEROFF,
                "cb: .word 1, 0, 0, 0\n .quad failsafe\nframe: .skip 72");
        assertEquals(0xe02b, g.read64("frame", 16), "ds of the frame (failsafe frames carry ds, es, fs, gs)");
        assertEquals(g.symbol("never"), g.read64("frame", 48));
    }

    @Test
    void movFromCr3ReadsTheMachineAddressOfTheCurrentL4() {
        BootedGuest g = runToPoweroff("mov %cr3,%rbx\nPOWEROFF", "", "");
        Domain d = g.machine().domain();
        assertEquals(d.pfnToMfn(g.machine().layout().pgtablesPfn()) << 12, g.reg(RBX));
        assertTrue(g.machine().events().stream().anyMatch(e -> e instanceof MachineEvent.GuestFault f && f.emulated()));
    }

    @Test
    void theForcedEmulationPrefixGivesXensCpuidLeaves() {
        BootedGuest g = runToPoweroff("mov $0x40000000,%eax; ud2; .ascii \"xen\"; cpuid\n"
                + "mov %ebx,%r12d; mov %ecx,%r13d; mov %edx,%r14d; mov %eax,%r15d\n POWEROFF", "", "");
        assertEquals(0x566e6558, g.reg(R12));
        assertEquals(0x65584d4d, g.reg(R13));
        assertEquals(0x4d4d566e, g.reg(R14));
        assertEquals(0x40000005, g.reg(R15));
    }

    @Test
    void plainCpuidAlsoSeesXenThroughCpuidFaulting() {
        BootedGuest g = runToPoweroff("mov $0x40000000,%eax; cpuid; mov %ebx,%r12d\n"
                + "mov $1,%eax; cpuid; mov %ecx,%r13d\n POWEROFF", "", "");
        assertEquals(0x566e6558, g.reg(R12));
        assertTrue((g.reg(R13) & 1L << 31) != 0, "CPUID.1:ECX.hypervisor");
    }

    @Test
    void forcedCpuidLeafOneHasTheXenVersion() {
        BootedGuest g = runToPoweroff("mov $0x40000001,%eax; ud2; .ascii \"xen\"; cpuid\n mov %eax,%ebx\n"
                + " POWEROFF", "", "");
        assertEquals(4 << 16 | 17, g.reg(RBX));
    }

    @Test
    void anUnknownMsrReadIsAGeneralProtectionFaultForTheGuest() {
        BootedGuest g = PvTestGuest.boot("mov $0x12345,%ecx; rdmsr\n POWEROFF");
        RunReport r = g.run();
        assertEquals("crash", r.shutdownReasonName());
        assertEquals(13, r.faults().get(r.faults().size() - 1).vector());
    }

    @Test
    void readingTheFsBaseMsrIsEmulated() {
        BootedGuest g = runToPoweroff("xor %edi,%edi; mov $0x1234000,%esi; HYPERCALL 25\n"
                + "mov $0xc0000100,%ecx; rdmsr; shl $32,%rdx; or %rdx,%rax; mov %rax,%rbx\n POWEROFF", "", "");
        assertEquals(0x1234000, g.reg(RBX));
    }

    @Test
    void wbinvdIsIgnoredForADomU() {
        assertEquals(1, runToPoweroff("wbinvd; mov $1,%ebx\n POWEROFF", "", "").reg(RBX));
    }

    @Test
    void changingCr0BitsOtherThanTsIsRefused() {
        BootedGuest g = PvTestGuest.boot("mov %cr0,%rax; and $~1,%rax; mov %rax,%cr0\n POWEROFF");
        assertEquals("crash", g.run().shutdownReasonName());
    }

    @Test
    void anInWithoutIoplIsAGeneralProtectionFault() {
        BootedGuest g = PvTestGuest.boot("in $0x60,%al\n POWEROFF");
        RunReport r = g.run();
        assertEquals("crash", r.shutdownReasonName());
        assertEquals(13, r.faults().get(0).vector());
    }

    @Test
    void aSyscallFromGuestUserModeBouncesToTheSyscallCallbackOnTheKernelStack() {
        BootedGuest g = runToPoweroff("""
                mov $0xe02b,%edi; lea stack2_top(%rip),%rsi; HYPERCALL 3
                xor %edi,%edi; lea cb(%rip),%rsi; HYPERCALL 30
                mov %cr3,%rax; shr $12,%rax; mov %rax,ext+8(%rip)
                lea ext(%rip),%rdi; mov $1,%esi; xor %edx,%edx; mov $0x7ff0,%r10d; HYPERCALL 26
                mov %rax,%r15
                mov %rsp,%rax; sub $256,%rax
                push $0xe02b; push %rax; push $0x202; push $0xe033
                lea user_code(%rip),%rax; push %rax
                push $0
                jmp hypercall_page + 23 * 32
                user_code:
                mov $0x77,%r12
                syscall
                after_syscall: ud2
                """, "sys_handler:\n" + SAVE_FRAME_AND_POWEROFF,
                "cb: .word 2, 0, 0, 0\n .quad sys_handler\next: .long 15, 0\n .quad 0, 0\nframe: .skip 72");
        assertEquals(0, g.reg(R15), "MMUEXT_NEW_USER_BASEPTR");
        assertEquals((g.symbol("stack2_top") & ~15L) - 56, g.reg(R13), "frame on the stack_switch stack");
        assertEquals(g.symbol("after_syscall"), g.read64("frame", 0), "rcx = user return address");
        assertEquals(g.symbol("after_syscall"), g.read64("frame", 16), "rip");
        assertEquals(0xe033, g.read64("frame", 24) & 0xffff, "user cs keeps RPL 3");
        assertTrue(g.vcpu().kernelMode());
    }
}
