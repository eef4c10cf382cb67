package io.xenscope.cpu.isa.shift;

import static io.xenscope.cpu.Flags.AF;
import static io.xenscope.cpu.Flags.CF;
import static io.xenscope.cpu.Flags.OF;
import static io.xenscope.cpu.Flags.PF;
import static io.xenscope.cpu.Flags.SF;
import static io.xenscope.cpu.Flags.ZF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.isa.Snippet;
import org.junit.jupiter.api.Test;

class ShiftFamilyTest {
    @Test
    void shlByOneSetsOverflowWhenTheSignChanges() {
        Snippet s = new Snippet("shl al, 1").rax(0x40).run();
        assertEquals(0x80, s.rax());
        assertEquals(OF | SF, s.status());
    }

    @Test
    void shlPutsTheLastBitOutInCarry() {
        Snippet s = new Snippet("shl eax, cl").rax(0x8000_0001L).rcx(1).run();
        assertEquals(2, s.rax());
        assertTrue(s.flag(CF) && s.flag(OF));
    }

    @Test
    void aZeroCountChangesNoFlag() {
        Snippet s = new Snippet("shr rax, cl").rax(5).rcx(64).flags(CF | ZF | OF).run();
        assertEquals(5, s.rax());
        assertEquals(CF | ZF | OF, s.status());
    }

    @Test
    void theCountIsMaskedToFiveBitsBelowSixtyFourBits() {
        assertEquals(4, new Snippet("shl eax, 33").rax(2).run().rax());
        assertEquals(0, new Snippet("shl ax, 16").rax(0xffff).run().rax());
        assertEquals(1L << 33, new Snippet("shl rax, 33").rax(1).run().rax());
    }

    @Test
    void sarKeepsTheSign() {
        Snippet s = new Snippet("sar eax, 4").rax(0x8000_0010L).run();
        assertEquals(0xf800_0001L, s.rax());
        assertEquals(SF, s.status() & (SF | CF | OF));
    }

    @Test
    void shrByOneSetsOverflowToTheOriginalSign() {
        assertEquals(OF | CF, new Snippet("shr byte ptr [0x200000], 1").mem64(0x200000, 0x81).run().status() & ~AF);
    }

    @Test
    void rotatesChangeOnlyCarryAndOverflow() {
        Snippet s = new Snippet("rol al, 1").rax(0x80).flags(ZF | SF).run();
        assertEquals(1, s.rax());
        assertEquals(ZF | SF | CF | OF, s.status());
    }

    @Test
    void rorPutsTheNewSignInCarry() {
        Snippet s = new Snippet("ror rax, 1").rax(1).run();
        assertEquals(0x8000_0000_0000_0000L, s.rax());
        assertTrue(s.flag(CF) && s.flag(OF));
    }

    @Test
    void rclRotatesThroughCarryModuloNineForBytes() {
        assertEquals(0x01, new Snippet("rcl al, 1").rax(0x00).flags(CF).run().rax());
        Snippet whole = new Snippet("rcl al, cl").rax(0x5a).rcx(9).flags(CF | OF).run();
        assertEquals(0x5a, whole.rax());
        assertEquals(CF | OF, whole.status());
    }

    @Test
    void rcrOfSixtyFourBitsTakesTheCarryIn() {
        Snippet s = new Snippet("rcr rax, 1").rax(2).flags(CF).run();
        assertEquals(0x8000_0000_0000_0001L, s.rax());
        assertTrue(!s.flag(CF) && s.flag(OF));
    }

    @Test
    void shldFillsFromTheSource() {
        Snippet s = new Snippet("shld eax, ebx, 8").rax(0x1122_3344L).rbx(0xaabb_ccddL).run();
        assertEquals(0x2233_44aaL, s.rax());
        assertTrue(s.flag(CF)); // bit 24 of the destination was the last out
    }

    @Test
    void shrdFillsFromTheSource() {
        Snippet s = new Snippet("shrd rax, rbx, cl").rax(0x0f).rbx(0x1).rcx(4).run();
        assertEquals(0x1000_0000_0000_0000L, s.rax());
        assertTrue(s.flag(CF));
    }
}
