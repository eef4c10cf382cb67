package io.xenscope.dap;

import static io.xenscope.dap.DapTestClient.get;
import static io.xenscope.dap.DapTestClient.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.FunctionBreakpoint;
import org.eclipse.lsp4j.debug.InstructionBreakpoint;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.SetFunctionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetInstructionBreakpointsArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conditions, hit conditions and logpoints on pv-events: line 59 ({@code uint64_t t = tick_ns[k - 1];})
 * runs once per timer tick, k = 1..5, with the static {@code ticks} == k; {@code on_timer} runs 5 times.
 */
class ConditionalBreakpointsTest {
    private static final String EVENTS = "events.c";
    private static final int AFTER_TICK = 59;
    private static final String TICKS = "*(uint32_t *)ticks";
    private DapTestClient c;

    @BeforeEach
    void connect() throws Exception {
        c = new DapTestClient();
        c.startSample("pv-events", false);
    }

    @AfterEach
    void close() {
        c.close();
    }

    /** Continues until the guest exits; the ticks value at each stop on the way. */
    private List<String> ticksAtEachStop() throws Exception {
        List<String> seen = new ArrayList<>();
        while (true) {
            DapTestClient.Event e = c.events.poll(60, java.util.concurrent.TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no event within 60 s: " + c.output());
            }
            if (e.name().equals("exited")) {
                return seen;
            }
            if (e.name().equals("stopped")) {
                assertEquals("breakpoint", ((StoppedEventArguments) e.body()).getReason());
                seen.add(c.evaluate(TICKS));
                c.cont();
            }
        }
    }

    @Test
    void aConditionalBreakpointStopsOnlyWhenItsConditionIsTrue() throws Exception {
        Breakpoint b = c.breakAt(EVENTS, line(AFTER_TICK, TICKS + " == 3", null, null)).getBreakpoints()[0];
        assertTrue(b.isVerified());
        c.configurationDone();
        StoppedEventArguments s = c.stopped("breakpoint");
        assertEquals(b.getId(), s.getHitBreakpointIds()[0]);
        assertEquals("0x3 (3)", c.evaluate(TICKS));
        assertTrue(c.output().contains("tick 2 at") && !c.output().contains("tick 3 at"), c.output());
        c.cont();
        assertEquals(List.of(), ticksAtEachStop());
    }

    @Test
    void aFalseConditionSendsNoEvent() throws Exception {
        c.breakAt(EVENTS, line(AFTER_TICK, "rip == 0", null, null));
        c.log.clear();
        c.configurationDone();
        c.waitFor("exited");
        assertFalse(c.log.contains("stopped"), c.log.toString());
    }

    @Test
    void aBareHitCountStopsOnThatHitOnly() throws Exception {
        c.breakAt(EVENTS, line(AFTER_TICK, null, "2", null));
        c.configurationDone();
        assertEquals(List.of("0x2 (2)"), ticksAtEachStop());
    }

    @Test
    void atLeastHitCountStopsFromThatHitOn() throws Exception {
        c.breakAt(EVENTS, line(AFTER_TICK, null, ">= 4", null));
        c.configurationDone();
        assertEquals(List.of("0x4 (4)", "0x5 (5)"), ticksAtEachStop());
    }

    @Test
    void moduloHitCountStopsOnEveryNthHit() throws Exception {
        c.breakAt(EVENTS, line(AFTER_TICK, null, "% 2", null));
        c.configurationDone();
        assertEquals(List.of("0x2 (2)", "0x4 (4)"), ticksAtEachStop());
    }

    @Test
    void hitsAreCountedOnlyWhenTheConditionIsTrue() throws Exception {
        c.breakAt(EVENTS, line(AFTER_TICK, TICKS + " > 2", "2", null));
        c.configurationDone();
        assertEquals(List.of("0x4 (4)"), ticksAtEachStop());
    }

    @Test
    void aLogpointPrintsItsMessageAtItsLineAndGoesOn() throws Exception {
        c.breakAt(EVENTS, line(AFTER_TICK, null, null, "ticks={" + TICKS + "}"));
        List<OutputEventArguments> logs = new ArrayList<>();
        c.configurationDone();
        while (true) {
            DapTestClient.Event e = c.events.poll(60, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(e == null || e.name().equals("stopped"), String.valueOf(e));
            if (e.name().equals("exited")) {
                break;
            }
            if (e.body() instanceof OutputEventArguments o && o.getOutput().startsWith("ticks=")) {
                logs.add(o);
            }
        }
        assertEquals(List.of("ticks=1\n", "ticks=2\n", "ticks=3\n", "ticks=4\n", "ticks=5\n"),
                logs.stream().map(OutputEventArguments::getOutput).toList());
        assertEquals(AFTER_TICK, logs.get(0).getLine());
        assertTrue(logs.get(0).getSource().getPath().endsWith("events.c"), logs.get(0).getSource().getPath());
        assertTrue(c.output().indexOf("ticks=1\n") < c.output().indexOf("tick 1 at"), c.output());
    }

    @Test
    void aMalformedConditionLeavesTheBreakpointUnverifiedWithTheReason() throws Exception {
        Breakpoint b = c.breakAt(EVENTS, line(AFTER_TICK, "ticks ==", null, null)).getBreakpoints()[0];
        assertFalse(b.isVerified());
        assertEquals("the expression ends too early at column 9 of 'ticks =='", b.getMessage());
    }

    @Test
    void aMalformedHitConditionLeavesTheBreakpointUnverified() throws Exception {
        Breakpoint b = c.breakAt(EVENTS, line(AFTER_TICK, null, "twice", null)).getBreakpoints()[0];
        assertFalse(b.isVerified());
        assertEquals("hit condition 'twice' is not one of N, == N, > N, >= N, < N, <= N, % N", b.getMessage());
    }

    @Test
    void aMalformedLogMessageLeavesTheLogpointUnverified() throws Exception {
        Breakpoint b = c.breakAt(EVENTS, line(AFTER_TICK, null, null, "ticks={ticks")).getBreakpoints()[0];
        assertFalse(b.isVerified());
        assertEquals("unclosed '{' in log message at column 7", b.getMessage());
    }

    @Test
    void aConditionThatCannotBeEvaluatedStopsAndSaysWhy() throws Exception {
        Breakpoint b = c.breakAt(EVENTS, line(AFTER_TICK, "*(uint64_t *)0 == 1", null, null)).getBreakpoints()[0];
        c.configurationDone();
        c.stopped("breakpoint");
        assertTrue(c.output().contains("Breakpoint " + b.getId() + ": cannot evaluate the condition '*(uint64_t *)0 == 1': "
                + "cannot read 8 bytes at 0x0: not mapped; stopped\n"), c.output());
    }

    @Test
    void aFunctionBreakpointTakesAHitCondition() throws Exception {
        SetFunctionBreakpointsArguments a = new SetFunctionBreakpointsArguments();
        FunctionBreakpoint f = new FunctionBreakpoint();
        f.setName("on_timer");
        f.setHitCondition("3");
        a.setBreakpoints(new FunctionBreakpoint[] {f});
        assertTrue(get(c.server.setFunctionBreakpoints(a)).getBreakpoints()[0].isVerified());
        c.configurationDone();
        assertEquals(List.of("0x2 (2)"), ticksAtEachStop()); // the third call, before it counts itself
    }

    @Test
    void anInstructionBreakpointTakesACondition() throws Exception {
        SetInstructionBreakpointsArguments a = new SetInstructionBreakpointsArguments();
        InstructionBreakpoint ib = new InstructionBreakpoint();
        ib.setInstructionReference(c.evaluate("on_timer").split(" ")[0]);
        ib.setCondition(TICKS + " == 4");
        a.setBreakpoints(new InstructionBreakpoint[] {ib});
        assertTrue(get(c.server.setInstructionBreakpoints(a)).getBreakpoints()[0].isVerified());
        c.configurationDone();
        assertEquals(List.of("0x4 (4)"), ticksAtEachStop());
    }
}
