package io.xenscope.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.debug.DebugSession.FaultFilter;
import io.xenscope.xen.PvTestGuestAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stops on guest exceptions (before Xen delivers them) and on crashes, on tiny assembled PV guests. */
class FaultStopTest {
    private static final long UNMAPPED = 0x0000100000000000L;

    private static final String TOUCH_UNMAPPED = """
            movabs $0x0000100000000000,%rax
            fault_here: movq $7,(%rax)
            """;

    private PvTestGuestAccess.Guest handled() {
        return PvTestGuestAccess.boot(PvTestGuestAccess.SET_TRAPS + TOUCH_UNMAPPED,
                "pf_handler:\n mov $0x77,%r12\n POWEROFF", PvTestGuestAccess.trapTable(14, "pf_handler"));
    }

    @Test
    void aPageFaultStopsAtTheFaultingInstructionThenIsDeliveredOnResume() {
        PvTestGuestAccess.Guest g = handled();
        DebugSession s = new DebugSession(g.machine(), null);
        s.setFaultStops(List.of(FaultFilter.vector(14)));
        StopEvent e = s.resume();
        StopEvent.FaultStop f = assertInstanceOf(StopEvent.FaultStop.class, e, e.toString());
        assertEquals(14, f.vector());
        assertEquals(UNMAPPED, f.cr2());
        assertEquals(g.symbol("fault_here"), f.rip());
        assertEquals(f.rip(), s.cpu().rip, "stopped on the faulting instruction, nothing delivered");
        assertEquals(UNMAPPED, s.cpu().cr2);
        assertEquals(2, f.errorCode() & 2, "a write");
        assertTrue(f.bounced());
        assertTrue(f.explanation().contains("#PF"), f.explanation());

        StopEvent end = s.resume();
        StopEvent.Exited x = assertInstanceOf(StopEvent.Exited.class, end, end.toString());
        assertEquals("poweroff", x.reasonName());
        assertEquals(0x77, s.cpu().gpr[12], "the handler ran");
    }

    @Test
    void stepAtAFaultStopDeliversTheFault() {
        PvTestGuestAccess.Guest g = handled();
        DebugSession s = new DebugSession(g.machine(), null);
        s.setFaultStops(List.of(FaultFilter.any()));
        assertInstanceOf(StopEvent.FaultStop.class, s.resume());
        StopEvent st = s.step();
        assertInstanceOf(StopEvent.Stepped.class, st, st.toString());
        assertFalse(s.cpu().rip == g.symbol("fault_here"), "moved on into the handler");
    }

    @Test
    void conditionsOnCr2AndTheErrorCodeFilter() {
        DebugSession s = new DebugSession(handled().machine(), null);
        s.setFaultStops(List.of(FaultFilter.vector(14).withCr2(0xffff800000000000L, -1L),
                FaultFilter.vector(14).withErrorCode(2, 0), FaultFilter.vector(13)));
        assertInstanceOf(StopEvent.Exited.class, s.resume(), "kernel range, reads only, #GP: none match");

        DebugSession s2 = new DebugSession(handled().machine(), null);
        s2.setFaultStops(List.of(FaultFilter.vector(14).withCr2(UNMAPPED, UNMAPPED + 0xfff).withErrorCode(2, 2)));
        assertInstanceOf(StopEvent.FaultStop.class, s2.resume());
    }

    @Test
    void aCrashStopComesBeforeTheUnhandledFaultCrashesTheDomainAndOnlyOnce() {
        PvTestGuestAccess.Guest g = PvTestGuestAccess.boot(TOUCH_UNMAPPED, "", "");
        DebugSession s = new DebugSession(g.machine(), null);
        s.stopOnCrash(true);
        StopEvent e = s.resume();
        StopEvent.FaultStop f = assertInstanceOf(StopEvent.FaultStop.class, e, e.toString());
        assertFalse(f.bounced());
        assertFalse(s.exited(), "not torn down yet");
        assertEquals(g.symbol("fault_here"), s.cpu().rip);
        StopEvent end = s.resume();
        StopEvent.Exited x = assertInstanceOf(StopEvent.Exited.class, end, end.toString());
        assertTrue(x.crashed());
    }

    @Test
    void aCrashWithoutAFaultStopsAtTheShutdownWithTheStateIntact() {
        PvTestGuestAccess.Guest g = PvTestGuestAccess.boot(TOUCH_UNMAPPED, "", "");
        DebugSession s = new DebugSession(g.machine(), null);
        s.setFaultStops(List.of());
        // no crash stop: the crash just ends the session
        assertInstanceOf(StopEvent.Exited.class, s.resume());
    }
}
