package io.xenscope.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.xenscope.boot.elf.ElfImage;
import org.junit.jupiter.api.Test;

/**
 * HVM SMP as on a PC (SDM Vol. 3 §8.4.4): a two-vCPU Multiboot guest whose BSP copies a 16-bit
 * trampoline to 0x8000 and starts vCPU 1 (APIC ID 2, as Xen numbers them) with INIT and a STARTUP
 * of vector 08h; the AP enters
 * the trampoline in real mode at 0800:0000, switches to flat protected mode and records what it
 * sees: its CS, its local APIC ID (the APIC at 0xFEE00000 is the accessing vCPU's), CPUID's
 * initial APIC ID and its IA32_APIC_BASE (no BSP flag), counts itself in, and goes down with cli; hlt.
 */
class HvmSmpTest {
    private static final String MULTIBOOT_HEADER = "jmp 1f\n .p2align 2\n .long 0x1BADB002, 3, -(0x1BADB002 + 3)\n1:\n";

    /** The BSP: trampoline copied, its APIC enabled, INIT then STARTUP 08h to APIC ID 2 (vCPU 1). */
    private static final String START_AP = """
                INSTALL_HYPERCALL_PAGE
                movl $trampoline, %esi
                movl $0x8000, %edi
                movl $trampoline_end - trampoline, %ecx
                rep movsb
                movl $0x1ff, 0xfee000f0
                movl $0x02000000, 0xfee00310
                movl $0x00004500, 0xfee00300
                movl $0x02000000, 0xfee00310
                movl $0x00004608, 0xfee00300
            """;

    private static final String WAIT_AND_POWEROFF = """
            9:  cmpl $0, ap_count
                je 9b
                POWEROFF32
            """;

    /** The trampoline (real mode, copied to 0x8000) and the AP's 32-bit entry; AP_WORK runs before it counts itself in. */
    private static final String AP_CODE = """
                .code16
            trampoline:
                cli
                movw %cs, %bx
                lgdtl %cs:tgdt_desc - trampoline
                movl %cr0, %eax
                orl $1, %eax
                movl %eax, %cr0
                ljmpl $0x08, $ap_main
                .p2align 3
            tgdt: .quad 0, 0x00cf9a000000ffff, 0x00cf92000000ffff
            tgdt_desc: .word 23
                .long 0x8000 + tgdt - trampoline
            trampoline_end:
                .code32
            ap_main:
                movl $0x10, %eax
                movl %eax, %ds
                movl %eax, %es
                movl %eax, %ss
                movl $ap_stack_top, %esp
                movzwl %bx, %eax
                movl %eax, ap_cs
                movl 0xfee00020, %eax
                shrl $24, %eax
                movl %eax, ap_id
                movl $0x1b, %ecx
                rdmsr
                movl %eax, ap_apic_base
                movl $1, %eax
                cpuid
                shrl $24, %ebx
                movl %ebx, ap_cpuid_apic_id
                AP_WORK
                lock incl ap_count
                cli
                hlt
            """;

    private static final String DATA = """
            ap_count: .long 0
            ap_cs: .long 0
            ap_id: .long 0
            ap_apic_base: .long 0
            ap_cpuid_apic_id: .long 0
            ap_ready: .long 0
            ap_vector: .long 0
            after_hlt: .long 0
            ap_idt_desc: .word 0x41 * 8 - 1
                .long ap_idt
                .p2align 3
            ap_idt: .skip 0x41 * 8
            ap_stack: .skip 4096
            ap_stack_top:
            """;

    /** The AP enables its APIC, installs a gate for vector 40h, says it is ready and halts with IF = 1. */
    private static final String AP_HALTS_FOR_AN_IPI = """
                movl $0x1ff, 0xfee000f0
                movl $ap_handler, %eax
                movw %ax, ap_idt + 0x40 * 8
                movw $0x08, ap_idt + 0x40 * 8 + 2
                movw $0x8e00, ap_idt + 0x40 * 8 + 4
                shrl $16, %eax
                movw %ax, ap_idt + 0x40 * 8 + 6
                lidt ap_idt_desc
                movl $1, ap_ready
                sti
                hlt
                movl $1, after_hlt
            """;

    private static final String AP_HANDLER = """
            ap_handler:
                movl $0x40, ap_vector
                movl $0, 0xfee000b0
                iret
            """;

    private record Run(XenMachine machine, ElfImage elf, RunReport report) {
        int word(String symbol) {
            return machine.domain().memory().read32(elf.symbol(symbol).orElseThrow().value());
        }
    }

    private static Run run(String bsp, String apWork) throws Exception {
        byte[] image = PvhTestGuest.build(MULTIBOOT_HEADER + ".macro AP_WORK\n" + apWork + "\n.endm\n" + bsp,
                AP_CODE + AP_HANDLER, DATA);
        XenMachine m = XenMachine.bootHvm(image, new PvBootOptions(32L << 20, "", false, 0x5eed, 1, "guest", false, true, 2));
        RunReport r = m.run(5_000_000);
        assertEquals(ShutdownReason.POWEROFF, r.shutdownReason(), r.detail());
        return new Run(m, ElfImage.parse(image), r);
    }

    @Test
    void initAndStartupStartTheApInRealModeAtTheVectorsPage() throws Exception {
        Run r = run(START_AP + WAIT_AND_POWEROFF, "");
        assertEquals(1, r.word("ap_count"));
        assertEquals(0x0800, r.word("ap_cs"), "STARTUP vector 08h: CS = 0800h, base 8000h");
    }

    @Test
    void theApSeesItsOwnLocalApicAtTheSharedAddress() throws Exception {
        Run r = run(START_AP + WAIT_AND_POWEROFF, "");
        assertEquals(2, r.word("ap_id"), "APIC ID register of vCPU 1: 2 × its id, as on Xen");
    }

    @Test
    void cpuidLeaf1GivesTheApItsInitialApicId() throws Exception {
        Run r = run(START_AP + WAIT_AND_POWEROFF, "");
        assertEquals(2, r.word("ap_cpuid_apic_id"));
    }

    @Test
    void theApsApicBaseMsrHasNoBspFlag() throws Exception {
        Run r = run(START_AP + WAIT_AND_POWEROFF, "");
        assertEquals(0xfee00800, r.word("ap_apic_base"));
    }

    @Test
    void theApGoesDownOnCliHlt() throws Exception {
        Run r = run(START_AP + WAIT_AND_POWEROFF, "");
        assertFalse(r.machine().domain().vcpu(1).up);
    }

    @Test
    void aStartupToAnApThatIsNotWaitingForOneIsIgnored() throws Exception {
        Run r = run(START_AP + """
                8:  cmpl $0, ap_count
                    je 8b
                    movl $0x02000000, 0xfee00310
                    movl $0x00004608, 0xfee00300
                    movl $100000, %ecx
                7:  loop 7b
                    POWEROFF32
                """, "");
        assertEquals(1, r.word("ap_count"), "the AP went down with cli; hlt still initialised (not reset by an INIT): it ran the trampoline once");
    }

    @Test
    void aNewInitResetsTheApSoThatTheNextStartupRunsItAgain() throws Exception {
        Run r = run(START_AP + """
                8:  cmpl $0, ap_count
                    je 8b
                """ + START_AP + """
                7:  cmpl $2, ap_count
                    jne 7b
                    POWEROFF32
                """, "");
        assertEquals(2, r.word("ap_count"));
    }

    @Test
    void aFixedIpiFromTheBspWakesTheHaltedAp() throws Exception {
        Run r = run(START_AP + """
                8:  cmpl $0, ap_ready
                    je 8b
                    movl $0x02000000, 0xfee00310
                    movl $0x00000040, 0xfee00300
                """ + WAIT_AND_POWEROFF, AP_HALTS_FOR_AN_IPI);
        assertEquals(0x40, r.word("ap_vector"));
        assertEquals(1, r.word("after_hlt"), "the AP went on after its hlt");
        assertEquals(1, r.word("ap_count"));
    }


    @Test
    void aHaltedApWakesAtItsOwnApicTimersDeadline() throws Exception {
        Run r = run(START_AP + WAIT_AND_POWEROFF, AP_HALTS_FOR_AN_IPI.replace("movl $1, ap_ready\n",
                "movl $0x40, 0xfee00320\n movl $0xb, 0xfee003e0\n movl $1000, 0xfee00380\n"));
        assertEquals(0x40, r.word("ap_vector"), "the AP's LVT timer vector");
        assertEquals(1, r.word("after_hlt"));
    }
    @Test
    void xensVcpuopInitialiseAndUpStartAnHvmApToo() throws Exception {
        byte[] image = PvhTestGuest.build(MULTIBOOT_HEADER + "INSTALL_HYPERCALL_PAGE\n" + PvhSmpTest.CONTEXT32
                + PvhSmpTest.INITIALISE + PvhSmpTest.UP + "1: cmpl $0,ap_ran; je 1b\nPOWEROFF32\n", PvhSmpTest.TEXT, PvhSmpTest.DATA);
        XenMachine m = XenMachine.bootHvm(image, new PvBootOptions(32L << 20, "", false, 0x5eed, 1, "guest", false, true, 2));
        RunReport r = m.run(5_000_000);
        assertEquals(ShutdownReason.POWEROFF, r.shutdownReason(), r.detail());
        assertEquals(1, m.domain().memory().read32(ElfImage.parse(image).symbol("ap_ran").orElseThrow().value()));
    }
}
