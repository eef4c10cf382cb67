package io.xenscope.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.mmu.Watchpoint;
import io.xenscope.mmu.Watchpoint.Kind;
import io.xenscope.xen.PvTestGuestAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Data breakpoints through the debug API, on tiny assembled PV guests. */
class WatchpointStopTest {
    private static final String STORE_TWICE = """
            movl $41,counter(%rip)
            store: movl $42,counter(%rip)
            after_store: nop
            POWEROFF
            """;

    private static DebugSession session(PvTestGuestAccess.Guest g) {
        return new DebugSession(g.machine(), null);
    }

    @Test
    void aWriteWatchStopsAfterTheStoreWithTheOldAndNewValue() {
        PvTestGuestAccess.Guest g = PvTestGuestAccess.boot(STORE_TWICE, "", "counter: .long 0");
        DebugSession s = session(g);
        s.setWatchpoints(List.of(Watchpoint.linear(Kind.WRITE, g.symbol("counter"), 4)));
        assertInstanceOf(StopEvent.WatchpointHit.class, s.resume());

        StopEvent e = s.resume();
        StopEvent.WatchpointHit w = assertInstanceOf(StopEvent.WatchpointHit.class, e, e.toString());
        assertEquals(41, w.hit().oldValue());
        assertEquals(42, w.hit().newValue());
        assertEquals(g.symbol("store"), w.hit().rip());
        assertEquals(g.symbol("after_store"), w.pc());
        assertEquals(String.format("write of 4 bytes at 0x%x by the instruction at 0x%x: 0x29 -> 0x2a (write watch on linear 0x%x+4)",
                g.symbol("counter"), g.symbol("store"), g.symbol("counter")), w.description());
    }

    @Test
    void removingTheWatchLetsTheGuestRunToItsEnd() {
        PvTestGuestAccess.Guest g = PvTestGuestAccess.boot(STORE_TWICE, "", "counter: .long 0");
        DebugSession s = session(g);
        Watchpoint w = Watchpoint.linear(Kind.WRITE, g.symbol("counter"), 4);
        assertTrue(s.addWatchpoint(w));
        assertInstanceOf(StopEvent.WatchpointHit.class, s.resume());
        assertTrue(s.removeWatchpoint(w));
        assertInstanceOf(StopEvent.Exited.class, s.resume());
    }

    @Test
    void steppingTheStoreReportsTheWatchpoint() {
        PvTestGuestAccess.Guest g = PvTestGuestAccess.boot(STORE_TWICE, "", "counter: .long 0");
        DebugSession s = session(g);
        s.addBreakpoint(g.symbol("store"));
        assertInstanceOf(StopEvent.BreakpointHit.class, s.resume());
        s.addWatchpoint(Watchpoint.linear(Kind.WRITE, g.symbol("counter"), 4));
        StopEvent e = s.step();
        assertInstanceOf(StopEvent.WatchpointHit.class, e, e.toString());
        assertEquals(g.symbol("after_store"), s.cpu().rip);
    }

    @Test
    void xensCopyToTheGuestDuringAHypercallIsCaught() {
        // xen_version(XENVER_extraversion, buf) copies a 16-byte string into buf
        PvTestGuestAccess.Guest g = PvTestGuestAccess.boot("""
                mov $1,%edi; lea buf(%rip),%rsi; HYPERCALL 17
                POWEROFF
                """, "", "buf: .skip 16");
        DebugSession s = session(g);
        s.setWatchpoints(List.of(Watchpoint.linear(Kind.WRITE, g.symbol("buf"), 16)));
        StopEvent e = s.resume();
        StopEvent.WatchpointHit w = assertInstanceOf(StopEvent.WatchpointHit.class, e, e.toString());
        assertTrue(w.hit().byXen());
        assertTrue(w.hit().write());
        assertEquals(g.symbol("buf"), w.hit().linear());
        long page = g.machine().domain().hypercallPageVa;
        assertEquals(page + 17 * 32, w.hit().rip() & ~31L, "the hypercall's stub in the hypercall page");
        assertFalse(s.exited());
    }
}
