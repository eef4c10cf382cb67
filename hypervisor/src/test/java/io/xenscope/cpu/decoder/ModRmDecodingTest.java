package io.xenscope.cpu.decoder;

import static io.xenscope.cpu.decoder.Bytes.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** ModRM, SIB and displacement forms, SDM Vol. 2 Tables 2-1..2-3 and §2.2.1.6. */
class ModRmDecodingTest {

    private static Operand.Mem mem(Instruction i, int index) {
        return (Operand.Mem) i.operand(index);
    }

    @Test
    void sixteenBitFormsUseBaseAndIndexPairsAndSsForBp() {
        Operand.Mem m = mem(d16("8b 00"), 1); // mov ax,[bx+si]
        assertEquals(Register.BX, m.base());
        assertEquals(Register.SI, m.index());
        assertEquals(Register.DS, m.segment());
        Operand.Mem bp = mem(d16("8b 46 fe"), 1); // mov ax,[bp-2]
        assertEquals(Register.BP, bp.base());
        assertEquals(-2, bp.displacement());
        assertEquals(Register.SS, bp.segment());
        Operand.Mem direct = mem(d16("8b 06 34 12"), 1); // mov ax,[0x1234]
        assertNull(direct.base());
        assertEquals(0x1234, direct.displacement());
        assertEquals(2, direct.addressSize());
    }

    @Test
    void sibFormsWithScaleIndexAndStackBases() {
        Operand.Mem m = mem(d64("8b 44 88 08"), 1); // mov eax,[rax+rcx*4+8]
        assertEquals(Register.RAX, m.base());
        assertEquals(Register.RCX, m.index());
        assertEquals(4, m.scale());
        assertEquals(8, m.displacement());
        assertEquals(Register.SS, mem(d64("8b 04 24"), 1).segment());   // [rsp]
        assertEquals(Register.SS, mem(d64("8b 45 f8"), 1).segment());   // [rbp-8]
        assertEquals(Register.DS, mem(d64("41 8b 45 f8"), 1).segment()); // [r13-8]
        assertEquals(Register.R12, mem(d64("41 8b 04 24"), 1).base());
    }

    @Test
    void sibWithoutIndexOrBase() {
        Operand.Mem noIndex = mem(d64("8b 04 20"), 1); // index 100 = none
        assertNull(noIndex.index());
        Operand.Mem r12Index = mem(d64("42 8b 04 20"), 1); // REX.X: r12 is a real index
        assertEquals(Register.R12, r12Index.index());
        Operand.Mem abs = mem(d64("8b 04 25 00 10 00 00"), 1);
        assertNull(abs.base());
        assertNull(abs.index());
        assertEquals(0x1000, abs.displacement());
    }

    @Test
    void ripRelativeIn64BitModeAndAbsoluteIn32() {
        Operand.Mem rip = mem(d64("48 8d 05 f0 ff ff ff"), 1);
        assertTrue(rip.ripRelative());
        assertEquals(Register.RIP, rip.base());
        assertEquals(-16, rip.displacement());
        assertEquals(Register.EIP, mem(d64("67 8b 05 00 00 00 00"), 1).base());
        Operand.Mem abs32 = mem(d32("8b 05 00 10 00 c0"), 1);
        assertNull(abs32.base());
        assertEquals(0xc0001000L, abs32.displacement() & 0xffffffffL);
    }

    @Test
    void addressSizeOverrideSwitchesAddressingForms() {
        assertEquals(Register.EAX, mem(d64("67 8b 00"), 1).base());
        assertEquals(Register.BX, mem(d32("67 8b 00"), 1).base());
        assertEquals(Register.EAX, mem(d16("67 8b 00"), 1).base());
    }

    @Test
    void leaHasAnUnsizedMemoryOperandAndNoRegisterForm() {
        assertEquals(0, mem(d64("48 8d 04 08"), 1).size());
        assertEquals(Mnemonic.BAD, d64("8d c0").mnemonic());
    }

    @Test
    void controlAndDebugRegisterMovesIgnoreModAndAre64BitIn64BitMode() {
        Instruction i = d64("0f 20 00"); // mod=00 still names a register
        assertEquals(reg(Register.RAX), i.operand(0));
        assertEquals(reg(Register.CR0), i.operand(1));
        assertEquals(reg(Register.CR8), d64("44 0f 20 c0").operand(1));
        assertEquals(reg(Register.EAX), d32("0f 21 f8").operand(0));
        assertEquals(reg(Register.DR7), d32("0f 21 f8").operand(1));
    }
}
