package io.xenscope.cpu.isa.datamove;

import static io.xenscope.cpu.isa.SnippetMachine.RAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Flags;
import io.xenscope.cpu.fault.DivideError;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.cpu.isa.SnippetMachine;
import org.junit.jupiter.api.Test;

/** The decimal adjustments, in 32-bit protected mode (they are invalid in 64-bit mode). */
class BcdTest {
    private final SnippetMachine m = SnippetMachine.protected32();

    @Test
    void daaAdjustsPackedBcdAddition() {
        m.set(RAX, 0x79).exec("add al, 0x35", "daa");
        assertEquals(0x14, m.reg(RAX) & 0xff);
        assertTrue(m.flag(Flags.CF));
    }

    @Test
    void dasAdjustsPackedBcdSubtraction() {
        m.set(RAX, 0x35).exec("sub al, 0x47", "das");
        assertEquals(0x88, m.reg(RAX) & 0xff);
        assertTrue(m.flag(Flags.CF));
    }

    @Test
    void aaaCarriesIntoAh() {
        m.set(RAX, 0x0008).exec("add al, 6", "aaa");
        assertEquals(0x0104, m.reg(RAX) & 0xffff);
        assertTrue(m.flag(Flags.CF) && m.flag(Flags.AF));
    }

    @Test
    void aasBorrowsFromAh() {
        m.set(RAX, 0x0203).exec("sub al, 5", "aas");
        assertEquals(0x0108, m.reg(RAX) & 0xffff);
        assertTrue(m.flag(Flags.CF));
    }

    @Test
    void aamSplitsAl() {
        m.set(RAX, 63).exec("aam");
        assertEquals(0x0603, m.reg(RAX) & 0xffff);
        m.set(RAX, 0xff).exec("aam 16");
        assertEquals(0x0f0f, m.reg(RAX) & 0xffff);
    }

    @Test
    void aamWithZeroBaseIsDivideError() {
        m.run("aam 0");
        assertInstanceOf(DivideError.class, m.fault());
    }

    @Test
    void aadCombinesAhAndAl() {
        m.set(RAX, 0x0607).exec("aad");
        assertEquals(67, m.reg(RAX) & 0xffff);
        assertFalse(m.flag(Flags.ZF));
    }

    @Test
    void salcCopiesCarryIntoAl() {
        m.set(RAX, 0x1200).exec("stc", ".byte 0xd6");
        assertEquals(0x12ff, m.reg(RAX) & 0xffff);
    }

    @Test
    void bcdInstructionsAreInvalidIn64BitMode() {
        SnippetMachine l = SnippetMachine.long64();
        l.run(".byte 0xd5, 0x0a");
        assertInstanceOf(InvalidOpcode.class, l.fault());
        l.run(".byte 0x27");
        assertInstanceOf(InvalidOpcode.class, l.fault());
    }
}
