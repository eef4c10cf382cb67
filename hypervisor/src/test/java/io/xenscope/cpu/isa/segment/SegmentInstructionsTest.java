package io.xenscope.cpu.isa.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.FlatGdt;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.cpu.isa.system.SystemMachine;
import io.xenscope.testing.GnuAssembler.Mode;
import org.junit.jupiter.api.Test;

/** Segment loads (SDM Vol. 3 §5), far transfers, descriptor-table instructions. */
class SegmentInstructionsTest {
    private static final int SPARE = 0x60, SPARE2 = 0x68, SPARE3 = 0x70;
    private static final long TARGET = 0x10100;

    private static void assertHalted(RunResult r) {
        assertEquals(StopReason.HALTED, r.reason(), () -> "stopped: " + r);
    }

    private static void assertFault(RunResult r, String mnemonic, int errorCode) {
        assertEquals(StopReason.GUEST_FAULT, r.reason(), () -> "stopped: " + r);
        assertEquals(mnemonic, r.fault().mnemonic(), () -> r.fault().getMessage());
        assertEquals(errorCode, r.fault().errorCode(), () -> r.fault().getMessage());
    }

    private static long data(int dpl, boolean present) {
        return FlatGdt.descriptor(0, 0xfffff, (FlatGdt.DATA_ATTR & ~SegmentRegister.P | (present ? SegmentRegister.P : 0))
                | dpl << SegmentRegister.DPL_SHIFT);
    }

    // ---- mov / pop / lds ------------------------------------------------------------------------

    @Test
    void movToDsLoadsTheHiddenCacheAndSetsTheAccessedBit() {
        SystemMachine m = SystemMachine.protected32();
        m.gdt(SPARE, FlatGdt.descriptor(0x12345000, 0xff, SegmentRegister.P | SegmentRegister.S | SegmentRegister.TYPE_RW));
        m.cpu.gpr[0] = SPARE;
        m.code32("mov %ax, %ds\n mov %ds, %ebx\n hlt");
        assertHalted(m.run());
        assertEquals(0x12345000L, m.cpu.seg[Cpu.DS].base);
        assertEquals(0xff, m.cpu.seg[Cpu.DS].limit);
        assertEquals(SPARE, m.cpu.gpr[3]);
        assertTrue((m.memory.read8(SystemMachine.GDT + SPARE + 5) & 1) != 0, "accessed bit");
    }

    @Test
    void nullSelectorMakesDsUnusable() {
        SystemMachine m = SystemMachine.protected32();
        m.cpu.gpr[0] = 3;
        m.code32("mov %ax, %ds\n hlt");
        assertHalted(m.run());
        assertTrue((m.cpu.seg[Cpu.DS].attributes & SegmentRegister.UNUSABLE) != 0);
    }

    @Test
    void nullSelectorIntoSsIsGeneralProtectionZero() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.cpu.gpr[0] = 0;
        m.code32("mov %ax, %ss");
        assertFault(m.run(), "#GP", 0);
    }

    @Test
    void selectorBeyondTheGdtLimitIsGeneralProtectionWithTheSelector() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.cpu.gpr[0] = 0x800;
        m.code32("mov %ax, %es");
        assertFault(m.run(), "#GP", 0x800);
    }

    @Test
    void privilegedDataSegmentFromCpl3IsGeneralProtection() {
        SystemMachine m = SystemMachine.protected32().user(false).stopOnFaults();
        m.cpu.gpr[0] = FlatGdt.DATA | 3;
        m.code32("mov %ax, %ds");
        assertFault(m.run(), "#GP", FlatGdt.DATA);
    }

    @Test
    void notPresentDataSegmentIsSegmentNotPresent() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.gdt(SPARE, data(0, false));
        m.cpu.gpr[0] = SPARE;
        m.code32("mov %ax, %fs");
        assertFault(m.run(), "#NP", SPARE);
    }

    @Test
    void notPresentStackSegmentIsStackFault() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.gdt(SPARE, data(0, false));
        m.cpu.gpr[0] = SPARE;
        m.code32("mov %ax, %ss");
        assertFault(m.run(), "#SS", SPARE);
    }

    @Test
    void codeSegmentIntoSsIsGeneralProtection() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.cpu.gpr[0] = FlatGdt.CODE32;
        m.code32("mov %ax, %ss");
        assertFault(m.run(), "#GP", FlatGdt.CODE32);
    }

    @Test
    void movToSsOpensTheInterruptShadow() {
        SystemMachine m = SystemMachine.protected32();
        m.cpu.gpr[0] = FlatGdt.DATA;
        m.code32("mov %ax, %ss\n hlt");
        m.engine.step();
        assertTrue(m.cpu.interruptShadow);
    }

    @Test
    void realModeSegmentLoadKeepsTheHiddenLimit() {
        SystemMachine m = SystemMachine.real();
        m.cpu.seg[Cpu.DS].limit = 0xffffffffL; // "unreal" mode
        m.cpu.gpr[0] = 0x1234;
        m.code16("mov %ax, %ds\n hlt");
        assertHalted(m.run());
        assertEquals(0x12340, m.cpu.seg[Cpu.DS].base);
        assertEquals(0xffffffffL, m.cpu.seg[Cpu.DS].limit);
    }

    @Test
    void pushAndPopFsIn64BitModeMoveEightBytes() {
        SystemMachine m = SystemMachine.long64();
        m.cpu.gpr[0] = FlatGdt.DATA;
        m.code64("mov %ax, %fs\n push %fs\n pop %gs\n hlt");
        assertHalted(m.run());
        assertEquals(FlatGdt.DATA, m.cpu.seg[Cpu.GS].selector);
        assertEquals(SystemMachine.STACK, m.cpu.gpr[4]);
        assertEquals(FlatGdt.DATA, m.memory.read16(SystemMachine.STACK - 8));
    }

    @Test
    void ldsLoadsOffsetAndSelector() {
        SystemMachine m = SystemMachine.protected32();
        m.memory.write32(0x8000, 0xcafe);
        m.memory.write16(0x8004, FlatGdt.DATA);
        m.cpu.gpr[3] = 0x8000;
        m.code32("lds (%ebx), %esi\n lss (%ebx), %edi\n hlt");
        assertHalted(m.run());
        assertEquals(0xcafe, m.cpu.gpr[6]);
        assertEquals(0xcafe, m.cpu.gpr[7]);
        assertEquals(FlatGdt.DATA, m.cpu.seg[Cpu.DS].selector);
    }

    // ---- far transfers --------------------------------------------------------------------------

    @Test
    void farCallAndFarReturnAtTheSamePrivilegeLevel() {
        SystemMachine m = SystemMachine.protected32();
        m.code32("lcall $0x10, $0x10100\n hlt").code(TARGET, Mode.CODE32, "lret");
        assertHalted(m.run());
        assertEquals(SystemMachine.CODE + 8, m.cpu.rip);
        assertEquals(SystemMachine.STACK, m.cpu.gpr[4]);
    }

    @Test
    void farJumpToANonConformingCodeSegmentOfAnotherLevelIsGeneralProtection() {
        SystemMachine m = SystemMachine.protected32().user(false).stopOnFaults();
        m.code32("ljmp $0x10, $0x10100");
        assertFault(m.run(), "#GP", FlatGdt.CODE32);
    }

    @Test
    void callGateToMorePrivilegedCodeSwitchesStacksAndCopiesParameters() {
        SystemMachine m = SystemMachine.protected32().user(false);
        // 32-bit call gate, DPL 3, 2 parameters, to CODE32:TARGET
        long gate = (TARGET & 0xffff) | (long) FlatGdt.CODE32 << 16 | 2L << 32 | (0x80L | 3 << 5 | 12) << 40
                | (TARGET & 0xffff0000L) << 32;
        m.gdt(SPARE, gate);
        m.memory.write32(SystemMachine.STACK - 8, 0x1111);
        m.memory.write32(SystemMachine.STACK - 4, 0x2222);
        m.cpu.gpr[4] = SystemMachine.STACK - 8;
        m.code32("lcall $0x63, $0").code(TARGET, Mode.CODE32, "hlt");
        assertHalted(m.run());
        assertEquals(0, m.cpu.cpl);
        long esp = m.cpu.gpr[4];
        assertEquals(SystemMachine.RING0_STACK - 24, esp);
        assertEquals(SystemMachine.CODE + 7, m.read32(esp), "return EIP");
        assertEquals(SystemMachine.USER_CODE32 | 3, m.read32(esp + 4));
        assertEquals(0x1111, m.read32(esp + 8), "parameter 1");
        assertEquals(0x2222, m.read32(esp + 12), "parameter 2");
        assertEquals(SystemMachine.STACK - 8, m.read32(esp + 16), "old ESP");
        assertEquals(SystemMachine.USER_DATA | 3, m.read32(esp + 20), "old SS");
    }

    @Test
    void farReturnToAnOuterLevelRestoresItsStackAndNullsPrivilegedDataSegments() {
        SystemMachine m = SystemMachine.protected32();
        long sp = 0x8000;
        m.memory.write32(sp, (int) TARGET);
        m.memory.write32(sp + 4, SystemMachine.USER_CODE32 | 3);
        m.memory.write32(sp + 8, 0x9000);
        m.memory.write32(sp + 12, SystemMachine.USER_DATA | 3);
        m.cpu.gpr[4] = sp;
        m.code32("lret").code(TARGET, Mode.CODE32, "cpuid\n ud2");
        m.stopOnFaults();
        RunResult r = m.run();
        assertEquals("#UD", r.fault().mnemonic(), r::toString);
        assertEquals(3, m.cpu.cpl);
        assertEquals(0x9000, m.cpu.gpr[4]);
        assertTrue((m.cpu.seg[Cpu.DS].attributes & SegmentRegister.UNUSABLE) != 0, "DS (DPL 0) nulled");
    }

    @Test
    void callGateIn64BitModeReachesRing0WithRsp0() {
        SystemMachine m = SystemMachine.long64().user(true);
        long gate = (TARGET & 0xffff) | (long) FlatGdt.CODE64 << 16 | (0x80L | 3 << 5 | 12) << 40
                | (TARGET & 0xffff0000L) << 32;
        m.gdt(SPARE, gate);
        m.gdt(SPARE2, 0);
        m.memory.write32(0x8000, 0); // m16:32; a call gate ignores the offset
        m.memory.write16(0x8004, SPARE | 3);
        m.cpu.gpr[3] = 0x8000;
        m.code64("lcall *(%rbx)").code(TARGET, Mode.CODE64, "hlt");
        assertHalted(m.run());
        assertEquals(0, m.cpu.cpl);
        long rsp = m.cpu.gpr[4];
        assertEquals(SystemMachine.RING0_STACK - 32, rsp);
        assertEquals(SystemMachine.CODE + 2, m.read64(rsp));
        assertEquals(SystemMachine.USER_DATA | 3, m.read64(rsp + 24));
    }

    @Test
    void iretdReturnsAtTheSamePrivilegeLevel() {
        SystemMachine m = SystemMachine.protected32();
        long sp = 0x8000;
        m.memory.write32(sp, (int) TARGET);
        m.memory.write32(sp + 4, FlatGdt.CODE32);
        m.memory.write32(sp + 8, (int) (Flags.IF | Flags.CF | Flags.FIXED));
        m.cpu.gpr[4] = sp;
        m.code32("iret").code(TARGET, Mode.CODE32, "hlt");
        assertHalted(m.run());
        assertEquals(sp + 12, m.cpu.gpr[4]);
        assertTrue(m.cpu.interruptsEnabled());
        assertTrue((m.cpu.rflags() & Flags.CF) != 0);
    }

    @Test
    void iretWithNestedTaskIsGeneralProtection() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.cpu.setRflags(Flags.NT | Flags.FIXED);
        m.code32("iret");
        assertFault(m.run(), "#GP", 0);
    }

    @Test
    void iretFromCpl0ToVirtual8086Mode() {
        SystemMachine m = SystemMachine.protected32();
        long sp = 0x8000;
        long[] frame = {0x100, 0x2000, Flags.VM | Flags.FIXED | 3 << 12, 0xfff0, 0x3000, 0x11, 0x22, 0x33, 0x44};
        for (int i = 0; i < frame.length; i++) {
            m.memory.write32(sp + 4L * i, (int) frame[i]);
        }
        m.cpu.gpr[4] = sp;
        m.code32("iret").code(0x20100, Mode.CODE16, "hlt");
        RunResult r = m.stopOnFaults().run();
        assertEquals(CpuMode.VIRTUAL_8086, m.cpu.mode, r::toString);
        assertEquals(3, m.cpu.cpl);
        assertEquals(0x20000, m.cpu.seg[Cpu.CS].base);
        assertEquals(0x220, m.cpu.seg[Cpu.DS].base);
    }

    // ---- descriptor tables ----------------------------------------------------------------------

    @Test
    void lgdtAndSgdtRoundTripIn64BitMode() {
        SystemMachine m = SystemMachine.long64();
        m.memory.write16(0x8000, 0x7f);
        m.memory.write64(0x8002, 0x1000);
        m.cpu.gpr[3] = 0x8000;
        m.code64("lgdt (%rbx)\n sgdt 16(%rbx)\n sidt 32(%rbx)\n hlt");
        assertHalted(m.run());
        assertEquals(0x7f, m.cpu.gdtrLimit);
        assertEquals(0x7f, m.memory.read16(0x8010));
        assertEquals(0x1000, m.memory.read64(0x8012));
        assertEquals(SystemMachine.IDT, m.memory.read64(0x8022));
    }

    @Test
    void lidtAtCpl3IsGeneralProtection() {
        SystemMachine m = SystemMachine.protected32().user(false).stopOnFaults();
        m.cpu.gpr[3] = 0x8000;
        m.code32("lidt (%ebx)");
        assertFault(m.run(), "#GP", 0);
    }

    @Test
    void ltrMarksTheTssBusyAndStrReadsTheSelector() {
        SystemMachine m = SystemMachine.protected32();
        m.gdt(SPARE, FlatGdt.descriptor(0x7000, 0x67, SegmentRegister.P | 9));
        m.cpu.gpr[0] = SPARE;
        m.code32("ltr %ax\n str %ebx\n hlt");
        assertHalted(m.run());
        assertEquals(SPARE, m.cpu.gpr[3]);
        assertEquals(0x8b, m.memory.read8(SystemMachine.GDT + SPARE + 5), "busy TSS");
        assertEquals(0x7000, m.cpu.tr.base);
    }

    @Test
    void ltrOfABusyTssIsGeneralProtection() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.gdt(SPARE, FlatGdt.descriptor(0x7000, 0x67, SegmentRegister.P | 11));
        m.cpu.gpr[0] = SPARE;
        m.code32("ltr %ax");
        assertFault(m.run(), "#GP", SPARE);
    }

    @Test
    void lldtLoadsTheLdtAndSelectorsWithTiUseIt() {
        SystemMachine m = SystemMachine.protected32();
        m.memory.write64(0x9008, FlatGdt.descriptor(0x40000, 0xfff, FlatGdt.DATA_ATTR & ~SegmentRegister.G));
        m.gdt(SPARE, FlatGdt.descriptor(0x9000, 0xf, SegmentRegister.P | 2));
        m.cpu.gpr[0] = SPARE;
        m.cpu.gpr[3] = 0x0c; // index 1, TI = 1
        m.code32("lldt %ax\n mov %bx, %ds\n sldt %ecx\n hlt");
        assertHalted(m.run());
        assertEquals(0x40000, m.cpu.seg[Cpu.DS].base);
        assertEquals(SPARE, m.cpu.gpr[1]);
    }

    @Test
    void larAndLslReportAccessRightsAndLimit() {
        SystemMachine m = SystemMachine.protected32();
        m.cpu.gpr[0] = FlatGdt.CODE32;
        m.code32("lar %eax, %ebx\n lsl %eax, %ecx\n hlt");
        assertHalted(m.run());
        assertEquals(0x00cf9b00L, m.cpu.gpr[3]);
        assertEquals(0xffffffffL, m.cpu.gpr[1]);
        assertTrue(Flags.zf(m.cpu));
    }

    @Test
    void larOfAPrivilegedSegmentAtCpl3ClearsZf() {
        SystemMachine m = SystemMachine.protected32().user(false);
        m.cpu.gpr[0] = FlatGdt.DATA;
        m.cpu.gpr[3] = 0x1234;
        m.code32("lar %eax, %ebx\n int3");
        m.stopOnFaults().run();
        assertEquals(0x1234, m.cpu.gpr[3], "destination unchanged");
        assertTrue(!Flags.zf(m.cpu));
    }

    @Test
    void verrAndVerwTellReadableFromWritable() {
        SystemMachine m = SystemMachine.protected32();
        m.cpu.gpr[0] = FlatGdt.CODE32;
        m.code32("verw %ax\n hlt");
        assertHalted(m.run());
        assertTrue(!Flags.zf(m.cpu), "code is not writable");
        SystemMachine m2 = SystemMachine.protected32();
        m2.cpu.gpr[0] = FlatGdt.CODE32;
        m2.code32("verr %ax\n hlt");
        assertHalted(m2.run());
        assertTrue(Flags.zf(m2.cpu), "readable code");
    }

    @Test
    void arplRaisesTheRequestedPrivilegeLevel() {
        SystemMachine m = SystemMachine.protected32();
        m.cpu.gpr[0] = 0x10;
        m.cpu.gpr[3] = 0x2b;
        m.code32("arpl %bx, %ax\n hlt");
        assertHalted(m.run());
        assertEquals(0x13, m.cpu.gpr[0]);
        assertTrue(Flags.zf(m.cpu));
        assertNotEquals(0, m.cpu.gpr[3]);
    }

    @Test
    void farJumpToATssIsGeneralProtectionSayingTaskSwitchingIsUnsupported() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.gdt(SPARE, FlatGdt.descriptor(0x7000, 0x67, SegmentRegister.P | 9));
        m.code32("ljmp $0x60, $0");
        RunResult r = m.run();
        assertFault(r, "#GP", SPARE);
        assertTrue(r.fault().getMessage().contains("task switch"));
    }

    @Test
    void realModeFarCallAndReturn() {
        SystemMachine m = SystemMachine.real();
        m.code16("lcall $0x1000, $0x100\n hlt").code(TARGET, Mode.CODE16, "lret");
        assertHalted(m.run());
        assertEquals(6, m.cpu.rip);
        assertEquals(0x1000, m.cpu.seg[Cpu.CS].selector);
    }

    @Test
    void farJumpToA64BitSegmentAlsoMarkedDefaultBigIsGeneralProtection() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        m.gdt(SPARE, FlatGdt.descriptor(0, 0xfffff, FlatGdt.CODE64_ATTR | SegmentRegister.DB));
        m.memory.write32(0x8000, 0);
        m.memory.write16(0x8004, SPARE);
        m.cpu.gpr[3] = 0x8000;
        m.code64("ljmp *(%rbx)");
        assertFault(m.run(), "#GP", SPARE);
    }

    @Test
    void iretdToCpl3PopsTheOuterStack() {
        SystemMachine m = SystemMachine.protected32();
        long sp = 0x8000;
        long[] frame = {TARGET, SystemMachine.USER_CODE32 | 3, Flags.FIXED, 0x9000, SystemMachine.USER_DATA | 3};
        for (int i = 0; i < frame.length; i++) {
            m.memory.write32(sp + 4L * i, (int) frame[i]);
        }
        m.cpu.gpr[4] = sp;
        m.code32("iret").code(TARGET, Mode.CODE32, "ud2");
        RunResult r = m.stopOnFaults().run();
        assertEquals("#UD", r.fault().mnemonic(), r::toString);
        assertEquals(3, m.cpu.cpl);
        assertEquals(0x9000, m.cpu.gpr[4]);
        assertEquals(SystemMachine.USER_DATA | 3, m.cpu.seg[Cpu.SS].selector);
    }

    @Test
    void pushBeyondTheStackLimitIsStackFaultZero() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.gdt(SPARE, FlatGdt.descriptor(0, 0xfff, FlatGdt.DATA_ATTR & ~SegmentRegister.G));
        m.cpu.gpr[0] = SPARE;
        m.cpu.gpr[4] = 0x2000;
        m.code32("mov %ax, %ss\n lcall $0x10, $0x10100");
        assertFault(m.run(), "#SS", 0);
        assertEquals(0x2000, m.cpu.gpr[4], "ESP unchanged");
    }
}
