package io.xenscope.cpu.isa.muldiv;

import static io.xenscope.cpu.Flags.CF;
import static io.xenscope.cpu.Flags.OF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.fault.DivideError;
import io.xenscope.cpu.isa.Snippet;
import org.junit.jupiter.api.Test;

class MulDivFamilyTest {
    @Test
    void mulOfSixtyFourBitsGivesA128BitProduct() {
        Snippet s = new Snippet("mul rbx").rax(-1).rbx(-1).run();
        assertEquals(1, s.rax());
        assertEquals(-2, s.rdx());
        assertTrue(s.flag(CF) && s.flag(OF));
    }

    @Test
    void mulOfBytesWritesAx() {
        Snippet s = new Snippet("mul bl").rax(0x1234_00ffL).rbx(2).run();
        assertEquals(0x1234_01feL, s.rax());
        assertTrue(s.flag(CF));
    }

    @Test
    void imulSignExtendsTheHighHalf() {
        Snippet s = new Snippet("imul rbx").rax(-3).rbx(4).run();
        assertEquals(-12, s.rax());
        assertEquals(-1, s.rdx());
        assertTrue(!s.flag(CF) && !s.flag(OF));
    }

    @Test
    void threeOperandImulTruncatesAndFlagsOverflow() {
        Snippet s = new Snippet("imul eax, ebx, 0x10000").rbx(0x10000).run();
        assertEquals(0, s.rax());
        assertTrue(s.flag(CF) && s.flag(OF));
        assertEquals(-6, new Snippet("imul rax, rbx").rax(2).rbx(-3).run().rax());
    }

    @Test
    void divSplitsQuotientAndRemainder() {
        Snippet s = new Snippet("div ebx").rdx(1).rax(5).rbx(2).run();
        assertEquals(0x8000_0002L, s.rax());
        assertEquals(1, s.rdx());
    }

    @Test
    void divOf128Bits() {
        Snippet s = new Snippet("div rbx").rdx(3).rax(7).rbx(4).run();
        assertEquals(0xc000_0000_0000_0001L, s.rax());
        assertEquals(3, s.rdx());
    }

    @Test
    void idivOfANegative128BitDividendRoundsTowardZero() {
        Snippet s = new Snippet("idiv rbx").rdx(-1).rax(-7).rbx(2).run();
        assertEquals(-3, s.rax());
        assertEquals(-1, s.rdx());
    }

    @Test
    void divideByZeroRaisesDivideErrorAndChangesNothing() {
        Snippet s = new Snippet("div rbx").rax(5).rdx(0).rbx(0).run();
        assertTrue(s.fault() instanceof DivideError);
        assertEquals(5, s.rax());
        assertEquals(Snippet.CODE, s.cpu.rip);
    }

    @Test
    void aQuotientThatDoesNotFitRaisesDivideError() {
        assertTrue(new Snippet("div bl").rax(0x200).rbx(2).run().fault() instanceof DivideError);
        assertTrue(new Snippet("div rbx").rdx(5).rax(0).rbx(5).run().fault() instanceof DivideError);
    }

    @Test
    void idivOfTheMostNegativeValueByMinusOneRaisesDivideError() {
        assertTrue(new Snippet("idiv ebx").rdx(0xffff_ffffL).rax(0x8000_0000L).rbx(-1).run().fault() instanceof DivideError);
        assertTrue(new Snippet("idiv rbx").rdx(-1).rax(Long.MIN_VALUE).rbx(-1).run().fault() instanceof DivideError);
    }

    @Test
    void idivOfTheMostNegativeQuotientFits() {
        Snippet s = new Snippet("idiv rbx").rdx(-1).rax(Long.MIN_VALUE).rbx(1).run();
        assertNull(s.fault());
        assertEquals(Long.MIN_VALUE, s.rax());
    }
}
