package io.xenscope.cpu.interrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.FlatGdt;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.cpu.fault.DivideError;
import io.xenscope.cpu.isa.system.SystemMachine;
import io.xenscope.testing.GnuAssembler.Mode;
import org.junit.jupiter.api.Test;

/** SDM Vol. 3 chapter 6 and §20.1.4: delivering exceptions and interrupts in each mode. */
class HardwareExceptionDeliveryTest {
    private static final long HANDLER = 0x11000, HANDLER2 = 0x11100;
    private static final int INTERRUPT_GATE = 14, TRAP_GATE = 15;

    private static void assertHalted(RunResult r) {
        assertEquals(StopReason.HALTED, r.reason(), () -> "stopped: " + r);
    }

    // ---- real mode ------------------------------------------------------------------------------

    private static SystemMachine realWithVector(int vector) {
        SystemMachine m = SystemMachine.real();
        m.memory.write16(vector * 4L, 0); // IP
        m.memory.write16(vector * 4L + 2, 0x1100); // CS: handler at 0x11000
        m.code(HANDLER, Mode.CODE16, "hlt");
        return m;
    }

    @Test
    void realModeInvalidOpcodeVectorsThroughTheIvtPushingFlagsCsIp() {
        SystemMachine m = realWithVector(6);
        m.cpu.setRflags(Flags.IF | Flags.FIXED);
        long sp = m.cpu.gpr[4];
        m.code16("ud2");
        assertHalted(m.run());
        assertEquals(0x1100, m.cpu.seg[Cpu.CS].selector);
        long ss = m.cpu.seg[Cpu.SS].base;
        long newSp = m.cpu.gpr[4] & 0xffff;
        assertEquals((sp - 6) & 0xffff, newSp);
        assertEquals(0, m.memory.read16(ss + newSp), "IP of ud2");
        assertEquals(0x1000, m.memory.read16(ss + newSp + 2), "CS");
        assertTrue((m.memory.read16(ss + newSp + 4) & Flags.IF) != 0, "saved FLAGS.IF");
        assertFalse(m.cpu.interruptsEnabled(), "IF cleared");
    }

    @Test
    void realModeDivideErrorVectorsThroughIvtEntryZero() {
        SystemMachine m = realWithVector(0);
        m.code16("hlt");
        m.engine.step(); // halts at CODE
        m.cpu.halted = false;
        m.cpu.rip = 0;
        new HardwareExceptionDelivery().deliverException(m.cpu, new DivideError());
        assertEquals(0x11000, m.cpu.seg[Cpu.CS].base + m.cpu.rip);
    }

    @Test
    void realModeIntNReturnsWithIret() {
        SystemMachine m = realWithVector(0x21);
        m.code(HANDLER, Mode.CODE16, "iret");
        m.code16("int $0x21\n hlt");
        assertHalted(m.run());
        assertEquals(0x1000, m.cpu.seg[Cpu.CS].selector);
        assertEquals(3, m.cpu.rip);
    }

    // ---- protected mode -------------------------------------------------------------------------

    private static SystemMachine protectedWithHandler(int vector, int type, int dpl) {
        SystemMachine m = SystemMachine.protected32();
        m.gate32(vector, FlatGdt.CODE32, HANDLER, type, dpl);
        m.code(HANDLER, Mode.CODE32, "hlt");
        return m;
    }

    @Test
    void protectedModeInterruptGatePushesEflagsCsEipAndClearsIf() {
        SystemMachine m = protectedWithHandler(6, INTERRUPT_GATE, 0);
        m.cpu.setRflags(Flags.IF | Flags.FIXED);
        m.code32("ud2");
        assertHalted(m.run());
        long esp = m.cpu.gpr[4];
        assertEquals(SystemMachine.STACK - 12, esp);
        assertEquals(SystemMachine.CODE, m.read32(esp), "EIP of the faulting instruction");
        assertEquals(FlatGdt.CODE32, m.read32(esp + 4));
        assertTrue((m.read32(esp + 8) & Flags.IF) != 0);
        assertFalse(m.cpu.interruptsEnabled());
    }

    @Test
    void protectedModeTrapGateLeavesIfSet() {
        SystemMachine m = protectedWithHandler(6, TRAP_GATE, 0);
        m.cpu.setRflags(Flags.IF | Flags.FIXED);
        m.code32("ud2");
        assertHalted(m.run());
        assertTrue(m.cpu.interruptsEnabled());
    }

    @Test
    void protectedModeDivideErrorVectorsThroughTheIdt() {
        SystemMachine m = protectedWithHandler(0, INTERRUPT_GATE, 0);
        m.cpu.rip = 0x10005;
        new HardwareExceptionDelivery().deliverException(m.cpu, new DivideError());
        assertEquals(HANDLER, m.cpu.rip);
        assertEquals(0x10005, m.read32(m.cpu.gpr[4]));
    }

    @Test
    void generalProtectionPushesTheSelectorErrorCode() {
        SystemMachine m = protectedWithHandler(13, INTERRUPT_GATE, 0);
        m.cpu.gpr[0] = 0x1233; // beyond the GDT limit
        m.code32("mov %ax, %ds");
        assertHalted(m.run());
        assertEquals(0x1230, m.read32(m.cpu.gpr[4]), "error code = selector without RPL");
        assertEquals(SystemMachine.CODE, m.read32(m.cpu.gpr[4] + 4));
    }

    @Test
    void interruptFromCpl3SwitchesToTheTssStack() {
        SystemMachine m = protectedWithHandler(0x80, INTERRUPT_GATE, 3);
        m.user(false);
        m.code32("int $0x80");
        assertHalted(m.run());
        assertEquals(0, m.cpu.cpl);
        assertEquals(FlatGdt.DATA, m.cpu.seg[Cpu.SS].selector);
        long esp = m.cpu.gpr[4];
        assertEquals(SystemMachine.RING0_STACK - 20, esp);
        assertEquals(SystemMachine.CODE + 2, m.read32(esp), "EIP after int");
        assertEquals(SystemMachine.USER_CODE32 | 3, m.read32(esp + 4));
        assertEquals(SystemMachine.STACK, m.read32(esp + 12), "old ESP");
        assertEquals(SystemMachine.USER_DATA | 3, m.read32(esp + 16), "old SS");
    }

    @Test
    void intNThroughAGateBelowCplIsGeneralProtectionWithTheIdtErrorCode() {
        SystemMachine m = protectedWithHandler(0x80, INTERRUPT_GATE, 0);
        m.gate32(13, FlatGdt.CODE32, HANDLER2, INTERRUPT_GATE, 0);
        m.code(HANDLER2, Mode.CODE32, "hlt");
        m.user(false);
        m.code32("int $0x80");
        assertHalted(m.run());
        assertEquals(HANDLER2 + 1, m.cpu.rip);
        assertEquals(0x80 * 8 + 2, m.read32(m.cpu.gpr[4]));
    }

    @Test
    void notPresentGateIsSegmentNotPresentWithIdtAndExtBits() {
        SystemMachine m = protectedWithHandler(11, INTERRUPT_GATE, 0);
        m.gate32(6, FlatGdt.CODE32, HANDLER, INTERRUPT_GATE, 0);
        m.memory.write8(SystemMachine.IDT + 6 * 8 + 5, 0x0e); // #UD gate with P clear
        m.code32("ud2");
        assertHalted(m.run());
        assertEquals(6 * 8 + 2 + 1, m.read32(m.cpu.gpr[4]));
    }

    @Test
    void contributoryFaultDuringDeliveryIsDoubleFault() {
        SystemMachine m = protectedWithHandler(8, INTERRUPT_GATE, 0);
        // #GP whose own gate is not present: #NP during #GP delivery -> #DF
        m.cpu.gpr[0] = 0x1234;
        m.code32("mov %ax, %ds");
        assertHalted(m.run());
        assertEquals(HANDLER + 1, m.cpu.rip);
        assertEquals(0, m.read32(m.cpu.gpr[4]), "#DF error code is 0");
    }

    @Test
    void faultDuringDoubleFaultDeliveryIsTripleFault() {
        SystemMachine m = SystemMachine.protected32();
        m.cpu.gpr[0] = 0x1234;
        m.code32("mov %ax, %ds");
        assertEquals(StopReason.TRIPLE_FAULT, m.run().reason());
    }

    @Test
    void pageFaultLoadsCr2AndPushesTheErrorCode() {
        SystemMachine m = SystemMachine.long64();
        m.gate64(14, FlatGdt.CODE64, HANDLER, INTERRUPT_GATE, 0, 0);
        m.code(HANDLER, Mode.CODE64, "hlt");
        m.cpu.gpr[0] = 0x7000_0000_0000L; // not mapped
        m.code64("mov %rax, %dr0\n invlpg (%rax)\n lgdt (%rax)");
        assertHalted(m.run());
        assertEquals(0x7000_0000_0000L, m.cpu.cr2);
        assertEquals(0, m.read64(m.cpu.gpr[4]), "not present, read, supervisor");
    }

    // ---- IA-32e mode ----------------------------------------------------------------------------

    @Test
    void longModePushesA64BitFrameWithSsRspOnAnAlignedStack() {
        SystemMachine m = SystemMachine.long64();
        m.gate64(6, FlatGdt.CODE64, HANDLER, INTERRUPT_GATE, 0, 0);
        m.code(HANDLER, Mode.CODE64, "hlt");
        m.cpu.gpr[4] = SystemMachine.STACK - 8; // misaligned
        m.code64("ud2");
        assertHalted(m.run());
        long rsp = m.cpu.gpr[4];
        assertEquals(SystemMachine.STACK - 16 - 40, rsp);
        assertEquals(SystemMachine.CODE, m.read64(rsp));
        assertEquals(FlatGdt.CODE64, m.read64(rsp + 8));
        assertEquals(SystemMachine.STACK - 8, m.read64(rsp + 24), "old RSP");
        assertEquals(FlatGdt.DATA, m.read64(rsp + 32), "old SS");
    }

    @Test
    void longModeDivideErrorVectorsThroughThe64BitIdt() {
        SystemMachine m = SystemMachine.long64();
        m.gate64(0, FlatGdt.CODE64, HANDLER, INTERRUPT_GATE, 0, 0);
        m.cpu.rip = 0x10007;
        new HardwareExceptionDelivery().deliverException(m.cpu, new DivideError());
        assertEquals(HANDLER, m.cpu.rip);
        assertEquals(0x10007, m.read64(m.cpu.gpr[4]));
    }

    @Test
    void interruptStackTableSwitchesStacksEvenWithoutAPrivilegeChange() {
        SystemMachine m = SystemMachine.long64();
        m.gate64(6, FlatGdt.CODE64, HANDLER, INTERRUPT_GATE, 0, 1);
        m.code(HANDLER, Mode.CODE64, "hlt");
        m.code64("ud2");
        assertHalted(m.run());
        assertEquals(SystemMachine.IST_STACK - 40, m.cpu.gpr[4]);
    }

    @Test
    void longModeInterruptFromCpl3LoadsRsp0AndANullSs() {
        SystemMachine m = SystemMachine.long64();
        m.gate64(0x80, FlatGdt.CODE64, HANDLER, INTERRUPT_GATE, 3, 0);
        m.code(HANDLER, Mode.CODE64, "hlt");
        m.user(true);
        m.code64("int $0x80");
        assertHalted(m.run());
        assertEquals(0, m.cpu.cpl);
        assertEquals(0, m.cpu.seg[Cpu.SS].selector);
        assertEquals(SystemMachine.RING0_STACK - 40, m.cpu.gpr[4]);
        assertEquals(SystemMachine.USER_DATA | 3, m.read64(m.cpu.gpr[4] + 32));
    }

    @Test
    void iretqReturnsToCpl3WithItsStack() {
        SystemMachine m = SystemMachine.long64();
        m.gate64(0x80, FlatGdt.CODE64, HANDLER, INTERRUPT_GATE, 3, 0);
        m.gate64(0x81, FlatGdt.CODE64, HANDLER2, INTERRUPT_GATE, 3, 0);
        m.code(HANDLER, Mode.CODE64, "iretq");
        m.code(HANDLER2, Mode.CODE64, "hlt");
        m.user(true);
        m.code64("int $0x80\n cpuid\n int $0x81");
        assertHalted(m.run());
        long frame = m.cpu.gpr[4];
        assertEquals(SystemMachine.CODE + 6, m.read64(frame), "int $0x81 ran at CPL 3 after iretq");
        assertEquals(SystemMachine.USER_CODE64 | 3, m.read64(frame + 8));
        assertEquals(SystemMachine.STACK, m.read64(frame + 24), "user RSP restored by iretq");
        assertEquals(SystemMachine.USER_DATA | 3, m.read64(frame + 32), "user SS restored by iretq");
    }

    // ---- external interrupts, single step ---------------------------------------------------------

    @Test
    void externalInterruptWakesAHaltedVcpuAndVectorsThroughTheIdt() {
        SystemMachine m = protectedWithHandler(0x30, INTERRUPT_GATE, 0);
        m.cpu.setRflags(Flags.IF | Flags.FIXED);
        m.code32("hlt");
        assertHalted(m.run());
        boolean[] pending = {true};
        m.engine.setInterruptSource(new InterruptSource() {
            @Override
            public boolean pending(Cpu cpu) {
                return pending[0];
            }

            @Override
            public int acknowledge(Cpu cpu) {
                pending[0] = false;
                return 0x30;
            }
        });
        assertHalted(m.run());
        assertEquals(HANDLER + 1, m.cpu.rip);
        assertEquals(SystemMachine.CODE + 1, m.read32(m.cpu.gpr[4]), "returns after the hlt");
    }

    @Test
    void stiDefersAPendingInterruptByOneInstruction() {
        SystemMachine m = protectedWithHandler(0x30, INTERRUPT_GATE, 0);
        m.engine.setInterruptSource(new InterruptSource() {
            boolean pending = true;

            @Override
            public boolean pending(Cpu cpu) {
                return pending;
            }

            @Override
            public int acknowledge(Cpu cpu) {
                pending = false;
                return 0x30;
            }
        });
        m.code32("sti\n cpuid\n hlt");
        assertHalted(m.run());
        assertEquals(HANDLER + 1, m.cpu.rip);
        assertEquals(SystemMachine.CODE + 3, m.read32(m.cpu.gpr[4]), "interrupt taken after cpuid");
    }

    @Test
    void trapFlagRaisesDebugTrapAfterEachInstructionWithDr6Bs() {
        SystemMachine m = protectedWithHandler(1, INTERRUPT_GATE, 0);
        m.cpu.setRflags(Flags.TF | Flags.FIXED);
        m.code32("cpuid\n cpuid\n hlt");
        assertHalted(m.run());
        assertEquals(HANDLER + 1, m.cpu.rip);
        assertEquals(SystemMachine.CODE + 2, m.read32(m.cpu.gpr[4]), "trap after the first cpuid");
        assertTrue((m.cpu.dr[6] & (1L << 14)) != 0, "DR6.BS");
        assertEquals(0, m.cpu.rflags & Flags.TF, "handler runs with TF clear");
    }

    // ---- virtual-8086 mode, task gates ----------------------------------------------------------

    @Test
    void interruptFromVirtual8086ModeSavesTheDataSegmentsOnTheRing0Stack() {
        SystemMachine m = protectedWithHandler(0x21, INTERRUPT_GATE, 3);
        long sp = 0x8000;
        long[] frame = {0x100, 0x2000, Flags.VM | Flags.FIXED | 3 << 12, 0xfff0, 0x3000, 0x11, 0x22, 0x33, 0x44};
        for (int i = 0; i < frame.length; i++) {
            m.memory.write32(sp + 4L * i, (int) frame[i]);
        }
        m.cpu.gpr[4] = sp;
        m.code32("iret").code(0x20100, Mode.CODE16, "int $0x21");
        assertHalted(m.run());
        assertEquals(0, m.cpu.cpl);
        long esp = m.cpu.gpr[4];
        assertEquals(SystemMachine.RING0_STACK - 36, esp);
        assertEquals(0x102, m.read32(esp), "IP after int");
        assertEquals(0x2000, m.read32(esp + 4));
        assertEquals(0x11, m.read32(esp + 20), "ES");
        assertEquals(0x44, m.read32(esp + 32), "GS");
        assertEquals(0, m.cpu.seg[Cpu.DS].selector, "DS nulled");
    }

    @Test
    void taskGateIsGeneralProtectionSayingTaskSwitchingIsUnsupported() {
        SystemMachine m = SystemMachine.protected32();
        m.memory.write64(SystemMachine.IDT + 0x40 * 8, (long) SystemMachine.TSS_SEL << 16 | (0x80L | 5) << 40);
        io.xenscope.cpu.fault.GeneralProtection gp = org.junit.jupiter.api.Assertions.assertThrows(
                io.xenscope.cpu.fault.GeneralProtection.class,
                () -> new HardwareExceptionDelivery().deliverInterrupt(m.cpu, 0x40, false));
        assertEquals(0x40 * 8 + 2 + 1, gp.errorCode());
        assertTrue(gp.getMessage().contains("task"));
    }

    @Test
    void pendingInterruptWaitsWhileIfIsClear() {
        SystemMachine m = protectedWithHandler(0x30, INTERRUPT_GATE, 0);
        m.engine.setInterruptSource(new InterruptSource() {
            @Override
            public boolean pending(Cpu cpu) {
                return true;
            }

            @Override
            public int acknowledge(Cpu cpu) {
                return 0x30;
            }
        });
        m.code32("cpuid\n hlt");
        assertHalted(m.run());
        assertEquals(SystemMachine.CODE + 3, m.cpu.rip, "ran to its own hlt");
    }

    // ---- #DE from a real div in each mode ------------------------------------------------------

    @Test
    void realModeDivByZeroVectorsThroughIvtEntryZero() {
        SystemMachine m = realWithVector(0);
        m.cpu.gpr[1] = 0;
        m.code16("div %cl");
        assertHalted(m.run());
        assertEquals(0x11001, m.cpu.seg[Cpu.CS].base + m.cpu.rip);
        assertEquals(0, m.memory.read16(m.cpu.seg[Cpu.SS].base + (m.cpu.gpr[4] & 0xffff)), "IP of the div");
    }

    @Test
    void protectedModeDivByZeroVectorsThroughTheIdt() {
        SystemMachine m = protectedWithHandler(0, INTERRUPT_GATE, 0);
        m.cpu.gpr[1] = 0;
        m.code32("div %ecx");
        assertHalted(m.run());
        assertEquals(HANDLER + 1, m.cpu.rip);
        assertEquals(SystemMachine.CODE, m.read32(m.cpu.gpr[4]));
    }

    @Test
    void longModeDivByZeroVectorsThroughThe64BitIdt() {
        SystemMachine m = SystemMachine.long64();
        m.gate64(0, FlatGdt.CODE64, HANDLER, INTERRUPT_GATE, 0, 0);
        m.code(HANDLER, Mode.CODE64, "hlt");
        m.cpu.gpr[1] = 0;
        m.code64("div %rcx");
        assertHalted(m.run());
        assertEquals(HANDLER + 1, m.cpu.rip);
        assertEquals(SystemMachine.CODE, m.read64(m.cpu.gpr[4]));
    }

    // ---- int3 / int1 / compatibility mode -------------------------------------------------------

    @Test
    void int3IsATrapReportingTheNextInstruction() {
        SystemMachine m = SystemMachine.long64();
        m.gate64(3, FlatGdt.CODE64, HANDLER, INTERRUPT_GATE, 3, 0);
        m.code(HANDLER, Mode.CODE64, "hlt");
        m.user(true);
        m.code64("int3");
        assertHalted(m.run());
        assertEquals(SystemMachine.CODE + 1, m.read64(m.cpu.gpr[4]));
    }

    @Test
    void int1SkipsTheGateDplCheck() {
        SystemMachine m = SystemMachine.long64();
        m.gate64(1, FlatGdt.CODE64, HANDLER, INTERRUPT_GATE, 0, 0);
        m.code(HANDLER, Mode.CODE64, "hlt");
        m.user(true);
        m.code64("int1");
        assertHalted(m.run());
        assertEquals(HANDLER + 1, m.cpu.rip);
        assertEquals(SystemMachine.CODE + 1, m.read64(m.cpu.gpr[4]));
    }

    @Test
    void exceptionInCompatibilityModeEntersA64BitHandler() {
        SystemMachine m = SystemMachine.long64();
        m.gate64(6, FlatGdt.CODE64, HANDLER, INTERRUPT_GATE, 0, 0);
        m.code(HANDLER, Mode.CODE64, "hlt");
        m.user(false); // 32-bit user code in IA-32e mode: compatibility mode at CPL 3
        m.code32("ud2");
        assertHalted(m.run());
        assertEquals(io.xenscope.cpu.CpuMode.LONG_64, m.cpu.mode);
        assertEquals(SystemMachine.USER_CODE32 | 3, m.read64(m.cpu.gpr[4] + 8));
    }

    @Test
    void singleStepTrapAfterMovSsIsDeferredToTheNextInstruction() {
        SystemMachine m = protectedWithHandler(1, INTERRUPT_GATE, 0);
        m.cpu.setRflags(Flags.TF | Flags.FIXED);
        m.cpu.gpr[0] = FlatGdt.DATA;
        m.code32("mov %ax, %ss\n cpuid\n hlt");
        assertHalted(m.run());
        assertEquals(SystemMachine.CODE + 4, m.read32(m.cpu.gpr[4]), "trap after cpuid, not after mov ss");
    }
}
