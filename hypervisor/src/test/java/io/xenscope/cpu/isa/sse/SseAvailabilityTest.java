package io.xenscope.cpu.isa.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.fault.DeviceNotAvailable;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.cpu.fault.SimdFloatingPointException;
import io.xenscope.cpu.isa.SimdMachine;
import org.junit.jupiter.api.Test;

class SseAvailabilityTest {
    private final SimdMachine m = new SimdMachine();

    @Test
    void sseWithOsfxsrClearRaisesInvalidOpcode() {
        m.cpu.setCr4(m.cpu.cr4 & ~Cpu.CR4_OSFXSR);
        assertInstanceOf(InvalidOpcode.class, m.run("paddd xmm0, xmm1"));
    }

    @Test
    void sseWithEmulationSetRaisesInvalidOpcode() {
        m.cpu.setCr0(m.cpu.cr0 | Cpu.CR0_EM);
        assertInstanceOf(InvalidOpcode.class, m.run("movaps xmm0, xmm1"));
    }

    @Test
    void sseWithTaskSwitchedRaisesDeviceNotAvailable() {
        m.cpu.setCr0(m.cpu.cr0 | Cpu.CR0_TS);
        assertInstanceOf(DeviceNotAvailable.class, m.run("addps xmm0, xmm1"));
    }

    @Test
    void anUnmaskedExceptionRaisesSimdFaultLeavingTheDestinationButSettingTheFlag() {
        m.cpu.mxcsr = 0x1f80 & ~(Mxcsr.ZE << Mxcsr.MASK_SHIFT);
        m.xmm(0, SimdMachine.floats(1, 1), 0).xmm(1, 0, 0);
        assertInstanceOf(SimdFloatingPointException.class, m.run("divss xmm0, xmm1"));
        assertEquals(SimdMachine.floats(1, 1), m.lo(0));
        assertEquals(Mxcsr.ZE, m.cpu.mxcsr & Mxcsr.FLAGS);
    }

    @Test
    void anUnmaskedExceptionWithoutOsxmmexcptRaisesInvalidOpcode() {
        m.cpu.setCr4(m.cpu.cr4 & ~Cpu.CR4_OSXMMEXCPT);
        m.cpu.mxcsr = 0x1f80 & ~(Mxcsr.IE << Mxcsr.MASK_SHIFT);
        m.xmm(0, 0x7fa00000, 0).xmm(1, 0, 0);
        assertInstanceOf(InvalidOpcode.class, m.run("addss xmm0, xmm1"));
    }

    @Test
    void comissSetsZfPfCfAndClearsTheOthers() {
        m.xmm(0, SimdMachine.floats(1, 0), 0).xmm(1, SimdMachine.floats(2, 0), 0);
        m.exec("comiss xmm0, xmm1");
        assertEquals(0x1, m.rflags() & 0x8d5);
        m.xmm(1, 0x7fc00000, 0).exec("ucomiss xmm0, xmm1");
        assertEquals(0x45, m.rflags() & 0x8d5);
    }

    @Test
    void cvttsd2siOutOfRangeGivesTheIntegerIndefinite() {
        m.xmm(0, SimdMachine.bits(1e20), 0);
        m.exec("cvttsd2si eax, xmm0; cvttsd2si rbx, xmm0");
        assertEquals(0x80000000L, m.gpr(0));
        assertEquals(0x8000000000000000L, m.gpr(3));
        assertEquals(Mxcsr.IE, m.cpu.mxcsr & Mxcsr.FLAGS);
    }

    @Test
    void cvtsd2siRoundsPerMxcsr() {
        m.xmm(0, SimdMachine.bits(2.5), 0);
        m.cpu.mxcsr = 0x1f80;
        m.exec("cvtsd2si eax, xmm0");
        assertEquals(2, m.gpr(0));
        m.cpu.mxcsr = 0x1f80 | (Mxcsr.RC_UP << Mxcsr.RC_SHIFT);
        m.exec("cvtsd2si eax, xmm0");
        assertEquals(3, m.gpr(0));
    }
}
