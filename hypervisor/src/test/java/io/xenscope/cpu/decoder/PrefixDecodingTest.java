package io.xenscope.cpu.decoder;

import static io.xenscope.cpu.decoder.Bytes.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Legacy and REX prefixes, SDM Vol. 2 §2.1.1 and §2.2.1. */
class PrefixDecodingTest {

    @Test
    void theLastSegmentOverrideWins() {
        Instruction i = d32("2e 64 8b 00"); // cs fs mov eax,[eax]
        Operand.Mem m = (Operand.Mem) i.operand(1);
        assertEquals(Register.FS, m.segment());
        assertTrue(m.segmentOverride());
        assertEquals(Register.FS, i.segmentOverride());
    }

    @Test
    void stringInstructionsExposeTheirSegmentOverride() {
        Instruction i = d32("26 a4"); // es movsb
        assertEquals(Mnemonic.MOVS, i.mnemonic());
        assertEquals(1, i.operandSize());
        assertEquals(Register.ES, i.segmentOverride());
    }

    @Test
    void prefixesMayRepeatAndComeInAnyOrder() {
        Instruction i = d64("66 66 2e 0f 1f 84 00 00 00 00 00");
        assertEquals(Mnemonic.NOP, i.mnemonic());
        assertEquals(11, i.length());
        assertEquals(2, i.operandSize());
    }

    @Test
    void rexCountsOnlyImmediatelyBeforeTheOpcode() {
        assertEquals(Register.RAX, ((Operand.Reg) d64("48 89 c0").operand(0)).register());
        Instruction i = d64("48 66 89 c0"); // REX then 66: REX ignored
        assertEquals(Register.AX, ((Operand.Reg) i.operand(0)).register());
        assertFalse(i.has(Instruction.PREFIX_REX));
    }

    @Test
    void rexSelectsUniformByteRegisters() {
        assertEquals(Register.AH, ((Operand.Reg) d64("88 e4").operand(0)).register());
        assertEquals(Register.SPL, ((Operand.Reg) d64("40 88 e4").operand(0)).register());
    }

    @Test
    void rexWBeats66() {
        assertEquals(8, d64("66 48 01 c0").operandSize());
    }

    @Test
    void lockIsAllowedOnlyOnLockableMemoryDestinations() {
        assertFalse(d64("f0 01 00").lockInvalid());       // lock add [rax],eax
        assertTrue(d64("f0 01 c0").lockInvalid());        // lock add eax,eax
        assertTrue(d64("f0 8b 00").lockInvalid());        // lock mov eax,[rax]
        assertFalse(d64("f0 0f c7 0e").lockInvalid());    // lock cmpxchg8b [rsi]
        assertTrue(d64("f0 90").lockInvalid());
        assertTrue(d64("f0 01 00").has(Instruction.PREFIX_LOCK));
    }

    @Test
    void anInstructionLongerThan15BytesIsBadWithLength15AndMarkedTooLong() {
        Instruction i = d64("66 66 66 66 66 66 66 66 66 66 66 66 66 66 01 c0");
        assertEquals(Mnemonic.BAD, i.mnemonic());
        assertEquals(15, i.length());
        assertTrue(i.tooLong());
        Instruction ok = d64("66 66 66 66 66 66 66 66 66 66 66 66 66 01 c0");
        assertEquals(Mnemonic.ADD, ok.mnemonic());
        assertEquals(15, ok.length());
        assertFalse(ok.tooLong());
    }

    @Test
    void aMandatoryPrefixSelectsTheSseInstructionAndIsNotAnOperandSizeOverride() {
        assertEquals(Mnemonic.ADDPS, d64("0f 58 c1").mnemonic());
        Instruction addpd = d64("66 0f 58 c1");
        assertEquals(Mnemonic.ADDPD, addpd.mnemonic());
        assertFalse(addpd.has(Instruction.PREFIX_OPSIZE));
        assertEquals(Mnemonic.ADDSS, d64("f3 0f 58 c1").mnemonic());
        assertEquals(Mnemonic.ADDSD, d64("f2 0f 58 c1").mnemonic());
        assertEquals(Mnemonic.ADDSS, d64("66 f3 0f 58 c1").mnemonic()); // F3 beats 66
        assertEquals(Mnemonic.ADDSD, d64("f3 f2 0f 58 c1").mnemonic()); // the last of F2/F3 counts
    }

    @Test
    void f3SelectsPopcntWhile66StillSetsItsOperandSize() {
        Instruction i = d64("66 f3 0f b8 c0");
        assertEquals(Mnemonic.POPCNT, i.mnemonic());
        assertEquals(Register.AX, ((Operand.Reg) i.operand(0)).register());
        assertEquals(Mnemonic.TZCNT, d64("f3 0f bc c0").mnemonic());
        assertEquals(Mnemonic.BSF, d64("0f bc c0").mnemonic());
        assertEquals(Mnemonic.PAUSE, d64("f3 90").mnemonic());
        assertEquals(Mnemonic.ENDBR64, d64("f3 0f 1e fa").mnemonic());
    }

    @Test
    void movdAndMovqAreToldApartByRexW() {
        assertEquals(Mnemonic.MOVD, d64("66 0f 6e c0").mnemonic());
        Instruction q = d64("66 48 0f 6e c0");
        assertEquals(Mnemonic.MOVQ, q.mnemonic());
        assertEquals(Register.RAX, ((Operand.Reg) q.operand(1)).register());
    }
}
