package io.xenscope.cpu.isa.datamove;

import static io.xenscope.cpu.isa.IsaMachine.RAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Flags;
import io.xenscope.cpu.fault.DivideError;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.cpu.isa.IsaMachine;
import org.junit.jupiter.api.Test;

/** The decimal adjustments, in 32-bit protected mode (they are invalid in 64-bit mode). */
class BcdTest {
    private final IsaMachine m = IsaMachine.protected32();

    @Test
    void daaAdjustsPackedBcdAddition() {
        m.set(RAX, 0xae).flags(0).exec("daa"); // after 0x79 + 0x35
        assertEquals(0x14, m.reg(RAX) & 0xff);
        assertTrue(m.flag(Flags.CF));
    }

    @Test
    void dasAdjustsPackedBcdSubtraction() {
        m.set(RAX, 0xee).flags(Flags.CF | Flags.AF).exec("das"); // after 0x35 - 0x47
        assertEquals(0x88, m.reg(RAX) & 0xff);
        assertTrue(m.flag(Flags.CF));
    }

    @Test
    void aaaCarriesIntoAh() {
        m.set(RAX, 0x000e).flags(0).exec("aaa"); // after 8 + 6
        assertEquals(0x0104, m.reg(RAX) & 0xffff);
        assertTrue(m.flag(Flags.CF) && m.flag(Flags.AF));
    }

    @Test
    void aasBorrowsFromAh() {
        m.set(RAX, 0x02fe).flags(Flags.CF | Flags.AF).exec("aas"); // after 3 - 5
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
    void bcdInstructionsAreInvalidIn64BitMode() {
        IsaMachine l = IsaMachine.long64();
        l.run(".byte 0xd5, 0x0a");
        assertInstanceOf(InvalidOpcode.class, l.fault());
        l.run(".byte 0x27");
        assertInstanceOf(InvalidOpcode.class, l.fault());
    }
}
