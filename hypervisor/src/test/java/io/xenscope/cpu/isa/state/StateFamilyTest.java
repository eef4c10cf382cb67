package io.xenscope.cpu.isa.state;

import static io.xenscope.cpu.isa.SimdMachine.DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.fault.DeviceNotAvailable;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.cpu.isa.SimdMachine;
import org.junit.jupiter.api.Test;

class StateFamilyTest {
    private final SimdMachine m = new SimdMachine().gpr(0, DATA);

    @Test
    void ldmxcsrAndStmxcsrRoundTrip() {
        m.write64(DATA, 0x7fc0);
        m.exec("ldmxcsr [rax]; stmxcsr [rax+8]");
        assertEquals(0x7fc0, m.cpu.mxcsr);
        assertEquals(0x7fc0, m.read64(DATA + 8));
    }

    @Test
    void ldmxcsrWithAReservedBitRaisesGeneralProtection() {
        m.write64(DATA, 0x10000);
        assertInstanceOf(GeneralProtection.class, m.run("ldmxcsr [rax]"));
        assertEquals(0x1f80, m.cpu.mxcsr);
    }

    @Test
    void fxsaveLaysOutTheImageOfTable10_2() {
        m.xmm(0, 0x1111, 0x2222).xmm(15, 0xaaaa, 0xbbbb);
        m.cpu.mxcsr = 0x3f80;
        m.cpu.x87.init();
        m.exec("fxsave64 [rax]");
        assertEquals(0x037f, m.read64(DATA) & 0xffff);
        assertEquals(0x3f80, m.read64(DATA + 24) & 0xffffffffL);
        assertEquals(0xffff, m.read64(DATA + 24) >>> 32);
        assertEquals(0x1111, m.read64(DATA + 160));
        assertEquals(0x2222, m.read64(DATA + 168));
        assertEquals(0xbbbb, m.read64(DATA + 160 + 15 * 16 + 8));
    }

    @Test
    void fxrstorRestoresWhatFxsaveSaved() {
        m.xmm(3, 0x33, 0x34).xmm(9, 0x99, 0x9a);
        m.cpu.x87.significand[5] = 0xc000000000000000L;
        m.cpu.x87.signExponent[5] = 0x4000;
        m.cpu.x87.tagWord = 0x20;
        m.cpu.x87.statusWord = 5 << 11;
        m.cpu.mxcsr = 0x1f80 | 0x6000;
        m.exec("fxsave [rax]");
        java.util.Arrays.fill(m.cpu.xmm, 0);
        m.cpu.x87.reset();
        m.cpu.mxcsr = 0x1f80;
        m.exec("fxrstor [rax]");
        assertEquals(0x33, m.lo(3));
        assertEquals(0x9a, m.hi(9));
        assertEquals(0x7f80, m.cpu.mxcsr);
        assertEquals(0xc000000000000000L, m.cpu.x87.significand[5]);
        assertEquals(0x4000, m.cpu.x87.signExponent[5]);
        assertEquals(0x20, m.cpu.x87.tagWord);
        assertEquals(5, (m.cpu.x87.statusWord >> 11) & 7);
    }

    @Test
    void fxsaveToAMisalignedAddressRaisesGeneralProtection() {
        assertInstanceOf(GeneralProtection.class, m.run("fxsave [rax+8]"));
    }

    @Test
    void fxrstorOfAnImageWithReservedMxcsrBitsRaisesGeneralProtectionAndChangesNothing() {
        m.xmm(1, 1, 1);
        m.write64(DATA + 24, 0xffff_0000_0000_1f80L | 0x1_0000_0000L * 0 | 0x20000);
        m.write64(DATA + 160 + 16, 0x77);
        assertInstanceOf(GeneralProtection.class, m.run("fxrstor [rax]"));
        assertEquals(1, m.lo(1));
    }

    @Test
    void fxsaveWithTaskSwitchedRaisesDeviceNotAvailable() {
        m.cpu.setCr0(m.cpu.cr0 | Cpu.CR0_TS);
        assertInstanceOf(DeviceNotAvailable.class, m.run("fxsave [rax]"));
    }

    @Test
    void xsaveAndXrstorRoundTripX87AndSseComponents() {
        m.cpu.setCr4(m.cpu.cr4 | Cpu.CR4_OSXSAVE);
        m.cpu.xcr0 = 3;
        m.xmm(2, 0x22, 0x23).gpr(0, 3).gpr(2, 0).gpr(1, DATA);
        m.exec("xsave [rcx]");
        assertEquals(3, m.read64(DATA + 512));
        m.xmm(2, 0, 0);
        m.exec("xrstor [rcx]");
        assertEquals(0x22, m.lo(2));
    }

    @Test
    void xsaveWithoutOsxsaveRaisesInvalidOpcode() {
        assertInstanceOf(InvalidOpcode.class, m.run("xsave [rax]"));
    }

    @Test
    void xrstorWithAComponentMissingFromXstateBvInitialisesIt() {
        m.cpu.setCr4(m.cpu.cr4 | Cpu.CR4_OSXSAVE);
        m.cpu.xcr0 = 3;
        m.xmm(4, 5, 6).gpr(0, 2).gpr(2, 0).gpr(1, DATA);
        m.write64(DATA + 24, 0x1f80);
        assertNull(m.run("xrstor [rcx]"));
        assertEquals(0, m.lo(4));
    }
}
