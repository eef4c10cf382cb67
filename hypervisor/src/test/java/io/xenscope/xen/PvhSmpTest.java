package io.xenscope.xen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A PVH domain with two vCPUs: VCPUOP_initialise with a vcpu_hvm_context (hvm_vcpu.h), then VCPUOP_up. */
class PvhSmpTest {
    static final long EINVAL = -22, EEXIST = -17;

    /** vcpu_hvm_context, 32-bit mode: flat CS 0xc9b / DS, ES, SS 0xc93 / TR 0x8b, eip ap_entry, esp ap_stack_top, cr0 PE|ET. */
    static final String CONTEXT32 = """
            movl $0,ctx; movl $0,ctx+4
            movl $ap_stack_top,ctx+8+16
            movl $ap_entry,ctx+8+32
            movl $0x2,ctx+8+36
            movl $0x11,ctx+8+40
            movl $0xfffff,ctx+8+84; movl $0xfffff,ctx+8+88; movl $0xfffff,ctx+8+92; movl $0xfffff,ctx+8+96
            movl $0x67,ctx+8+100
            movw $0xc9b,ctx+8+104; movw $0xc93,ctx+8+106; movw $0xc93,ctx+8+108; movw $0xc93,ctx+8+110
            movw $0x8b,ctx+8+112
            """;
    static final String INITIALISE = "movl $0,%ebx; movl $1,%ecx; movl $ctx,%edx; HCALL 24\n";
    static final String UP = "movl $1,%ebx; movl $1,%ecx; xorl %edx,%edx; HCALL 24\n";
    static final String TEXT = """
            ap_entry:
                movl $0,%ebx; movl $(msg_end - msg),%ecx; movl $msg,%edx; HCALL 18
                movl $1,ap_ran
            1:  jmp 1b
            """;
    static final String DATA = """
            msg: .ascii "vCPU 1: up in 32-bit protected mode\\n"
            msg_end:
            ap_ran: .long 0
            .p2align 3
            ctx: .skip 128
            .p2align 4
            ap_stack: .skip 1024
            ap_stack_top:
            """;

    static BootedGuest run(String body) {
        BootedGuest g = PvhTestGuest.boot("INSTALL_HYPERCALL_PAGE\n" + body + "\nPOWEROFF32", TEXT, DATA,
                PvBootOptions.defaults().withVcpus(2));
        RunReport r = g.machine().run(5_000_000);
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.detail() + " " + r.faults());
        return g;
    }

    @Test
    void vcpu0BringsUpVcpu1InProtectedMode() {
        BootedGuest g = run(CONTEXT32 + INITIALISE + "movl %eax,%esi\n" + UP + "1: cmpl $0,ap_ran; je 1b\n");
        assertEquals(0, g.machine().domain().vcpu(0).cpu().gpr[6], "VCPUOP_initialise");
        assertEquals("vCPU 1: up in 32-bit protected mode\n", g.machine().consoleOutput());
        assertTrue(g.machine().domain().vcpu(1).up);
    }

    @Test
    void anInitialisedHvmVcpuStaysDownUntilVcpuopUp() {
        BootedGuest g = run(CONTEXT32 + INITIALISE);
        assertTrue(g.machine().domain().vcpu(1).initialised);
        assertFalse(g.machine().domain().vcpu(1).up);
    }

    @Test
    void aDataSegmentForCsIsEinval() {
        BootedGuest g = run(CONTEXT32 + "movw $0xc93,ctx+8+104\n" + INITIALISE + "movl %eax,%esi\n");
        assertEquals(EINVAL, (int) g.machine().domain().vcpu(0).cpu().gpr[6]);
    }

    @Test
    void anUnknownModeIsEinval() {
        BootedGuest g = run(CONTEXT32 + "movl $2,ctx\n" + INITIALISE + "movl %eax,%esi\n");
        assertEquals(EINVAL, (int) g.machine().domain().vcpu(0).cpu().gpr[6]);
    }

    @Test
    void longModeWithoutPagingIsEinval() {
        BootedGuest g = run("movl $1,ctx; movl $0x11,ctx+8+80; movl $0x20,ctx+8+96; movl $0x100,ctx+8+104\n"
                + INITIALISE + "movl %eax,%esi\n");
        assertEquals(EINVAL, (int) g.machine().domain().vcpu(0).cpu().gpr[6]);
    }

    @Test
    void initialisingTwiceIsEexist() {
        BootedGuest g = run(CONTEXT32 + INITIALISE + INITIALISE + "movl %eax,%esi\n");
        assertEquals(EEXIST, (int) g.machine().domain().vcpu(0).cpu().gpr[6]);
    }

    @Test
    void vcpu1CanStartIn64BitModeOnTheGivenPageTables() {
        String body = """
                INSTALL_HYPERCALL_PAGE
                LONG_MODE
                movl $1,ctx
                movq $ap64,ctx+8+64
                movq $ap_stack_top,ctx+8+32
                movl $0x80000011,ctx+8+80
                movq $pml4,ctx+8+88
                movq $0x20,ctx+8+96
                movq $0x100,ctx+8+104
                xorl %edi,%edi; movl $1,%esi; movl $ctx,%edx; HCALL 24
                movl %eax,%r12d
                movl $1,%edi; movl $1,%esi; xorl %edx,%edx; HCALL 24
            1:  cmpl $0,ap_ran; je 1b
                POWEROFF64
                """;
        String text = TEXT + """
                .code64
            ap64:
                movl $2,ap_ran
            1:  jmp 1b
                """;
        BootedGuest g = PvhTestGuest.boot(body, text, DATA, PvBootOptions.defaults().withVcpus(2));
        RunReport r = g.machine().run(5_000_000);
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.detail() + " " + r.faults());
        assertEquals(0, g.machine().domain().vcpu(0).cpu().gpr[12], "VCPUOP_initialise");
        assertEquals(io.xenscope.cpu.CpuMode.LONG_64, g.machine().domain().vcpu(1).cpu().mode);
    }
}
