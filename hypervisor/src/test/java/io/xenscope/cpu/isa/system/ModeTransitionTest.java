package io.xenscope.cpu.isa.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.boot.FlatGdt;
import io.xenscope.boot.IdentityPageTables;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.testing.GnuAssembler.Mode;
import org.junit.jupiter.api.Test;

/** SDM Vol. 3 §9.8-9.9: real → protected → long → compatibility → protected → real. */
class ModeTransitionTest {
    private static final long TARGET = 0x10100;

    private static void assertHalted(RunResult r) {
        assertEquals(StopReason.HALTED, r.reason(), () -> "stopped: " + r);
    }

    private static void assertFault(RunResult r, String mnemonic) {
        assertEquals(StopReason.GUEST_FAULT, r.reason(), () -> "stopped: " + r);
        assertEquals(mnemonic, r.fault().mnemonic(), () -> r.fault().getMessage());
    }

    @Test
    void realModeSetsPeThenFarJumpsInto32BitProtectedMode() {
        SystemMachine m = SystemMachine.real();
        m.cpu.gdtrBase = SystemMachine.GDT;
        FlatGdt.write(m.memory, SystemMachine.GDT);
        m.cpu.gdtrLimit = FlatGdt.SIZE - 1;
        m.cpu.gpr[0] = m.cpu.cr0 | Cpu.CR0_PE;
        m.code16("mov %eax, %cr0\n ljmpl $0x10, $0x10100").code(TARGET, Mode.CODE32, "hlt");
        assertHalted(m.run());
        assertEquals(CpuMode.PROTECTED, m.cpu.mode);
        assertEquals(CodeSize.BITS32, m.cpu.codeSize);
        assertEquals(0x10, m.cpu.seg[Cpu.CS].selector);
    }

    @Test
    void settingPeAloneKeepsTheRealModeCodeSegmentUntilTheFarJump() {
        SystemMachine m = SystemMachine.real();
        m.cpu.gpr[0] = m.cpu.cr0 | Cpu.CR0_PE;
        m.code16("mov %eax, %cr0\n hlt");
        assertHalted(m.run());
        assertEquals(CpuMode.PROTECTED, m.cpu.mode);
        assertEquals(CodeSize.BITS16, m.cpu.codeSize);
        assertEquals(0x1000, m.cpu.seg[Cpu.CS].selector);
    }

    private static SystemMachine protectedReadyForLongMode() {
        SystemMachine m = SystemMachine.protected32();
        IdentityPageTables.write(m.memory, FlatBinaryLoader.PAGE_TABLES);
        m.cpu.gpr[3] = Cpu.CR4_PAE; // ebx -> cr4
        m.cpu.gpr[6] = FlatBinaryLoader.PAGE_TABLES; // esi -> cr3
        m.cpu.gpr[7] = m.cpu.cr0 | Cpu.CR0_PG; // edi -> cr0
        m.cpu.gpr[1] = 0xc0000080L; // ecx = EFER
        m.cpu.gpr[0] = Cpu.EFER_LME;
        m.cpu.gpr[2] = 0;
        return m;
    }

    @Test
    void enablingPagingWithLmeActivatesIa32eModeInCompatibilityMode() {
        SystemMachine m = protectedReadyForLongMode();
        m.code32("mov %ebx, %cr4\n mov %esi, %cr3\n wrmsr\n mov %edi, %cr0\n hlt");
        assertHalted(m.run());
        assertTrue((m.cpu.efer & Cpu.EFER_LMA) != 0);
        assertEquals(CpuMode.COMPATIBILITY, m.cpu.mode);
    }

    @Test
    void farJumpToA64BitCodeSegmentEnters64BitMode() {
        SystemMachine m = protectedReadyForLongMode();
        m.code32("mov %ebx, %cr4\n mov %esi, %cr3\n wrmsr\n mov %edi, %cr0\n ljmp $0x08, $0x10100")
                .code(TARGET, Mode.CODE64, "hlt");
        assertHalted(m.run());
        assertEquals(CpuMode.LONG_64, m.cpu.mode);
        assertEquals(TARGET + 1, m.cpu.rip);
    }

    @Test
    void enablingPagingWithLmeButNoPaeIsGeneralProtection() {
        SystemMachine m = protectedReadyForLongMode().stopOnFaults();
        m.code32("mov %esi, %cr3\n wrmsr\n mov %edi, %cr0\n hlt");
        assertFault(m.run(), "#GP");
        assertEquals(0, m.cpu.cr0 & Cpu.CR0_PG);
    }

    @Test
    void settingPgWithoutPeIsGeneralProtection() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.cpu.gpr[0] = (m.cpu.cr0 | Cpu.CR0_PG) & ~Cpu.CR0_PE;
        m.code32("mov %eax, %cr0");
        assertFault(m.run(), "#GP");
    }

    @Test
    void reservedCr4BitIsGeneralProtection() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.cpu.gpr[0] = 1L << 25;
        m.code32("mov %eax, %cr4");
        assertFault(m.run(), "#GP");
    }

    @Test
    void cr3ReservedBitsInLongModeAreGeneralProtection() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        m.cpu.gpr[0] = FlatBinaryLoader.PAGE_TABLES | 1L << 52;
        m.code64("mov %rax, %cr3");
        assertFault(m.run(), "#GP");
    }

    @Test
    void clearingPagingIn64BitModeIsGeneralProtection() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        m.cpu.gpr[0] = m.cpu.cr0 & ~Cpu.CR0_PG;
        m.code64("mov %rax, %cr0");
        assertFault(m.run(), "#GP");
    }

    @Test
    void clearingPaeInIa32eModeIsGeneralProtection() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        m.cpu.gpr[0] = 0;
        m.code64("mov %rax, %cr4");
        assertFault(m.run(), "#GP");
    }

    @Test
    void longModeLeavesThroughCompatibilityAndProtectedModeBackToRealMode() {
        SystemMachine m = SystemMachine.long64().stopOnFaults();
        // far pointer to 32-bit code at 0x10100
        m.memory.write32(0x8000, (int) TARGET);
        m.memory.write16(0x8004, FlatGdt.CODE32);
        m.gdt(0x58, FlatGdt.descriptor(0x10000, 0xffff, FlatGdt.CODE16_ATTR)); // 16-bit code based at 0x10000
        m.memory.write32(0x8010, 0x200);
        m.memory.write16(0x8014, 0x58);
        m.cpu.gpr[0] = 0x8000;
        m.cpu.gpr[7] = m.cpu.cr0 & ~Cpu.CR0_PG; // cr0 without paging
        m.cpu.gpr[1] = 0xc0000080L;
        m.cpu.gpr[2] = 0;
        m.cpu.gpr[6] = m.cpu.cr0 & ~(Cpu.CR0_PG | Cpu.CR0_PE); // cr0 for real mode
        m.cpu.gpr[3] = 0x8010;
        m.code64("ljmpl *(%rax)");
        // compatibility mode: clearing paging leaves IA-32e mode
        m.code(TARGET, Mode.CODE32, "mov %edi, %cr0\n hlt");
        assertHalted(m.run());
        assertEquals(CpuMode.PROTECTED, m.cpu.mode);
        assertEquals(0, m.cpu.efer & Cpu.EFER_LMA);
        // then a 16-bit code segment, PE off, and a real-mode far jump
        m.cpu.gpr[0] = 0;
        m.cpu.halted = false;
        m.code(m.cpu.rip, Mode.CODE32, "wrmsr\n ljmp *(%ebx)");
        m.code(0x10200, Mode.CODE16, "mov %esi, %cr0\n ljmp $0x1000, $0x300");
        m.code(0x10300, Mode.CODE16, "hlt");
        assertHalted(m.run());
        assertEquals(CpuMode.REAL, m.cpu.mode);
        assertEquals(0x1000, m.cpu.seg[Cpu.CS].selector);
        assertEquals(0x10000, m.cpu.seg[Cpu.CS].base);
        assertEquals(0x301, m.cpu.rip);
    }

    @Test
    void movFromCr1IsInvalidOpcode() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.code32("mov %cr1, %eax");
        assertFault(m.run(), "#UD");
    }

    @Test
    void movToCr0AtCpl3IsGeneralProtection() {
        SystemMachine m = SystemMachine.protected32().user(false).stopOnFaults();
        m.cpu.gpr[0] = m.cpu.cr0;
        m.code32("mov %eax, %cr0");
        assertFault(m.run(), "#GP");
        assertEquals(0, m.run().fault().errorCode());
    }

    @Test
    void dr5AliasesDr7WhenCr4DeIsClear() {
        SystemMachine m = SystemMachine.protected32();
        m.cpu.gpr[0] = 0x1;
        m.code32("mov %eax, %dr5\n mov %dr7, %ebx\n hlt");
        assertHalted(m.run());
        assertEquals(0x401, m.cpu.gpr[3]);
    }

    @Test
    void dr4IsInvalidOpcodeWhenCr4DeIsSet() {
        SystemMachine m = SystemMachine.protected32().stopOnFaults();
        m.cpu.setCr4(Cpu.CR4_DE);
        m.code32("mov %dr4, %eax");
        assertFault(m.run(), "#UD");
    }

    @Test
    void lmswCannotClearPe() {
        SystemMachine m = SystemMachine.protected32();
        m.cpu.gpr[0] = Cpu.CR0_TS;
        m.code32("lmsw %ax\n smsw %ebx\n clts\n hlt");
        assertHalted(m.run());
        assertEquals(Cpu.CR0_PE, m.cpu.gpr[3] & Cpu.CR0_PE);
        assertTrue((m.cpu.gpr[3] & Cpu.CR0_TS) != 0, "smsw saw TS");
        assertEquals(0, m.cpu.cr0 & Cpu.CR0_TS, "clts cleared it");
    }
}
