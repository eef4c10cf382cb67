package io.xenscope.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.testing.HvmImages;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.XenMachine;
import org.junit.jupiter.api.Test;

/** A debug session on an HVM guest: stepping starts at the reset vector, and isa-debug-exit ends the session. */
class HvmDebugSessionTest {
    /** mov $0x2a, %al; out %al, $0xf4; jmp . */
    private static final byte[] EXIT_42 = {(byte) 0xb0, 0x2a, (byte) 0xe6, (byte) 0xf4, (byte) 0xeb, (byte) 0xfe};

    private static DebugSession session() throws Exception {
        return new DebugSession(XenMachine.bootHvm(HvmImages.bootDisk(EXIT_42), PvBootOptions.defaults()), null);
    }

    @Test
    void theFirstStepIsTheResetVectorsJumpToPost() throws Exception {
        DebugSession s = session();
        StopEvent e = s.step();
        assertEquals(new StopEvent.Stepped(0xfe05b), e);
    }

    @Test
    void isaDebugExitEndsTheSessionInsteadOfRunningOn() throws Exception {
        StopEvent e = session().resume();
        StopEvent.Exited exited = assertInstanceOf(StopEvent.Exited.class, e);
        assertEquals("the guest wrote to isa-debug-exit: status 85", exited.detail());
    }

    /** ud2 in the boot sector: the debugger's fault filter stops before the BIOS's IVT takes it. */
    @Test
    void aFaultFilterStopsAtAnHvmExceptionBeforeItIsDelivered() throws Exception {
        DebugSession s = new DebugSession(XenMachine.bootHvm(HvmImages.bootDisk(new byte[] {0x0f, 0x0b}), PvBootOptions.defaults()), null);
        s.setFaultStops(java.util.List.of(DebugSession.FaultFilter.vector(6)));
        StopEvent.FaultStop stop = assertInstanceOf(StopEvent.FaultStop.class, s.resume());
        assertEquals(6, stop.vector());
        assertEquals(0x7c00, stop.pc());
        assertEquals(0x7c00, s.pc());
        StopEvent.Exited exited = assertInstanceOf(StopEvent.Exited.class, s.resume()); // delivered now: the BIOS's #UD is fatal
        assertTrue(exited.crashed(), exited.toString());
    }
}
