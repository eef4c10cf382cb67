package io.xenscope.debug;

import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.PvTestGuestAccess;
import io.xenscope.xen.Vcpu;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** A debug session on the two-vCPU test guest: all-stop, the stopping vCPU selected, per-vCPU steps and registers. */
class SmpDebugSessionTest {
    private DebugSession session;
    private long apEntry;

    @BeforeEach
    void boot() throws Exception {
        Path elf = PvTestGuestAccess.smpGuestElf();
        session = DebugSession.boot(elf, PvBootOptions.defaults().withVcpus(2));
        apEntry = session.symbols().elfSymbol("ap_entry").orElseThrow();
    }

    private Vcpu vcpu(int id) {
        return session.machine().domain().vcpu(id);
    }

    @Test
    void aBreakpointHitOnVcpu1StopsTheDomainWithVcpu1Selected() {
        session.addBreakpoint(apEntry);
        StopEvent e = session.resume();
        assertInstanceOf(StopEvent.BreakpointHit.class, e);
        assertEquals(1, session.selectedVcpu());
        assertEquals(apEntry, session.pc());
        assertEquals(apEntry, session.cpu().rip);
    }

    @Test
    void onlyOnlineVcpusAreListed() {
        assertEquals(List.of(0), session.onlineVcpus().stream().map(Vcpu::id).toList());
        session.addBreakpoint(apEntry);
        session.resume();
        assertEquals(List.of(0, 1), session.onlineVcpus().stream().map(Vcpu::id).toList());
    }

    @Test
    void aStepMovesTheSelectedVcpuOnly() {
        session.addBreakpoint(apEntry);
        session.resume();
        long v0Rip = vcpu(0).cpu().rip, v0Count = vcpu(0).cpu().instructionCount;
        long v1Count = vcpu(1).cpu().instructionCount;
        assertInstanceOf(StopEvent.Stepped.class, session.step());
        assertEquals(v1Count + 1, vcpu(1).cpu().instructionCount);
        assertEquals(v0Count, vcpu(0).cpu().instructionCount);
        assertEquals(v0Rip, vcpu(0).cpu().rip);
    }

    @Test
    void selectingAVcpuShowsItsRegisters() {
        session.addBreakpoint(apEntry);
        session.resume();
        assertEquals(true, session.selectVcpu(0));
        assertEquals(vcpu(0).cpu().rip, session.pc());
        assertFalse(session.selectVcpu(2), "no vCPU 2");
        assertEquals(0, session.selectedVcpu());
    }

    @Test
    void continuingFromTheBreakpointRunsTheGuestToItsEnd() {
        session.addBreakpoint(apEntry);
        session.resume();
        session.removeBreakpoint(apEntry);
        assertInstanceOf(StopEvent.Exited.class, session.resume());
        assertEquals(PvTestGuestAccess.SMP_TRANSCRIPT, session.machine().consoleOutput());
    }

    @Test
    void steppingABlockedVcpuRunsTheDomainUntilItWakesThenStepsIt() {
        session.addBreakpoint(apEntry);
        session.resume();
        session.removeBreakpoint(apEntry);
        session.selectVcpu(0); // blocked in SCHEDOP_poll until vCPU 1's IPI
        assertEquals(true, vcpu(0).blocked());
        long v0Count = vcpu(0).cpu().instructionCount;
        assertInstanceOf(StopEvent.Stepped.class, session.step());
        assertEquals(0, session.selectedVcpu());
        assertEquals(v0Count + 1, vcpu(0).cpu().instructionCount);
        assertEquals("vCPU 0: bringing up vCPU 1\nvCPU 1: IPI from vCPU 0\n", session.machine().consoleOutput());
    }

    @Test
    void steppingAVcpuThatIsDownDoesNothing() {
        session.selectVcpu(1);
        assertInstanceOf(StopEvent.Paused.class, session.step());
        assertEquals(0, vcpu(1).cpu().instructionCount);
        assertEquals(0, vcpu(0).cpu().instructionCount);
    }
}
