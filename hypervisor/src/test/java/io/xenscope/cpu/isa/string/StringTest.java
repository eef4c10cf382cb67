package io.xenscope.cpu.isa.string;

import static io.xenscope.cpu.isa.IsaMachine.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.PageFault;
import io.xenscope.cpu.isa.IsaMachine;
import org.junit.jupiter.api.Test;

class StringTest {
    private final IsaMachine m = IsaMachine.long64();
    private static final long SRC = DATA, DST = DATA + 0x10000;

    private void fillPattern(long at, int n) {
        for (int i = 0; i < n; i++) {
            m.poke(at + i, 1, i * 7 + 3);
        }
    }

    private void assertCopied(long from, long to, int n) {
        for (int i = 0; i < n; i++) {
            assertEquals(m.peek(from + i, 1), m.peek(to + i, 1), "byte " + i);
        }
    }

    @Test
    void movsbCopiesOneByteAndAdvances() {
        m.poke(SRC, 1, 0x5a).set(RSI, SRC).set(RDI, DST).exec("movsb");
        assertEquals(0x5a, m.peek(DST, 1));
        assertEquals(SRC + 1, m.reg(RSI));
        assertEquals(DST + 1, m.reg(RDI));
    }

    @Test
    void movsdWithDirectionFlagGoesDown() {
        m.poke(SRC, 4, 0xdeadbeefL).set(RSI, SRC).set(RDI, DST).flags(Flags.DF).exec("movsd");
        assertEquals(0xdeadbeefL, m.peek(DST, 4));
        assertEquals(SRC - 4, m.reg(RSI));
        assertEquals(DST - 4, m.reg(RDI));
    }

    @Test
    void repMovsbCopiesAcrossPagesExactly() {
        int n = 3 * 4096 + 123;
        long src = SRC + 0x0ffd, dst = DST + 0x0003;
        fillPattern(src, n);
        m.set(RSI, src).set(RDI, dst).set(RCX, n).exec("rep movsb");
        assertCopied(src, dst, n);
        assertEquals(0, m.reg(RCX));
        assertEquals(src + n, m.reg(RSI));
        assertEquals(dst + n, m.reg(RDI));
        assertEquals(0, m.peek(dst + n, 1), "nothing beyond");
    }

    @Test
    void repMovsqBackwardsCopiesEveryElement() {
        fillPattern(SRC, 8 * 600);
        m.set(RSI, SRC + 8 * 599).set(RDI, DST + 8 * 599).set(RCX, 600).flags(Flags.DF).exec("rep movsq");
        assertCopied(SRC, DST, 8 * 600);
        assertEquals(SRC - 8, m.reg(RSI));
    }

    @Test
    void overlappingForwardMovsbReplicatesLikeHardware() {
        m.poke(SRC, 1, 0xab).set(RSI, SRC).set(RDI, SRC + 1).set(RCX, 1000).exec("rep movsb");
        for (int i = 0; i <= 1000; i++) {
            assertEquals(0xab, m.peek(SRC + i, 1), "byte " + i);
        }
    }

    @Test
    void repWithZeroCountDoesNothing() {
        m.poke(SRC, 1, 1).set(RSI, SRC).set(RDI, DST).set(RCX, 0).exec("rep movsb");
        assertEquals(0, m.peek(DST, 1));
        assertEquals(SRC, m.reg(RSI));
    }

    @Test
    void addressSize32RepWithZeroCountStillZeroExtendsRcx() {
        m.set(RSI, SRC).set(RDI, DST).set(RCX, 0xff_0000_0000L).exec("addr32 rep movsb");
        assertEquals(0, m.reg(RCX));
        assertEquals(SRC, m.reg(RSI));
    }

    @Test
    void repStosFillsWithTheAccumulator() {
        m.set(RAX, 0x1122334455667788L).set(RDI, DST + 4).set(RCX, 1000).exec("rep stosq");
        for (int i = 0; i < 1000; i++) {
            assertEquals(0x1122334455667788L, m.peek(DST + 4 + 8L * i, 8), "element " + i);
        }
        assertEquals(0, m.peek(DST + 4 + 8000, 8));
        assertEquals(DST + 4 + 8000, m.reg(RDI));
    }

    @Test
    void repStoswFillsWords() {
        m.set(RAX, 0xbeef).set(RDI, DST).set(RCX, 5000).exec("rep stosw");
        for (int i = 0; i < 5000; i++) {
            assertEquals(0xbeef, m.peek(DST + 2L * i, 2));
        }
    }

    @Test
    void lodsLoadsTheAccumulator() {
        m.poke(SRC, 4, 0x89abcdefL).set(RAX, -1L).set(RSI, SRC).exec("lodsd");
        assertEquals(0x89abcdefL, m.reg(RAX));
        assertEquals(SRC + 4, m.reg(RSI));
    }

    @Test
    void repeCmpsbStopsAtTheFirstDifference() {
        fillPattern(SRC, 100);
        fillPattern(DST, 100);
        m.poke(DST + 40, 1, 0);
        m.set(RSI, SRC).set(RDI, DST).set(RCX, 100).exec("repe cmpsb");
        assertEquals(100 - 41, m.reg(RCX));
        assertEquals(SRC + 41, m.reg(RSI));
        assertEquals(DST + 41, m.reg(RDI));
        assertFalse(m.flag(Flags.ZF));
    }

    @Test
    void repeCmpsOfEqualBlocksRunsOut() {
        m.set(RSI, SRC).set(RDI, DST).set(RCX, 10).exec("repe cmpsq");
        assertEquals(0, m.reg(RCX));
        assertTrue(m.flag(Flags.ZF));
    }

    @Test
    void repneScasbFindsTheByte() {
        fillPattern(DST, 200);
        m.set(RAX, 3 + 7 * 50).set(RDI, DST).set(RCX, 200).exec("repne scasb");
        assertEquals(DST + 51, m.reg(RDI));
        assertEquals(200 - 51, m.reg(RCX));
        assertTrue(m.flag(Flags.ZF));
    }

    @Test
    void scasComparesAccumulatorMinusMemory() {
        m.poke(DST, 2, 5).set(RAX, 3).set(RDI, DST).exec("scasw");
        assertTrue(m.flag(Flags.CF));
        assertTrue(m.flag(Flags.SF));
    }

    @Test
    void sourceSegmentCanBeOverridden() {
        m.cpu.seg[Cpu.FS].base = 0x1000;
        m.poke(SRC + 0x1000, 1, 0x42).set(RSI, SRC).set(RDI, DST).exec("movsb byte ptr es:[rdi], byte ptr fs:[rsi]");
        assertEquals(0x42, m.peek(DST, 1));
    }

    @Test
    void addressSize32UsesEsiEdiEcxAndZeroExtends() {
        m.poke(SRC, 1, 0x99).set(RSI, 0xffff_0000_0000_0000L | SRC).set(RDI, 0x1_0000_0000L | DST).set(RCX, 0xf_0000_0001L)
                .exec("addr32 rep movsb");
        assertEquals(0x99, m.peek(DST, 1));
        assertEquals(SRC + 1, m.reg(RSI));
        assertEquals(DST + 1, m.reg(RDI));
        assertEquals(0, m.reg(RCX));
    }

    @Test
    void realModeIndexRegistersWrapAt64K() {
        IsaMachine r = IsaMachine.real16();
        r.poke(0xffff, 1, 0x11).poke(0, 1, 0x22).set(RSI, 0xffff).set(RDI, 0x5000).set(RCX, 2).exec("rep movsb");
        assertEquals(0x11, r.peek(0x5000, 1));
        assertEquals(0x22, r.peek(0x5001, 1));
        assertEquals(1, r.reg(RSI));
    }

    @Test
    void segmentLimitStopsRepMovsAtTheBoundary() {
        IsaMachine p = IsaMachine.protected32();
        p.cpu.seg[Cpu.ES].limit = DST + 99;
        p.set(RSI, SRC).set(RDI, DST).set(RCX, 1000).run("rep movsb");
        assertInstanceOf(GeneralProtection.class, p.fault());
        assertEquals(1000 - 100, p.reg(RCX));
        assertEquals(DST + 100, p.reg(RDI));
        assertEquals(0, p.ripOffset());
    }

    @Test
    void pageFaultMidwayLeavesCompletedIterationsAndRestarts() {
        long dst = 0x400000 - 1000;
        fillPattern(SRC, 3000);
        m.unmap2M(0x400000).set(RSI, SRC).set(RDI, dst).set(RCX, 3000).run("rep movsb");
        PageFault pf = assertInstanceOf(PageFault.class, m.fault());
        assertEquals(0, m.ripOffset(), "RIP stays on the string instruction");
        assertEquals(2000, m.reg(RCX));
        assertEquals(SRC + 1000, m.reg(RSI));
        assertEquals(0x400000, m.reg(RDI));
        assertCopied(SRC, dst, 1000);
        assertEquals(0x400000, pf.linearAddress());
        // the guest maps the page and resumes: the instruction completes the remaining iterations
        m.cpu.memory.write64(0x4000 + 16, 0x400000L | 0x83);
        m.cpu.mmu.flushAll();
        m.cpu.rip = CODE;
        var end = m.engine.run(1000); // then the final hlt (#UD until the system family lands)
        assertTrue(end.reason() == StopReason.HALTED || !(end.fault() instanceof PageFault), "" + end);
        assertEquals(0, m.reg(RCX));
        assertCopied(SRC, dst, 3000);
    }

    @Test
    void singleSteppingTrapsAfterEachIteration() {
        m.set(RSI, SRC).set(RDI, DST).set(RCX, 5).flags(Flags.TF).run("rep movsb");
        assertInstanceOf(io.xenscope.cpu.fault.DebugException.class, m.fault());
        assertEquals(4, m.reg(RCX));
        assertEquals(0, m.ripOffset(), "trap reported with RIP on the unfinished rep movsb");
    }

    @Test
    void enormousRepMovsbYieldsBetweenChunks() {
        m.set(RSI, SRC).set(RDI, DST).set(RCX, 1 << 20).run("rep movsb");
        m.assertCompleted();
        assertTrue(m.result().instructions() > 1, "several executions of one rep movsb: " + m.result().instructions());
        assertEquals(0, m.reg(RCX));
    }
}
