package io.xenscope.dap;

import static io.xenscope.dap.DapTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.elf.ElfImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.InstructionBreakpoint;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.SetInstructionBreakpointsArguments;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.Thread;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A two-vCPU guest (launch vcpus: 2): threads are the online vCPUs; stops, frames and scopes are per vCPU. */
class SmpThreadsTest {
    @RegisterExtension
    final DapTestClient c = new DapTestClient();
    private long apEntry;

    @BeforeEach
    void launch() throws Exception {
        Path elf = SmpGuest.elf();
        apEntry = ElfImage.read(elf).symbol("ap_entry").orElseThrow().value();
        Map<String, Object> m = new HashMap<>();
        m.put("program", elf.toString());
        m.put("vcpus", 2);
        m.put("stopOnEntry", true);
        c.start(m);
        c.configurationDone();
        c.stopped("entry");
    }

    private List<String> threads() throws Exception {
        return Arrays.stream(get(c.server.threads()).getThreads()).map(t -> t.getId() + " " + t.getName()).toList();
    }

    private StoppedEventArguments stopInVcpu1() throws Exception {
        SetInstructionBreakpointsArguments a = new SetInstructionBreakpointsArguments();
        InstructionBreakpoint b = new InstructionBreakpoint();
        b.setInstructionReference("0x" + Long.toHexString(apEntry));
        a.setBreakpoints(new InstructionBreakpoint[] {b});
        get(c.server.setInstructionBreakpoints(a));
        c.cont();
        return c.stopped("breakpoint");
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private StackFrame top(int thread) throws Exception {
        StackTraceArguments a = new StackTraceArguments();
        a.setThreadId(thread);
        return get(c.server.stackTrace(a)).getStackFrames()[0];
    }

    private String evaluate(String expression, int frameId) throws Exception {
        EvaluateArguments a = new EvaluateArguments();
        a.setExpression(expression);
        a.setFrameId(frameId);
        return get(c.server.evaluate(a)).getResult();
    }

    @Test
    void beforeBringUpOnlyVcpu0IsAThread() throws Exception {
        assertEquals(List.of("1 vCPU 0"), threads());
    }

    @Test
    void theStoppedEventNamesTheVcpuThatHitTheBreakpointAndAllThreadsStopped() throws Exception {
        StoppedEventArguments s = stopInVcpu1();
        assertEquals(2, s.getThreadId());
        assertTrue(s.getAllThreadsStopped());
        assertEquals(List.of("1 vCPU 0", "2 vCPU 1"), threads());
    }

    @Test
    void eachThreadHasItsOwnStackWithFrameIdsOfItsVcpu() throws Exception {
        stopInVcpu1();
        StackFrame f1 = top(2);
        assertEquals(hex(apEntry), f1.getInstructionPointerReference());
        assertEquals(DapContext.frameId(1, 0), f1.getId());
        StackFrame f0 = top(1);
        assertEquals(1, f0.getId());
        assertNotEquals(hex(apEntry), f0.getInstructionPointerReference());
    }

    @Test
    void evaluateReadsTheRegistersOfTheFramesVcpu() throws Exception {
        stopInVcpu1();
        long v0Rip = Long.parseUnsignedLong(top(1).getInstructionPointerReference().substring(2), 16);
        assertEquals(hex(apEntry) + " (" + Long.toUnsignedString(apEntry) + ")", evaluate("rip", DapContext.frameId(1, 0)));
        assertEquals(hex(v0Rip) + " (" + Long.toUnsignedString(v0Rip) + ")", evaluate("rip", DapContext.frameId(0, 0)));
    }

    @Test
    void theRegistersScopeIsThatOfTheFramesVcpu() throws Exception {
        stopInVcpu1();
        ScopesArguments a = new ScopesArguments();
        a.setFrameId(DapContext.frameId(1, 0));
        int regs = get(c.server.scopes(a)).getScopes()[0].getVariablesReference();
        top(1); // looking at another thread in between changes nothing
        assertEquals(hex(apEntry), c.variables(regs).get("rip"));
    }

    @Test
    void anUnknownThreadIsAnError() throws Exception {
        StackTraceArguments a = new StackTraceArguments();
        a.setThreadId(2); // vCPU 1 is still down
        assertEquals("no thread 2 (thread N is vCPU N-1, and only online vCPUs are threads)",
                DapTestClient.error(c.server.stackTrace(a)));
    }

    @Test
    void theGuestRunsToItsEndAcrossBothVcpus() throws Exception {
        c.cont();
        c.waitFor("exited");
        assertTrue(c.output().contains(SmpGuest.TRANSCRIPT), c.output());
    }

    @Test
    void aThreadStartsWhenItsVcpuComesOnlineAndExitsWhenItGoesDown() throws Exception {
        c.cont();
        org.eclipse.lsp4j.debug.ThreadEventArguments started = (org.eclipse.lsp4j.debug.ThreadEventArguments) c.waitFor("thread");
        assertEquals(2, started.getThreadId());
        assertEquals("started", started.getReason());
        org.eclipse.lsp4j.debug.ThreadEventArguments exited = (org.eclipse.lsp4j.debug.ThreadEventArguments) c.waitFor("thread");
        assertEquals(2, exited.getThreadId());
        assertEquals("exited", exited.getReason());
    }
}
