package io.xenscope.dap;

import static io.xenscope.dap.DapTestClient.error;
import static io.xenscope.dap.DapTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;
import org.eclipse.lsp4j.debug.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The adapter driven in-process through lsp4j.debug over piped streams, on the hello-pv sample. */
class DebugAdapterTest {
    @RegisterExtension
    final DapTestClient c = new DapTestClient();

    @Test
    void capabilitiesAreDeclared() throws Exception {
        Capabilities caps = c.startHello(true);
        assertTrue(caps.getSupportsConfigurationDoneRequest());
        assertTrue(caps.getSupportsDisassembleRequest());
        assertEquals("hypercall", caps.getExceptionBreakpointFilters()[0].getFilter());
        assertTrue(caps.getSupportsConditionalBreakpoints());
        assertTrue(caps.getSupportsHitConditionalBreakpoints());
        assertTrue(caps.getSupportsLogPoints());
    }

    @Test
    void stopOnEntryThenBreakpointStepInspectAndRunToTheEnd() throws Exception {
        c.startHello(true);
        SetBreakpointsResponse bp = c.breakAt("hello.c", 9);
        assertTrue(bp.getBreakpoints()[0].isVerified());
        assertEquals(9, bp.getBreakpoints()[0].getLine());
        c.configurationDone();
        c.stopped("entry");

        c.cont();
        StoppedEventArguments hit = c.stopped("breakpoint");
        assertEquals(bp.getBreakpoints()[0].getId(), hit.getHitBreakpointIds()[0]);
        StackFrame top = c.top();
        assertEquals(9, top.getLine());
        assertTrue(top.getSource().getPath().endsWith("hello.c"), top.getSource().getPath());
        assertTrue(top.getName().startsWith("main"), top.getName());
        assertNotNull(top.getInstructionPointerReference());

        ScopesArguments sa = new ScopesArguments();
        sa.setFrameId(top.getId());
        Scope[] scopes = get(c.server.scopes(sa)).getScopes();
        assertEquals("Registers", scopes[0].getName());
        Map<String, String> regs = c.variables(scopes[0].getVariablesReference());
        assertEquals(top.getInstructionPointerReference(), regs.get("rip"));
        for (String r : new String[] {"rax", "rsp", "r15", "cs", "cr0", "cr3", "cr4", "efer", "rflags"}) {
            assertTrue(regs.containsKey(r), r);
        }
        Variable rflags = java.util.Arrays.stream(c.variableList(scopes[0].getVariablesReference()))
                .filter(v -> v.getName().equals("rflags")).findFirst().orElseThrow();
        Map<String, String> bits = c.variables(rflags.getVariablesReference());
        assertEquals("1", bits.get("IF"), "PV guests run with events enabled as IF: " + bits);
        assertTrue(c.variables(scopes[1].getVariablesReference()).containsKey("hypercalls"));

        assertEquals(c.evaluate("$rip"), c.evaluate("rip"));
        assertTrue(c.evaluate("rax").startsWith("0x"));
        long rsp = Long.parseUnsignedLong(regs.get("rsp").substring(2), 16);
        String word = c.evaluate("*(uint64_t*)" + regs.get("rsp"));
        ReadMemoryArguments ra = new ReadMemoryArguments();
        ra.setMemoryReference(regs.get("rsp"));
        ra.setCount(8);
        byte[] mem = Base64.getDecoder().decode(get(c.server.readMemory(ra)).getData());
        long v = java.nio.ByteBuffer.wrap(mem).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertTrue(word.startsWith("0x" + Long.toHexString(v) + " "), word + " vs " + Long.toHexString(v) + " at " + rsp);

        DisassembleArguments da = new DisassembleArguments();
        da.setMemoryReference(top.getInstructionPointerReference());
        da.setInstructionCount(5);
        da.setInstructionOffset(-2);
        DisassembledInstruction[] insns = get(c.server.disassemble(da)).getInstructions();
        assertEquals(5, insns.length);
        assertEquals(top.getInstructionPointerReference(), insns[2].getAddress());
        assertFalse(insns[2].getInstruction().isBlank());

        c.next();
        c.stopped("step");
        int after = c.top().getLine();
        assertTrue(after > 9 && after <= 12, "next from line 9 went to line " + after + " of " + c.top().getSource().getPath());
        assertTrue(c.output().contains("Hello from a Xen PV guest!"), "the printk ran: " + c.output());

        c.cont();
        ExitedEventArguments exited = (ExitedEventArguments) c.waitFor("exited");
        assertEquals(0, exited.getExitCode());
        c.waitFor("terminated");
        assertTrue(c.output().contains("Goodbye."), c.output());
        assertTrue(c.output().contains("Guest shut down: poweroff"), c.output());
    }

    @Test
    void aStoppedEventComesAfterTheResponseThatCausedIt() throws Exception {
        c.startHello(true);
        c.configurationDone();
        c.stopped("entry");
        NextArguments n = new NextArguments();
        n.setThreadId(1);
        n.setGranularity(SteppingGranularity.INSTRUCTION);
        for (int i = 0; i < 5; i++) {
            c.log.clear();
            get(c.server.next(n));
            c.stopped("step");
            assertEquals("response", c.log.get(0), c.log.toString());
        }
    }

    @Test
    void functionBreakpointAndStepOutAndHypercallStops() throws Exception {
        c.startHello(false);
        SetFunctionBreakpointsArguments fa = new SetFunctionBreakpointsArguments();
        FunctionBreakpoint fb = new FunctionBreakpoint();
        fb.setName("main");
        FunctionBreakpoint missing = new FunctionBreakpoint();
        missing.setName("no_such_function");
        fa.setBreakpoints(new FunctionBreakpoint[] {fb, missing});
        Breakpoint[] bs = get(c.server.setFunctionBreakpoints(fa)).getBreakpoints();
        assertTrue(bs[0].isVerified());
        assertFalse(bs[1].isVerified());
        c.configurationDone();
        c.stopped("breakpoint");
        assertTrue(c.top().getName().startsWith("main"));

        SetExceptionBreakpointsArguments ea = new SetExceptionBreakpointsArguments();
        ea.setFilters(new String[] {"hypercall"});
        get(c.server.setExceptionBreakpoints(ea));
        c.cont();
        StoppedEventArguments hc = c.stopped("exception");
        assertTrue(hc.getText().contains("hypercall"), hc.getText());
        ea.setFilters(new String[0]);
        get(c.server.setExceptionBreakpoints(ea));
        c.cont();
        c.waitFor("exited");
    }

    @Test
    void stepInEntersACalledFunctionAndInstructionStepsMoveOneInstruction() throws Exception {
        c.startHello(false);
        c.breakAt("hello.c", 9);
        c.configurationDone();
        c.stopped("breakpoint");
        StepInArguments si = new StepInArguments();
        si.setThreadId(1);
        get(c.server.stepIn(si));
        c.stopped("step");
        StackFrame in = c.top();
        assertTrue(in.getName().startsWith("printk"), in.getName());
        StackTraceArguments st = new StackTraceArguments();
        st.setThreadId(1);
        StackFrame[] frames = get(c.server.stackTrace(st)).getStackFrames();
        assertTrue(frames.length >= 2 && frames[1].getName().startsWith("main"), frames[1].getName());
        assertEquals(9, frames[1].getLine());

        long before = Long.parseUnsignedLong(c.top().getInstructionPointerReference().substring(2), 16);
        si.setGranularity(SteppingGranularity.INSTRUCTION);
        get(c.server.stepIn(si));
        c.stopped("step");
        long after = Long.parseUnsignedLong(c.top().getInstructionPointerReference().substring(2), 16);
        assertTrue(after > before && after - before <= 15, Long.toHexString(before) + " -> " + Long.toHexString(after));
    }

    @Test
    void stepOutOfAFunctionReturnsToItsCaller() throws Exception {
        c.startHello(false);
        SetFunctionBreakpointsArguments fa = new SetFunctionBreakpointsArguments();
        FunctionBreakpoint fb = new FunctionBreakpoint();
        fb.setName("printk");
        fa.setBreakpoints(new FunctionBreakpoint[] {fb});
        assertTrue(get(c.server.setFunctionBreakpoints(fa)).getBreakpoints()[0].isVerified());
        c.configurationDone();
        c.stopped("breakpoint");
        assertTrue(c.top().getName().startsWith("printk"), c.top().getName());
        fa.setBreakpoints(new FunctionBreakpoint[0]);
        get(c.server.setFunctionBreakpoints(fa));
        StepOutArguments so = new StepOutArguments();
        so.setThreadId(1);
        get(c.server.stepOut(so));
        c.stopped("step");
        StackFrame f = c.top();
        assertTrue(f.getName().startsWith("main"), f.getName() + " at " + f.getSource().getPath() + ":" + f.getLine());
        assertTrue(c.output().contains("Hello from a Xen PV guest!"), "printk returned: " + c.output());
    }

    @Test
    void badRequestsGetErrorsAndTheAdapterKeepsServing() throws Exception {
        assertTrue(error(c.server.launch(Map.of())).contains("program"));
        Map<String, Object> hvm = new java.util.HashMap<>();
        hvm.put("program", DapTestClient.helloPv().toString());
        hvm.put("mode", "hvm");
        assertTrue(error(c.server.launch(hvm)).contains("cannot boot as HVM"));
        assertTrue(error(c.server.launch(Map.of("program", "/nonexistent/kernel"))).contains("not found"));
        StackTraceArguments st = new StackTraceArguments();
        st.setThreadId(1);
        assertTrue(error(c.server.stackTrace(st)).contains("launch"));
        c.startHello(true);
        c.configurationDone();
        c.stopped("entry");
        assertTrue(error(c.server.evaluate(new EvaluateArguments())).contains("nothing"));
        EvaluateArguments ev = new EvaluateArguments();
        ev.setExpression("no such thing ++");
        assertTrue(error(c.server.evaluate(ev)).contains("cannot evaluate"));
        ev.setExpression("*(uint64_t*)0x10");
        assertTrue(error(c.server.evaluate(ev)).contains("not mapped"));
        VariablesArguments va = new VariablesArguments();
        va.setVariablesReference(999);
        assertTrue(error(c.server.variables(va)).contains("variablesReference"));
        st.setThreadId(7);
        assertTrue(error(c.server.stackTrace(st)).contains("no thread"));
        ReadMemoryArguments ra = new ReadMemoryArguments();
        ra.setMemoryReference("zzz");
        ra.setCount(4);
        assertTrue(error(c.server.readMemory(ra)).contains("not an address"));
        SetExceptionBreakpointsArguments ea = new SetExceptionBreakpointsArguments();
        ea.setFilters(new String[] {"bogus"});
        assertTrue(error(c.server.setExceptionBreakpoints(ea)).contains("unknown exception filter"));
        SetBreakpointsResponse none = c.breakAt("hello.c", 10_000);
        assertFalse(none.getBreakpoints()[0].isVerified());
        // still serving
        assertEquals(1, get(c.server.threads()).getThreads().length);
        assertTrue(c.evaluate("rip").startsWith("0x"));
    }

    @Test
    void pauseFromAnotherThreadStopsARunningGuest() throws Exception {
        c.startHello(true);
        c.configurationDone();
        c.stopped("entry");
        // an instruction breakpoint far away keeps nothing from running; pause races the short guest,
        // so accept either a pause stop or the exit.
        c.cont();
        PauseArguments p = new PauseArguments();
        p.setThreadId(1);
        get(c.server.pause(p));
        DapTestClient.Event e;
        do {
            e = c.events.poll(60, java.util.concurrent.TimeUnit.SECONDS);
            assertNotNull(e, "neither stopped nor exited");
        } while (!e.name().equals("stopped") && !e.name().equals("exited"));
        if (e.name().equals("stopped")) {
            assertEquals("pause", ((StoppedEventArguments) e.body()).getReason());
        }
    }
}
