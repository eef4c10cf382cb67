package io.xenscope.cpu.decoder;

import static io.xenscope.cpu.decoder.Bytes.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Immediates come extended as the instruction uses them; branch targets come resolved (SDM Appendix A.2.2). */
class ImmediateAndBranchTest {

    @Test
    void group1Imm8IsSignExtendedToTheOperandSize() {
        assertEquals(imm(0xfffffff0L, 4), d64("83 e0 f0").operand(1));
        assertEquals(imm(-16, 8), d64("48 83 e0 f0").operand(1));
        assertEquals(imm(0xfff0, 2), d64("66 83 e0 f0").operand(1));
        assertEquals(imm(0xf0, 1), d64("80 e0 f0").operand(1));
    }

    @Test
    void iz32IsSignExtendedTo64ForA64BitOperand() {
        assertEquals(imm(-1, 8), d64("48 c7 c0 ff ff ff ff").operand(1));
        assertEquals(imm(0xffffffffL, 4), d64("c7 c0 ff ff ff ff").operand(1));
        assertEquals(7, d64("48 c7 c0 ff ff ff ff").length());
    }

    @Test
    void movR64Imm64TakesAFullQuadword() {
        Instruction i = d64("48 b8 88 77 66 55 44 33 22 11");
        assertEquals(10, i.length());
        assertEquals(imm(0x1122334455667788L, 8), i.operand(1));
        assertEquals(reg(Register.R8), d64("49 b8 00 00 00 00 00 00 00 00").operand(0));
    }

    @Test
    void pushImm8IsSignExtendedToTheStackWidth() {
        assertEquals(imm(-1, 8), d64("6a ff").operand(0));
        assertEquals(imm(0xffffffffL, 4), d32("6a ff").operand(0));
    }

    @Test
    void shiftCountsAndSseImmediatesAreUnsignedBytes() {
        assertEquals(imm(0x80, 1), d64("c1 e0 80").operand(1));
        assertEquals(imm(1, 1), d64("d1 e0").operand(1)); // the SDM's "1" operand
    }

    @Test
    void relativeTargetsAreAbsolute() {
        assertEquals(new Operand.Rel(AT + 2 - 2, 8), d64("eb fe").operand(0));
        assertEquals(new Operand.Rel(AT + 5 + 0x100, 8), d64("e8 00 01 00 00").operand(0));
        assertEquals(new Operand.Rel(AT + 6 - 0x10, 8), d64("0f 84 f0 ff ff ff").operand(0));
    }

    @Test
    void relativeTargetsAreTruncatedToTheOperandSize() {
        byte[] code = {(byte) 0xe9, (byte) 0xfd, (byte) 0xff}; // jmp -3 from ip 0: wraps to 0xffff... in 16 bits
        Instruction i = Decoder.decode(CodeSource.of(code, 0), 0, CodeSize.BITS16);
        assertEquals(new Operand.Rel(0x0000, 2), i.operand(0));
        Instruction j = Decoder.decode(CodeSource.of(new byte[]{(byte) 0xeb, (byte) 0xf0}, 0), 0, CodeSize.BITS32);
        assertEquals(new Operand.Rel(0xfffffff2L, 4), j.operand(0));
    }

    @Test
    void jcxzFamilyFollowsTheAddressSize() {
        assertEquals(Mnemonic.JRCXZ, d64("e3 00").mnemonic());
        assertEquals(Mnemonic.JECXZ, d64("67 e3 00").mnemonic());
        assertEquals(Mnemonic.JCXZ, d16("e3 00").mnemonic());
    }

    @Test
    void conditionsAreReportedInSdmOrder() {
        assertEquals(4, d64("74 00").condition());
        assertEquals(Mnemonic.JE, d64("74 00").mnemonic());
        assertEquals(15, d64("0f 8f 00 00 00 00").condition());
        assertEquals(Mnemonic.SETNE, d64("0f 95 c0").mnemonic());
        assertEquals(5, d64("0f 95 c0").condition());
        assertEquals(Mnemonic.CMOVL, d64("0f 4c c1").mnemonic());
        assertEquals(2, d64("da c1").condition()); // fcmovb
        assertEquals(-1, d64("90").condition());
    }

    @Test
    void farPointersCarrySelectorAndOffset() {
        Instruction i = d32("ea 78 56 34 12 08 00");
        assertEquals(Mnemonic.JMPF, i.mnemonic());
        assertEquals(new Operand.Far(8, 0x12345678, 6), i.operand(0));
    }
}
