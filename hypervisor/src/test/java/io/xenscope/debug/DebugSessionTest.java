package io.xenscope.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.debug.symbols.Unwinder;
import io.xenscope.gdb.GdbEndToEndTestAccess;
import io.xenscope.xen.PvBootOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The debugger API over the hello-pv sample. */
class DebugSessionTest {
    private DebugSession s;

    @BeforeEach
    void boot() throws Exception {
        s = DebugSession.boot(GdbEndToEndTestAccess.helloPv(), PvBootOptions.defaults());
    }

    @Test
    void startsStoppedAtTheEntryPoint() {
        assertInstanceOf(StopEvent.Entry.class, s.lastStop());
        assertEquals(0, s.cpu().instructionCount);
    }

    @Test
    void aFunctionBreakpointStopsBeforeItsInstructionAndResumingPassesIt() {
        List<Long> at = s.addBreakpoint("main");
        assertEquals(1, at.size());
        StopEvent e = s.resume();
        assertEquals(new StopEvent.BreakpointHit(at.get(0)), e);
        assertEquals(at.get(0), s.cpu().rip);
        StopEvent end = s.resume();
        assertInstanceOf(StopEvent.Exited.class, end, "main runs once: no second stop");
        assertEquals("poweroff", ((StopEvent.Exited) end).reasonName());
        assertTrue(s.machine().consoleOutput().contains("Goodbye."));
    }

    @Test
    void aFileLineBreakpointStopsOnThatLine() {
        List<Long> at = s.addBreakpoint("hello.c:11");
        assertFalse(at.isEmpty());
        assertInstanceOf(StopEvent.BreakpointHit.class, s.resume());
        // line 11's call is inlined and has no row of its own: gdb 13 moves the breakpoint to line 12 too
        assertEquals(s.symbols().resolvedLine("hello.c", 11), s.symbols().lookup(s.cpu().rip).orElseThrow().line());
        assertTrue(s.machine().consoleOutput().contains("Hello from a Xen PV guest!"), "line 9 ran before line 11");
    }

    @Test
    void aRemovedBreakpointNoLongerStops() {
        long main = s.addBreakpoint("main").get(0);
        s.removeBreakpoint(main);
        assertInstanceOf(StopEvent.Exited.class, s.resume());
    }

    @Test
    void stepExecutesOneInstructionEvenAtABreakpoint() {
        long main = s.addBreakpoint("main").get(0);
        s.resume();
        long n = s.cpu().instructionCount;
        StopEvent e = s.step();
        assertInstanceOf(StopEvent.Stepped.class, e);
        assertEquals(n + 1, s.cpu().instructionCount);
        assertTrue(s.cpu().rip != main);
    }

    @Test
    void stopsAfterAChosenHypercallReturns() {
        s.stopOnHypercall(17, true); // xen_version
        StopEvent e = s.resume();
        StopEvent.HypercallStop h = assertInstanceOf(StopEvent.HypercallStop.class, e);
        assertEquals("xen_version", h.name());
        assertEquals(1L, s.hypercallCounts().get("xen_version"), "stopped after the first call");
        assertInstanceOf(StopEvent.HypercallStop.class, s.resume());
        assertEquals(2L, s.hypercallCounts().get("xen_version"));
    }

    @Test
    void pauseRequestedWhileRunningStopsTheRun() {
        s.setPollInterval(1000);
        AtomicInteger polls = new AtomicInteger();
        StopEvent e = s.resume(() -> {
            if (polls.incrementAndGet() == 3) {
                s.pause(); // as another thread would
            }
            return false;
        });
        assertInstanceOf(StopEvent.Paused.class, e);
        assertFalse(s.exited());
        assertInstanceOf(StopEvent.Exited.class, s.resume(), "and it can be resumed");
    }

    @Test
    void memoryIsReadThroughThePageTablesAndUnmappedMemoryDoesNotFault() {
        long main = s.symbols().entryOf("main").getAsLong();
        byte[] code = s.memory().read(main, 4);
        assertEquals(4, code.length);
        assertEquals(0, s.memory().read(0, 4).length, "page 0 is not mapped");
        assertTrue(s.memory().translate(main) >= 0);
        assertTrue(s.memory().describeWalk(main).contains("PT["));
    }

    @Test
    void memoryWritesAreVisibleAndDropTranslatedCode() {
        long sp = s.cpu().gpr[4] - 16;
        assertTrue(s.memory().write(sp, new byte[] {1, 2, 3}));
        assertEquals(3, s.memory().read(sp, 3)[2]);
    }

    @Test
    void backtraceAtABreakpointNamesTheFunction() {
        s.addBreakpoint("main");
        s.resume();
        List<Unwinder.Frame> frames = s.backtrace(8);
        assertFalse(frames.isEmpty());
        assertEquals("main", frames.get(0).function());
    }
}
