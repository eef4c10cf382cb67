package io.xenscope.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.fault.DivideError;
import org.junit.jupiter.api.Test;

/** The ALU families outside 64-bit mode (the host cannot run these, so the emulator is checked alone). */
class LegacyModesTest {
    @Test
    void divideErrorInProtectedMode() {
        Snippet s = new Snippet(CodeSize.BITS32, "div ecx").rax(7).rdx(7).rcx(7).run();
        assertTrue(s.fault() instanceof DivideError);
        assertEquals(Snippet.CODE, s.cpu.rip);
    }

    @Test
    void bitOffsetBelowTheOperandWith32BitAddressing() {
        Snippet s = new Snippet(CodeSize.BITS32, "bts dword ptr [ebx], ecx").rbx(0x200010).rcx(-33).run();
        assertEquals(0x8000_0000L, s.cpu.memory.read32(0x200008) & 0xffffffffL);
        assertTrue(!s.flag(Flags.CF));
    }

    @Test
    void sixteenBitOperandsInProtectedMode() {
        Snippet s = new Snippet(CodeSize.BITS32, "add ax, bx").rax(0xabcd_ffffL).rbx(1).run();
        assertEquals(0xabcd_0000L, s.rax());
        assertTrue(s.flag(Flags.CF) && s.flag(Flags.ZF));
    }

    @Test
    void thirtyTwoBitMultiplyInRealMode() {
        Snippet s = new Snippet(CodeSize.BITS16, "mul ebx").rax(0x1_0000).rbx(0x1_0000).run();
        assertEquals(0, s.rax());
        assertEquals(1, s.rdx());
        assertTrue(s.flag(Flags.CF));
    }

    @Test
    void shiftWithSixteenBitAddressingInRealMode() {
        Snippet s = new Snippet(CodeSize.BITS16, "shl word ptr [bx+si], cl").rbx(0x100).reg(Snippet.RSI, 0x20).rcx(4);
        s.cpu.memory.write16(0x120, 0x1234);
        s.run();
        assertEquals(0x2340, s.cpu.memory.read16(0x120));
        assertTrue(s.flag(Flags.CF));
    }
}
