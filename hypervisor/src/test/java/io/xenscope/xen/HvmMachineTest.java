package io.xenscope.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.boot.elf.GuestType;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.testing.GnuAssembler;
import io.xenscope.testing.HvmImages;
import org.junit.jupiter.api.Test;

/** The HVM machine: the vCPU's reset state, the first instructions, booting a boot sector, and how a run ends. */
class HvmMachineTest {
    private static final GnuAssembler AS = GnuAssembler.inTarget();

    /** A boot disk whose sector 0 is {@code source} (16-bit code; CS = DS = 0x07C0 after the prologue, so labels work). */
    static byte[] bootSector(String source) {
        return HvmImages.bootDisk(AS.assemble(GnuAssembler.Mode.CODE16, GnuAssembler.Syntax.ATT,
                "ljmp $0x07c0, $5\n push %cs\n pop %ds\n" + source));
    }

    static XenMachine boot(byte[] image) {
        try {
            return XenMachine.bootHvm(image, PvBootOptions.defaults());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theVcpuStartsInTheResetStateOfTable9_1() {
        Cpu c = boot(bootSector("hlt")).vcpu0().cpu();
        assertEquals(CpuMode.REAL, c.mode);
        assertEquals(0xf000, c.seg[Cpu.CS].selector);
        assertEquals(0xffff0000L, c.seg[Cpu.CS].base);
        assertEquals(0xfff0, c.rip);
        assertEquals(0x000306a9, c.gpr[2], "EDX = the CPU signature");
        assertEquals(0x60000010L, c.cr0);
        assertEquals(0x2, c.rflags());
        assertEquals(0xffff, c.idtrLimit);
    }

    @Test
    void theFirstInstructionIsTheRomsFarJumpAt0xFFFFFFF0() {
        XenMachine m = boot(bootSector("hlt"));
        assertEquals(0xea, m.domain().memory().read8(0xfffffff0L));
        m.vcpu0().engine().step();
        Cpu c = m.vcpu0().cpu();
        assertEquals(0xf000, c.seg[Cpu.CS].selector);
        assertEquals(0xf0000L, c.seg[Cpu.CS].base);
        assertEquals(0xe05b, c.rip, "POST");
    }

    @Test
    void aBootSectorPrintsThroughInt10hThenPort0xE9() {
        XenMachine m = boot(bootSector("""
                mov $0x0e, %ah
                mov $'B', %al
                int $0x10
                mov $'E', %al
                out %al, $0xe9
                mov $0, %al
                out %al, $0xf4
                """));
        RunReport r = m.run(1_000_000);
        assertEquals("B", m.screenOutput());
        assertEquals("E", r.console());
        assertEquals(RunReport.Outcome.DEBUG_EXIT, r.outcome());
        assertEquals(1, r.exitStatus());
        assertEquals(GuestType.HVM, r.mode());
    }

    @Test
    void theBootSectorIsEnteredAt7C00WithDl0x80AndAx0xAA55() {
        XenMachine m = boot(HvmImages.bootDisk(AS.assemble(GnuAssembler.Mode.CODE16, GnuAssembler.Syntax.ATT,
                "mov %ax, %bx\n mov %dx, %cx\n call 1f\n1: pop %si\n out %al, $0xf4")));
        m.run(1_000_000);
        Cpu c = m.vcpu0().cpu();
        assertEquals(0xaa55, c.gpr[3] & 0xffff);
        assertEquals(0x80, c.gpr[1] & 0xffff);
        assertEquals(0x7c07, c.gpr[6] & 0xffff, "the call's return address: code runs at 0000:7C00");
        assertEquals(0, c.seg[Cpu.CS].selector);
    }

    @Test
    void isaDebugExitEndsTheRunWithValueTimesTwoPlusOne() {
        RunReport r = boot(bootSector("mov $0x21, %al\n out %al, $0xf4\n jmp .")).run(1_000_000);
        assertEquals(RunReport.Outcome.DEBUG_EXIT, r.outcome());
        assertEquals(0x43, r.exitStatus());
    }

    @Test
    void hltWithInterruptsOffHangsTheVcpuAndXenPowersTheDomainOff() {
        RunReport r = boot(bootSector("cli\n hlt")).run(1_000_000);
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome());
        assertEquals(ShutdownReason.POWEROFF, r.shutdownReason());
        assertEquals("vCPU 0 hung: hlt with IF=0 at RIP 0x8 (CS:IP 07c0:0008): nothing can wake it, so Xen took the vCPU "
                + "down (hvm_vcpu_down) and, with no vCPU online, powered the domain off", r.hang());
    }

    @Test
    void hltWithInterruptsOnAndNothingArmedBlocksForever() {
        RunReport r = boot(bootSector("sti\n hlt")).run(1_000_000);
        assertEquals(RunReport.Outcome.BLOCKED_FOREVER, r.outcome());
        assertEquals("vCPU 0 blocked forever: hlt at RIP 0x8 (CS:IP 07c0:0008) with no timer or interrupt source armed",
                r.hang());
    }

    /** A Multiboot header at the start of a {@link PvhTestGuest} body: the same image then boots as HVM through the BIOS. */
    private static final String MULTIBOOT_HEADER = "jmp 1f\n .p2align 2\n .long 0x1BADB002, 3, -(0x1BADB002 + 3)\n1:\n";

    @Test
    void anHvmGuestGetsXenTimerEventsOnItsCallbackVectorAndHltWaitsForThem() throws Exception {
        byte[] image = PvhTestGuest.build(MULTIBOOT_HEADER + "INSTALL_HYPERCALL_PAGE\nLONG_MODE\n" + PvhTest.IDT_SETUP + """
                movl $0, %edi
                movq $prm, %rsi
                HCALL 34
                movl $1, %edi
                movq $virq, %rsi
                HCALL 32
                movq $1000000, %rdi
                HCALL 15
                sti
                hlt
                cli
                movq flag, %rax
                movq %rax, res
                POWEROFF64
                """, PvhTest.HANDLER, PvhTest.EVENT_DATA + " .data\nvirq: .long 0, 0, 0\n");
        XenMachine m = XenMachine.bootHvm(image, PvBootOptions.defaults());
        RunReport r = m.run(5_000_000);
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome());
        assertEquals(ShutdownReason.POWEROFF, r.shutdownReason(), r.detail());
        long res = io.xenscope.boot.elf.ElfImage.parse(image).symbol("res").orElseThrow().value();
        assertEquals(1, m.domain().memory().read64(res), "the timer's VIRQ woke the vCPU through the callback vector");
        assertEquals(null, r.hang());
    }

    @Test
    void anInvalidOpcodeInRealModeCrashesTheDomainWithTheReason() {
        RunReport r = boot(HvmImages.bootDisk(new byte[] {0x0f, 0x0b})).run(1_000_000);
        assertEquals(ShutdownReason.CRASH, r.shutdownReason());
        assertEquals("real-mode exception #UD (vector 6) at 0000:7c00: the BIOS's handler cannot recover from it", r.detail());
    }

    @Test
    void aBootSectorThatReturnsToTheBiosEndsTheRun() {
        RunReport r = boot(HvmImages.bootDisk(new byte[] {(byte) 0xcb})).run(1_000_000); // lret
        assertEquals(ShutdownReason.CRASH, r.shutdownReason());
        assertEquals("the boot sector returned to the BIOS (a far return from 0000:7c00): there is nothing else to boot",
                r.detail());
    }

    @Test
    void aTripleFaultResetsTheDomainAsXenDoesForHvm() {
        // a Multiboot kernel with an empty IDT: ud2 → #UD, no gate → #GP → #DF → triple fault
        byte[] code = AS.assemble(GnuAssembler.Mode.CODE32, GnuAssembler.Syntax.ATT, "push $0\n push $0\n lidt 2(%esp)\n ud2");
        byte[] seg = HvmImages.concat(HvmImages.multibootHeader(0x3), code);
        RunReport r = boot(HvmImages.elf(false, 0x100000, 0x100000, seg, seg.length, 0x10000c)).run(1_000_000);
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome());
        assertEquals(ShutdownReason.REBOOT, r.shutdownReason());
        assertEquals(true, r.detail().startsWith("triple fault"), r.detail());
    }

    @Test
    void xenAdvertisesHvmFeaturesWithPirqs() {
        XenMachine m = boot(bootSector("hlt"));
        m.domain().memory().write32(0x5000, 0); // xen_feature_info.submap_idx (real mode: guest address = physical)
        long rc = m.domain().hypercalls().invoke(m.vcpu0(), 17, 6, 0x5000, 0, 0, 0, 0, 0); // xen_version(XENVER_get_features)
        assertEquals(0, rc);
        assertEquals(0x12705, m.domain().memory().read32(0x5004), "writable_page_tables, auto_translated_physmap, "
                + "hvm_callback_vector, hvm_safe_pvclock, hvm_pirqs, memory_op_vnode_supported, not_direct_mapped");
    }
}
