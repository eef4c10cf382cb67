package io.xenscope.dap.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenscope.debug.DebugSession;
import io.xenscope.xen.PvBootOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The condition/evaluate language on hello-pv stopped at its entry (symbols from its ELF). */
class ExpressionParserTest {
    private static DebugSession s;

    @BeforeAll
    static void boot() throws Exception {
        s = DebugSession.boot(helloPv(), PvBootOptions.defaults());
    }

    static Path helloPv() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && p != null; i++, p = p.getParent()) {
            Path elf = p.resolve("samples/hello-pv/hello-pv");
            if (Files.isDirectory(p.resolve("samples/hello-pv"))) {
                if (!Files.exists(elf)) {
                    new ProcessBuilder("make", "-s", "-C", p.resolve("samples").toString()).inheritIO().start().waitFor();
                }
                return elf;
            }
        }
        throw new IllegalStateException("samples/ not found");
    }

    private static long eval(String e) {
        return ExpressionParser.parse(e, s.symbols()).eval(s);
    }

    private static String parseError(String e) {
        return assertThrows(ExpressionError.class, () -> ExpressionParser.parse(e, s.symbols())).getMessage();
    }

    @Test
    void numbersAreHexOrDecimal() {
        assertEquals(26, eval("0x10 + 10"));
        assertEquals(-1L, eval("0xffffffffffffffff"));
    }

    @Test
    void operatorsHaveCsPrecedence() {
        assertEquals(7, eval("1 + 2 * 3"));
        assertEquals(9, eval("(1 + 2) * 3"));
        assertEquals(17, eval("1 << 4 | 1"));
        assertEquals(3, eval("6 & 3 ^ 1"));
        assertEquals(1, eval("1 + 1 == 2 && 3 > 2"));
        assertEquals(2, eval("10 % 4"));
        assertEquals(0x0f, eval("0xff >> 4"));
        assertEquals(1, eval("!0 && 2 || 0"));
        assertEquals(-6, eval("~5"));
    }

    @Test
    void comparisonsAreUnsignedAsForUint64() {
        assertEquals(1, eval("-1 > 0"));
        assertEquals(1, eval("0xffffffff80000000 >= 0x1000"));
    }

    @Test
    void registersAndTheirNarrowViewsAreNamedAsInGdb() {
        s.cpu().gpr[0] = 0x1122334455667788L;
        s.cpu().gpr[8] = 0xaabbccddeeff0011L;
        assertEquals(0x1122334455667788L, eval("rax"));
        assertEquals(0x1122334455667788L, eval("$rax"));
        assertEquals(0x55667788L, eval("eax"));
        assertEquals(0x7788, eval("ax"));
        assertEquals(0x88, eval("al"));
        assertEquals(0xeeff0011L, eval("r8d"));
        assertEquals(0x11, eval("r8b"));
        assertEquals(s.cpu().rip, eval("rip"));
        assertEquals(s.cpu().rip, eval("$pc"));
        assertEquals(s.cpu().gpr[4], eval("sp"));
        assertEquals(s.rflags(), eval("eflags"));
        assertEquals(s.cpu().cr3, eval("cr3"));
        assertEquals(s.cpu().efer, eval("efer"));
        assertEquals(0xe033, eval("cs"));
    }

    @Test
    void aSymbolIsItsAddress() {
        assertEquals(0xffffffff80002000L, eval("main"));
        assertEquals(0xffffffff8000f040L, eval("start_info"));
        assertEquals(0xffffffff8000f040L, eval("&start_info"));
    }

    @Test
    void memoryIsReadThroughThePageTablesWithTheCastsWidth() {
        s.memory().write(0xffffffff8000f000L, new byte[] {(byte) 0x81, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88});
        assertEquals(0x81, eval("*(uint8_t *)0xffffffff8000f000"));
        assertEquals(0x2281, eval("*(uint16_t*)0xffffffff8000f000"));
        assertEquals(0x44332281L, eval("*(uint32_t *)(start_info - 0x40)"));
        assertEquals(0x8877665544332281L, eval("*(uint64_t *)0xffffffff8000f000"));
        assertEquals(-127, eval("*(int8_t *)0xffffffff8000f000"));
        assertEquals(0x81, eval("(uint8_t)0x181"));
    }

    @Test
    void andAndOrShortCircuitSoAGuardedReadIsNotEvaluated() {
        assertEquals(0, eval("0 && *(uint64_t *)0"));
        assertEquals(1, eval("1 || *(uint64_t *)0"));
    }

    @Test
    void anUnmappedReadOrADivisionByZeroFailsWhenEvaluated() {
        assertEquals("cannot read 8 bytes at 0x0: not mapped",
                assertThrows(ExpressionError.class, () -> eval("*(uint64_t *)0")).getMessage());
        assertEquals("division by zero", assertThrows(ExpressionError.class, () -> eval("1 / (rax - rax)")).getMessage());
    }

    @Test
    void malformedExpressionsSayWhatAndWhere() {
        assertEquals("the expression ends too early at column 7 of 'rax =='", parseError("rax =="));
        assertEquals("unknown name 'no_such' (not a register or an ELF symbol of the kernel) at column 1 of 'no_such > 1'",
                parseError("no_such > 1"));
        assertEquals("a memory read needs its width: *(uint32_t *)ADDRESS at column 1 of '*rax'", parseError("*rax"));
        assertEquals("expected ')' at the end at column 7 of '(1 + 2'", parseError("(1 + 2"));
        assertEquals("unexpected '3' at column 3 of '2 3'", parseError("2 3"));
        assertEquals("unexpected character '@' at column 5 of 'rax @ 1'", parseError("rax @ 1"));
        assertEquals("'0xzz' is not a number (decimal or 0x hexadecimal, 64 bits) at column 1 of '0xzz'", parseError("0xzz"));
        assertEquals("empty expression", parseError(" "));
    }

    @Test
    void hitConditionsReadAsInVsCode() {
        assertEquals(new HitCondition("==", 3), HitCondition.parse("3"));
        assertEquals(new HitCondition("==", 3), HitCondition.parse("== 3"));
        assertEquals(new HitCondition(">=", 2), HitCondition.parse(">=2"));
        assertEquals(new HitCondition("%", 4), HitCondition.parse("% 4"));
        HitCondition every2 = HitCondition.parse("%2");
        assertEquals(java.util.List.of(false, true, false, true),
                java.util.stream.LongStream.rangeClosed(1, 4).mapToObj(every2::stopsAt).toList());
        assertEquals("hit condition 'often' is not one of N, == N, > N, >= N, < N, <= N, % N",
                assertThrows(ExpressionError.class, () -> HitCondition.parse("often")).getMessage());
    }

    @Test
    void aLogMessageInterpolatesExpressions() {
        s.cpu().gpr[1] = 42;
        assertEquals("rcx=42 hex=0x2a neg=-1 {literal}", LogMessage.parse("rcx={rcx} hex={rcx:x} neg={0 - 1:d} {{literal}}",
                s.symbols()).render(s));
        assertEquals("bad <error: cannot read 1 bytes at 0x0: not mapped>",
                LogMessage.parse("bad {*(uint8_t *)0}", s.symbols()).render(s));
    }
}
