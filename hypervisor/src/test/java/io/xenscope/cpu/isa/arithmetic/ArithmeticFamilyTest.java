package io.xenscope.cpu.isa.arithmetic;

import static io.xenscope.cpu.Flags.AF;
import static io.xenscope.cpu.Flags.CF;
import static io.xenscope.cpu.Flags.OF;
import static io.xenscope.cpu.Flags.PF;
import static io.xenscope.cpu.Flags.SF;
import static io.xenscope.cpu.Flags.ZF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Flags;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.cpu.isa.Snippet;
import org.junit.jupiter.api.Test;

class ArithmeticFamilyTest {
    @Test
    void addWrapsToZeroWithCarry() {
        Snippet s = new Snippet("add rax, rbx").rax(-1).rbx(1).run();
        assertEquals(0, s.rax());
        assertEquals(CF | ZF | PF | AF, s.status());
    }

    @Test
    void subOverflowsAtTheSignBoundary() {
        Snippet s = new Snippet("sub eax, 1").rax(0x8000_0000L).run();
        assertEquals(0x7fff_ffffL, s.rax());
        assertEquals(OF | AF | PF, s.status());
    }

    @Test
    void thirtyTwoBitResultsClearTheUpperHalf() {
        assertEquals(3, new Snippet("add eax, ebx").rax(0xffff_ffff_0000_0001L).rbx(2).run().rax());
    }

    @Test
    void sixteenAndEightBitResultsKeepTheRestOfTheRegister() {
        assertEquals(0x1111_2222_3333_0000L, new Snippet("add ax, bx").rax(0x1111_2222_3333_ffffL).rbx(1).run().rax());
        assertEquals(0x1234_0100L, new Snippet("add ah, 1").rax(0x1234_0000L).run().rax());
    }

    @Test
    void adcAddsTheCarryIn() {
        Snippet s = new Snippet("adc rax, rbx").rax(5).rbx(6).flags(CF).run();
        assertEquals(12, s.rax());
        assertEquals(0, s.status() & CF);
    }

    @Test
    void adcCarriesOutWhenOperandPlusCarryWraps() {
        Snippet s = new Snippet("adc al, bl").rax(0).rbx(0xff).flags(CF).run();
        assertEquals(0, s.rax());
        assertTrue(s.flag(CF) && s.flag(ZF));
    }

    @Test
    void sbbSubtractsTheBorrow() {
        Snippet s = new Snippet("sbb eax, ebx").rax(5).rbx(5).flags(CF).run();
        assertEquals(0xffff_ffffL, s.rax());
        assertTrue(s.flag(CF) && s.flag(SF));
    }

    @Test
    void cmpOnlyRecordsFlags() {
        Snippet s = new Snippet("cmp rax, rbx").rax(1).rbx(2).run();
        assertEquals(1, s.rax());
        assertEquals(CF | SF | PF | AF, s.status());
    }

    @Test
    void logicClearsCarryAndOverflow() {
        Snippet s = new Snippet("test rax, rbx").rax(-1).rbx(0x8000_0000_0000_0000L).flags(CF | OF).run();
        assertEquals(SF | PF, s.status());
    }

    @Test
    void immediatesAreSignExtendedToTheOperandSize() {
        assertEquals(0, new Snippet("add rax, -1").rax(1).run().rax());
        assertEquals(0xffff_ffffL, new Snippet("or eax, -1").rax(0).run().rax());
    }

    @Test
    void incAndDecKeepTheCarry() {
        Snippet inc = new Snippet("inc rax").rax(-1).flags(CF).run();
        assertEquals(0, inc.rax());
        assertTrue(inc.flag(CF) && inc.flag(ZF));
        assertEquals(OF | SF | AF, new Snippet("inc al").rax(0x7f).run().status());
        assertEquals(OF | AF, new Snippet("dec byte ptr [0x200000]").mem64(0x200000, 0x80).run().status() & (OF | AF | CF));
    }

    @Test
    void negSetsCarryUnlessZero() {
        Snippet s = new Snippet("neg rax").rax(1).run();
        assertEquals(-1, s.rax());
        assertTrue(s.flag(CF));
        assertEquals(ZF | PF, new Snippet("neg rax").rax(0).run().status());
        assertTrue(new Snippet("neg eax").rax(0x8000_0000L).run().flag(OF));
    }

    @Test
    void notChangesNoFlag() {
        Snippet s = new Snippet("not rax").rax(0).flags(CF | ZF).run();
        assertEquals(-1, s.rax());
        assertEquals(CF | ZF, s.status());
    }

    @Test
    void lockedMemoryAddWorks() {
        Snippet s = new Snippet("lock add qword ptr [0x200000], rbx").mem64(0x200000, 40).rbx(2).run();
        assertNull(s.fault());
        assertEquals(42, s.mem64(0x200000));
    }

    @Test
    void lockOnARegisterDestinationIsInvalidOpcode() {
        Snippet s = new Snippet(".byte 0xf0\nadd rax, rbx").rax(1).rbx(1).run();
        assertTrue(s.fault() instanceof InvalidOpcode);
        assertEquals(1, s.rax());
    }

    @Test
    void lockOnCmpIsInvalidOpcode() {
        assertTrue(new Snippet(".byte 0xf0\ncmp qword ptr [0x200000], rbx").run().fault() instanceof InvalidOpcode);
    }

    @Test
    void fusedCompareBranchTakesTheBranchAndLeavesTheCompareFlags() {
        Snippet s = new Snippet("cmp rax, rbx\njl 1f\nnop\n1: nop").rax(1).rbx(2);
        var op = ArithmeticFamily.fusedCompareBranch(s.instruction(0), s.instruction(1));
        op.execute(s.cpu);
        assertEquals(s.instruction(3).address(), s.cpu.rip);
        assertEquals(CF | SF | PF | AF, Flags.read(s.cpu) & Flags.ARITH);
    }

    @Test
    void fusedCompareBranchFallsThrough() {
        Snippet s = new Snippet("test eax, eax\njne 1f\nnop\n1: nop").rax(0);
        var op = ArithmeticFamily.fusedCompareBranch(s.instruction(0), s.instruction(1));
        op.execute(s.cpu);
        assertEquals(s.instruction(2).address(), s.cpu.rip);
        assertTrue(Flags.zf(s.cpu));
    }
}
