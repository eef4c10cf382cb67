package io.xenscope.cpu.decoder;

import static io.xenscope.cpu.decoder.Bytes.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 64-bit mode rules, SDM Vol. 2 Appendix A superscripts i64/o64/d64/f64 and §2.2.1. */
class ModeRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"06", "07", "0e", "16", "17", "1e", "1f", "27", "2f", "37", "3f", "60", "61", "62 00",
            "82 c0 00", "9a 00 00 00 00 00 00", "c4 00 00", "c5 00", "ce", "d4 0a", "d5 0a", "d6", "ea 00 00 00 00 00 00"})
    void opcodesInvalidIn64BitModeDecodeAsBad(String hex) {
        assertEquals(Mnemonic.BAD, d64(hex).mnemonic(), hex);
    }

    @Test
    void thoseOpcodesAreValidIn32BitMode() {
        assertEquals(Mnemonic.PUSH, d32("06").mnemonic());
        assertEquals(Mnemonic.DAA, d32("27").mnemonic());
        assertEquals(Mnemonic.PUSHA, d32("60").mnemonic());
        assertEquals(Mnemonic.AAM, d32("d4 0a").mnemonic());
        assertEquals(Mnemonic.CALLF, d32("9a 00 00 00 00 08 00").mnemonic());
    }

    @Test
    void c4AndC5AreLesAndLdsOutside64BitModeWithAMemoryOperand() {
        Instruction les = d32("c4 06");
        assertEquals(Mnemonic.LES, les.mnemonic());
        assertEquals(6, les.operand(1).size());
        assertEquals(Mnemonic.LDS, d16("c5 06 00 10").mnemonic());
        assertEquals(Mnemonic.BAD, d32("c5 c0").mnemonic()); // mod=11: VEX, not decoded
    }

    @Test
    void fortyToFourFAreIncDecOutside64BitModeAndRexInside() {
        assertEquals(Mnemonic.INC, d32("40").mnemonic());
        assertEquals(Mnemonic.DEC, d32("4f").mnemonic());
        assertEquals(Mnemonic.ADD, d64("40 01 c0").mnemonic());
    }

    @Test
    void arplBecomesMovsxdIn64BitMode() {
        assertEquals(Mnemonic.ARPL, d32("63 c0").mnemonic());
        Instruction i = d64("48 63 c1");
        assertEquals(Mnemonic.MOVSXD, i.mnemonic());
        assertEquals(reg(Register.RAX), i.operand(0));
        assertEquals(reg(Register.ECX), i.operand(1));
    }

    @Test
    void stackOperationsDefaultTo64BitsAnd66SelectsSixteen() {
        assertEquals(reg(Register.RBP), d64("55").operand(0));
        assertEquals(8, d64("55").operandSize());
        assertEquals(reg(Register.BP), d64("66 55").operand(0));
        assertEquals(reg(Register.R12), d64("41 54").operand(0));
        assertEquals(8, d64("ff 30").operandSize()); // push qword [rax]
        assertEquals(8, d64("9c").operandSize());    // pushfq
        assertEquals(8, d64("c9").operandSize());    // leave
    }

    @Test
    void nearBranchesAre64BitRegardlessOf66() {
        Instruction i = d64("66 e8 00 00 00 00");
        assertEquals(6, i.length());
        assertEquals(8, i.operandSize());
        assertEquals(8, d64("ff d0").operandSize());
        assertEquals(reg(Register.RAX), d64("ff d0").operand(0));
    }

    @Test
    void nopAndXchgShareOpcode90() {
        assertEquals(Mnemonic.NOP, d64("90").mnemonic());
        assertEquals(Mnemonic.XCHG, d64("41 90").mnemonic());
        assertEquals(reg(Register.R8D), d64("41 90").operand(0));
        assertEquals(Mnemonic.XCHG, d64("66 90").mnemonic());
    }

    @Test
    void swapgsExistsOnlyIn64BitMode() {
        assertEquals(Mnemonic.SWAPGS, d64("0f 01 f8").mnemonic());
        assertEquals(Mnemonic.BAD, d32("0f 01 f8").mnemonic());
    }

    @Test
    void sizeVariantsFollowTheOperandSize() {
        assertEquals(Mnemonic.CDQE, d64("48 98").mnemonic());
        assertEquals(Mnemonic.CWDE, d64("98").mnemonic());
        assertEquals(Mnemonic.CBW, d64("66 98").mnemonic());
        assertEquals(Mnemonic.CQO, d64("48 99").mnemonic());
        assertEquals(Mnemonic.CMPXCHG16B, d64("48 0f c7 0e").mnemonic());
        assertEquals(8, d64("48 cf").operandSize()); // iretq
        assertEquals(4, d64("48 6d").operandSize()); // insd: at most 32 bits
    }

    @Test
    void anyByteSequenceDecodesWithoutThrowing() {
        java.util.Random r = new java.util.Random(42);
        byte[] b = new byte[32];
        for (int n = 0; n < 200_000; n++) {
            r.nextBytes(b);
            for (CodeSize mode : CodeSize.values()) {
                Instruction i = Decoder.decode(CodeSource.of(b, 0), 0, mode);
                assertTrue(i.length() >= 1 && i.length() <= 15);
            }
        }
    }
}
