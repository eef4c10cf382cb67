package io.xenscope.cpu.isa.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.FlatGdt;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.ModelSpecificRegisters;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.testing.GnuAssembler.Mode;
import org.junit.jupiter.api.Test;

/** System instructions of SDM Vol. 2 with their privilege and feature checks. */
class SystemInstructionsTest {
    private static final long TARGET = 0x10100, KERNEL_ENTRY = 0x11000;

    private static void assertHalted(RunResult r) {
        assertEquals(StopReason.HALTED, r.reason(), () -> "stopped: " + r);
    }

    private static void assertFault(RunResult r, String mnemonic) {
        assertEquals(StopReason.GUEST_FAULT, r.reason(), () -> "stopped: " + r);
        assertEquals(mnemonic, r.fault().mnemonic(), () -> r.fault().getMessage());
    }

    // ---- syscall / sysret / sysenter / sysexit / swapgs -----------------------------------------

    private static SystemMachine withSyscallMsrs() {
        SystemMachine m = SystemMachine.long64();
        m.cpu.setEfer(m.cpu.efer | Cpu.EFER_SCE);
        // kernel CS = 0x08, SS = 0x10; sysret base 0x28: CS = 0x38 (user 64), SS = 0x30 (user data)
        m.cpu.msr.star = 0x0028_0008L << 32;
        m.cpu.msr.lstar = KERNEL_ENTRY;
        m.cpu.msr.fmask = Flags.IF | Flags.DF;
        return m;
    }

    @Test
    void syscallEntersTheKernelAndSysretReturnsToUserMode() {
        SystemMachine m = withSyscallMsrs().user(true);
        m.cpu.setRflags(Flags.IF | Flags.FIXED);
        m.code64("syscall\n int3").code(KERNEL_ENTRY, Mode.CODE64, "swapgs\n swapgs\n sysretq");
        m.stopOnFaults();
        RunResult r = m.run();
        assertEquals("#BP", r.fault().mnemonic(), r::toString);
        assertEquals(3, m.cpu.cpl);
        assertEquals(CpuMode.LONG_64, m.cpu.mode);
        assertEquals(SystemMachine.USER_CODE64 | 3, m.cpu.seg[Cpu.CS].selector);
        assertEquals(SystemMachine.USER_DATA | 3, m.cpu.seg[Cpu.SS].selector);
        assertTrue(m.cpu.interruptsEnabled(), "RFLAGS restored from R11");
    }

    @Test
    void syscallSavesRipInRcxAndMasksRflags() {
        SystemMachine m = withSyscallMsrs().user(true);
        m.cpu.setRflags(Flags.IF | Flags.FIXED);
        m.code64("syscall").code(KERNEL_ENTRY, Mode.CODE64, "hlt");
        assertHalted(m.run());
        assertEquals(SystemMachine.CODE + 2, m.cpu.gpr[1]);
        assertTrue((m.cpu.gpr[11] & Flags.IF) != 0);
        assertFalse(m.cpu.interruptsEnabled());
        assertEquals(0, m.cpu.cpl);
        assertEquals(FlatGdt.CODE64, m.cpu.seg[Cpu.CS].selector);
    }

    @Test
    void syscallWithSceClearIsInvalidOpcode() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        m.code64("syscall");
        assertFault(m.run(), "#UD");
    }

    @Test
    void sysretAtCpl3IsGeneralProtection() {
        SystemMachine m = withSyscallMsrs().user(true).stopOnFaults();
        m.code64("sysretq");
        assertFault(m.run(), "#GP");
    }

    @Test
    void sysenterAndSysexitUseSysenterCs() {
        SystemMachine m = SystemMachine.protected32().user(false);
        m.cpu.msr.sysenterCs = FlatGdt.CODE32;
        m.cpu.msr.sysenterEsp = 0x7ff0;
        m.cpu.msr.sysenterEip = KERNEL_ENTRY;
        m.cpu.gpr[2] = TARGET; // sysexit: EIP = EDX, ESP = ECX
        m.cpu.gpr[1] = 0x6000;
        // sysexit loads CS = SYSENTER_CS + 16 (= 0x20 | 3) and SS = + 24: point them at user descriptors
        m.gdt(0x20, FlatGdt.descriptor(0, 0xfffff, SystemMachine.USER_CODE32_ATTR));
        m.gdt(0x28, FlatGdt.descriptor(0, 0xfffff, SystemMachine.USER_DATA_ATTR));
        m.code32("sysenter").code(KERNEL_ENTRY, Mode.CODE32, "sysexit").code(TARGET, Mode.CODE32, "int3");
        m.stopOnFaults();
        RunResult r = m.run();
        assertEquals("#BP", r.fault().mnemonic(), r::toString);
        assertEquals(3, m.cpu.cpl);
        assertEquals(0x23, m.cpu.seg[Cpu.CS].selector);
        assertEquals(0x6000, m.cpu.gpr[4]);
    }

    @Test
    void swapgsExchangesGsBaseWithKernelGsBase() {
        SystemMachine m = SystemMachine.long64();
        m.cpu.seg[Cpu.GS].base = 0x1111;
        m.cpu.msr.kernelGsBase = 0x2222;
        m.code64("swapgs\n hlt");
        assertHalted(m.run());
        assertEquals(0x2222, m.cpu.seg[Cpu.GS].base);
        assertEquals(0x1111, m.cpu.msr.kernelGsBase);
    }

    @Test
    void wrfsbaseAndRdgsbaseNeedCr4Fsgsbase() {
        SystemMachine m = SystemMachine.long64();
        m.cpu.setCr4(m.cpu.cr4 | Cpu.CR4_FSGSBASE);
        m.cpu.gpr[0] = 0x7fff_0000_1000L;
        m.cpu.seg[Cpu.GS].base = 0x4242;
        m.code64("wrfsbase %rax\n rdgsbase %rbx\n hlt");
        assertHalted(m.run());
        assertEquals(0x7fff_0000_1000L, m.cpu.seg[Cpu.FS].base);
        assertEquals(0x4242, m.cpu.gpr[3]);
        SystemMachine off = SystemMachine.long64().stopOnFaults();
        off.code64("rdfsbase %rax");
        assertFault(off.run(), "#UD");
    }

    // ---- MSRs -----------------------------------------------------------------------------------

    private static RunResult wrmsr(SystemMachine m, long index, long value) {
        m.cpu.gpr[1] = index;
        m.cpu.gpr[0] = value & 0xffffffffL;
        m.cpu.gpr[2] = value >>> 32;
        m.code64("wrmsr\n rdmsr\n hlt");
        return m.run();
    }

    @Test
    void wrmsrThenRdmsrRoundTripsLstar() {
        SystemMachine m = SystemMachine.long64();
        assertHalted(wrmsr(m, ModelSpecificRegisters.IA32_LSTAR, 0xffff_8000_0000_1000L));
        assertEquals(0xffff_8000_0000_1000L, m.cpu.msr.lstar);
        assertEquals(0x0000_1000L, m.cpu.gpr[0]);
        assertEquals(0xffff_8000L, m.cpu.gpr[2]);
    }

    @Test
    void nonCanonicalLstarIsGeneralProtection() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        assertFault(wrmsr(m, ModelSpecificRegisters.IA32_LSTAR, 0x8000_0000_0000L), "#GP");
    }

    @Test
    void unknownMsrIsGeneralProtection() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        assertFault(wrmsr(m, 0x12345, 0), "#GP");
    }

    @Test
    void eferReservedBitsAreGeneralProtection() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        assertFault(wrmsr(m, ModelSpecificRegisters.IA32_EFER, m.cpu.efer | 1 << 2), "#GP");
    }

    @Test
    void eferLmaIsReadOnly() {
        SystemMachine m = SystemMachine.long64();
        assertHalted(wrmsr(m, ModelSpecificRegisters.IA32_EFER, (m.cpu.efer & ~Cpu.EFER_LMA) | Cpu.EFER_NXE));
        assertTrue((m.cpu.efer & Cpu.EFER_LMA) != 0);
        assertTrue((m.cpu.efer & Cpu.EFER_NXE) != 0);
    }

    @Test
    void rdmsrAtCpl3IsGeneralProtection() {
        SystemMachine m = SystemMachine.long64().user(true).stopOnFaults();
        m.cpu.gpr[1] = ModelSpecificRegisters.IA32_EFER;
        m.code64("rdmsr");
        assertFault(m.run(), "#GP");
    }

    // ---- time, cpuid ----------------------------------------------------------------------------

    @Test
    void rdtscCountsRetiredInstructionsIncludingTheIndexInTheBlock() {
        SystemMachine m = SystemMachine.long64();
        m.cpu.instructionCount = 1000;
        m.code64("cpuid\n cpuid\n rdtsc\n hlt");
        assertHalted(m.run());
        assertEquals(1002 * VirtualTsc.TICKS_PER_INSTRUCTION, m.cpu.gpr[0] | m.cpu.gpr[2] << 32);
    }

    @Test
    void writingTheTscMsrMovesTheCounter() {
        SystemMachine m = SystemMachine.long64();
        m.cpu.gpr[1] = ModelSpecificRegisters.IA32_TSC;
        m.cpu.gpr[0] = 0x100000;
        m.cpu.gpr[2] = 0;
        m.code64("wrmsr\n rdtscp\n hlt");
        assertHalted(m.run());
        assertEquals(0x100000 + VirtualTsc.TICKS_PER_INSTRUCTION, m.cpu.gpr[0]);
        assertEquals(0, m.cpu.gpr[1], "rdtscp: ECX = TSC_AUX");
    }

    @Test
    void rdtscWithCr4TsdAtCpl3IsGeneralProtection() {
        SystemMachine m = SystemMachine.long64().user(true).stopOnFaults();
        m.cpu.setCr4(m.cpu.cr4 | Cpu.CR4_TSD);
        m.code64("rdtsc");
        assertFault(m.run(), "#GP");
    }

    @Test
    void rdpmcIsGeneralProtectionWithoutCounters() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        m.code64("rdpmc");
        assertFault(m.run(), "#GP");
    }

    @Test
    void cpuidLeafZeroIsGenuineIntel() {
        SystemMachine m = SystemMachine.long64();
        m.cpu.gpr[0] = 0;
        m.code64("cpuid\n hlt");
        assertHalted(m.run());
        assertEquals(0x756e6547L, m.cpu.gpr[3]);
        assertEquals(0x49656e69L, m.cpu.gpr[2]);
        assertEquals(0x6c65746eL, m.cpu.gpr[1]);
    }

    @Test
    void cpuidOsxsaveFollowsCr4() {
        SystemMachine m = SystemMachine.long64();
        m.cpu.setCr4(m.cpu.cr4 | Cpu.CR4_OSXSAVE);
        m.cpu.gpr[0] = 1;
        m.code64("cpuid\n hlt");
        assertHalted(m.run());
        assertTrue((m.cpu.gpr[1] & 1 << 27) != 0);
    }

    // ---- hlt, cli/sti, misc ---------------------------------------------------------------------

    @Test
    void hltHaltsAndEndsTheBlock() {
        SystemMachine m = SystemMachine.long64();
        m.code64("hlt\n ud2");
        assertHalted(m.run());
        assertTrue(m.cpu.halted);
        assertEquals(SystemMachine.CODE + 1, m.cpu.rip);
    }

    @Test
    void hltAtCpl3IsGeneralProtection() {
        SystemMachine m = SystemMachine.long64().user(true).stopOnFaults();
        m.code64("hlt");
        assertFault(m.run(), "#GP");
    }

    @Test
    void cliAtCpl3WithIopl0IsGeneralProtection() {
        SystemMachine m = SystemMachine.protected32().user(false).stopOnFaults();
        m.code32("cli");
        assertFault(m.run(), "#GP");
    }

    @Test
    void cliAtCpl3WithIopl3ClearsIf() {
        SystemMachine m = SystemMachine.protected32().user(false);
        m.cpu.setRflags(Flags.IF | Flags.IOPL | Flags.FIXED);
        m.code32("cli\n int3");
        m.stopOnFaults().run();
        assertFalse(m.cpu.interruptsEnabled());
    }

    @Test
    void ud2IsInvalidOpcode() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        m.code64("ud2");
        assertFault(m.run(), "#UD");
    }

    @Test
    void vmcallWithoutAHypervisorIsInvalidOpcode() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        m.code64("vmcall");
        assertFault(m.run(), "#UD");
    }

    @Test
    void vmcallCallsTheHypercallHandlerWithRipAtTheNextInstruction() {
        SystemMachine m = SystemMachine.long64();
        long[] seen = new long[1];
        m.cpu.vmcallHandler = c -> {
            seen[0] = c.rip;
            c.gpr[0] = 42;
        };
        m.code64("vmcall\n hlt");
        assertHalted(m.run());
        assertEquals(SystemMachine.CODE + 3, seen[0]);
        assertEquals(42, m.cpu.gpr[0]);
    }

    @Test
    void xsetbvAcceptsX87AndSseAndRejectsWithoutX87() {
        SystemMachine m = SystemMachine.long64();
        m.cpu.setCr4(m.cpu.cr4 | Cpu.CR4_OSXSAVE);
        m.cpu.gpr[0] = 3;
        m.cpu.gpr[1] = 0;
        m.cpu.gpr[2] = 0;
        m.code64("xsetbv\n xgetbv\n hlt");
        assertHalted(m.run());
        assertEquals(3, m.cpu.xcr0);
        SystemMachine bad = SystemMachine.long64().stopOnFaults();
        bad.cpu.setCr4(bad.cpu.cr4 | Cpu.CR4_OSXSAVE);
        bad.cpu.gpr[0] = 2;
        bad.code64("xsetbv");
        assertFault(bad.run(), "#GP");
    }

    @Test
    void xgetbvWithoutOsxsaveIsInvalidOpcode() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        m.code64("xgetbv");
        assertFault(m.run(), "#UD");
    }

    @Test
    void monitorIsInvalidOpcodeAsCpuidDoesNotAdvertiseIt() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        m.code64("monitor");
        assertFault(m.run(), "#UD");
    }

    @Test
    void intoTrapsOnlyWithOverflowSet() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.code32("into\n hlt");
        assertHalted(m.run());
        SystemMachine of = SystemMachine.protected32().stopOnFaults();
        of.cpu.setRflags(Flags.OF | Flags.FIXED);
        of.code32("into");
        assertFault(of.run(), "#OF");
    }

    @Test
    void sysretWith32BitOperandSizeReturnsToCompatibilityMode() {
        SystemMachine m = withSyscallMsrs();
        m.cpu.msr.star = 0x0028_0008L << 32; // 32-bit sysret: CS = STAR[63:48] | 3 = the user 32-bit code
        m.cpu.gpr[1] = TARGET;
        m.cpu.gpr[11] = Flags.FIXED;
        m.code64("sysretl").code(TARGET, Mode.CODE32, "int3");
        RunResult r = m.stopOnFaults().run();
        assertEquals("#BP", r.fault().mnemonic(), r::toString);
        assertEquals(CpuMode.COMPATIBILITY, m.cpu.mode);
        assertEquals(0x2b, m.cpu.seg[Cpu.CS].selector);
    }

    @Test
    void cr8HoldsTheTaskPriorityAndRejectsReservedBits() {
        SystemMachine m = SystemMachine.long64();
        m.cpu.gpr[0] = 0xa;
        m.code64("mov %rax, %cr8\n mov %cr8, %rbx\n hlt");
        assertHalted(m.run());
        assertEquals(0xa, m.cpu.gpr[3]);
        SystemMachine bad = SystemMachine.long64().stopOnFaults();
        bad.cpu.gpr[0] = 0x10;
        bad.code64("mov %rax, %cr8");
        assertFault(bad.run(), "#GP");
    }

    @Test
    void intNInVirtual8086ModeWithIoplBelow3IsGeneralProtection() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.cpu.setRflags(Flags.VM | Flags.FIXED);
        m.cpu.seg[Cpu.CS].set(0x1000, 0x10000, 0xffff, m.cpu.seg[Cpu.CS].attributes);
        m.cpu.updateMode();
        m.cpu.rip = 0;
        m.code16("int $0x21");
        assertFault(m.run(), "#GP");
    }

    @Test
    void cliAtCpl3WithPviClearsVifInstead() {
        SystemMachine m = SystemMachine.protected32().user(false);
        m.cpu.setCr4(Cpu.CR4_PVI);
        m.cpu.setRflags(Flags.IF | Flags.VIF | Flags.FIXED);
        m.code32("cli\n int3");
        m.stopOnFaults().run();
        assertTrue(m.cpu.interruptsEnabled(), "IF untouched");
        assertEquals(0, m.cpu.rflags & Flags.VIF);
    }
}
