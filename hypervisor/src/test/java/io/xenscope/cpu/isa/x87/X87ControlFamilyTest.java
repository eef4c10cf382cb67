package io.xenscope.cpu.isa.x87;

import static io.xenscope.cpu.isa.SimdMachine.DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.fault.DeviceNotAvailable;
import io.xenscope.cpu.fault.FloatingPointError;
import io.xenscope.cpu.isa.SimdMachine;
import org.junit.jupiter.api.Test;

class X87ControlFamilyTest {
    private final SimdMachine m = new SimdMachine().gpr(0, DATA);

    @Test
    void fninitSetsTheDefaultControlWordAndEmptiesTheStack() {
        m.cpu.x87.statusWord = 0x3800 | 1;
        m.cpu.x87.tagWord = 0xff;
        m.exec("fninit; fnstcw [rax]; fnstsw [rax+2]");
        assertEquals(0x037f, m.read64(DATA) & 0xffffffffL);
        assertEquals(0, m.cpu.x87.tagWord);
    }

    @Test
    void fnstswAxCopiesTheStatusWord() {
        m.cpu.x87.statusWord = 0x4123;
        m.exec("fnstsw ax");
        assertEquals(0x4123, m.gpr(0) & 0xffff);
    }

    @Test
    void fldcwLoadsTheControlWord() {
        m.write64(DATA, 0x0c7f);
        m.exec("fldcw [rax]");
        assertEquals(0x0c7f, m.cpu.x87.controlWord);
    }

    @Test
    void fnclexClearsExceptionFlagsAndTheSummary() {
        m.cpu.x87.statusWord = 0x80bf | 0x4000;
        m.exec("fnclex");
        assertEquals(0x4000, m.cpu.x87.statusWord);
    }

    @Test
    void waitDeliversAPendingUnmaskedExceptionAsMathFault() {
        m.cpu.x87.init();
        m.cpu.x87.statusWord = 0x80 | 0x8000 | 1;
        assertInstanceOf(FloatingPointError.class, m.run("wait"));
    }

    @Test
    void x87InstructionsWithEmulationOrTaskSwitchedRaiseDeviceNotAvailable() {
        m.cpu.setCr0(m.cpu.cr0 | Cpu.CR0_TS);
        assertInstanceOf(DeviceNotAvailable.class, m.run("fninit"));
        assertInstanceOf(DeviceNotAvailable.class, m.run("wait")); // TS and MP
    }

    @Test
    void fnstenvStoresTheProtectedModeEnvironmentAndMasksExceptions() {
        m.cpu.x87.init();
        m.cpu.x87.controlWord = 0x0360;
        m.cpu.x87.statusWord = 0x1000 | 0x4000; // TOP = 2, C3
        m.cpu.x87.tagWord = 1 << 2;
        m.cpu.x87.significand[2] = 0x8000000000000000L;
        m.cpu.x87.signExponent[2] = 0x3fff;
        m.exec("fnstenv [rax]");
        assertEquals(0xffff0360L, m.read64(DATA) & 0xffffffffL);
        assertEquals(0xffff5000L, m.read64(DATA) >>> 32);
        assertEquals(0xffffffcfL, m.read64(DATA + 8) & 0xffffffffL); // reg 2 valid (00), others empty (11)
        assertEquals(0x037f, m.cpu.x87.controlWord);
    }

    @Test
    void fnsaveThenFrstorRestoresRegistersInStackOrder() {
        m.cpu.x87.init();
        m.cpu.x87.statusWord = 7 << 11;
        m.cpu.x87.tagWord = 1 << 7;
        m.cpu.x87.significand[7] = 0xabcdef0123456789L;
        m.cpu.x87.signExponent[7] = 0xc001;
        m.exec("fnsave [rax]");
        assertEquals(0xabcdef0123456789L, m.read64(DATA + 28)); // ST(0) first
        assertEquals(0x037f, m.cpu.x87.controlWord);
        assertEquals(0, m.cpu.x87.tagWord);
        m.exec("frstor [rax]");
        assertEquals(7, X87Registers.top(m.cpu.x87));
        assertEquals(1 << 7, m.cpu.x87.tagWord);
        assertEquals(0xc001, m.cpu.x87.signExponent[7]);
    }
}
