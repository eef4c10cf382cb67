package io.xenscope.dap;

import static io.xenscope.dap.DapTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.lsp4j.debug.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Exception filters over pv-pagetables, which makes one deliberate PSE update Xen refuses. */
class FaultStopsTest {
    @RegisterExtension
    final DapTestClient c = new DapTestClient();

    private Capabilities launchPagetables() throws Exception {
        Path elf = DapTestClient.helloPv().getParent().getParent().resolve("pv-pagetables/pv-pagetables");
        assertTrue(elf.toFile().exists(), elf.toString());
        Map<String, Object> m = new HashMap<>();
        m.put("program", elf.toString());
        m.put("stopOnEntry", true);
        return c.start(m);
    }

    @Test
    void filtersAreDeclaredWithConditionsOnlyWhereParsed() throws Exception {
        Capabilities caps = launchPagetables();
        assertTrue(caps.getSupportsExceptionInfoRequest());
        Map<String, ExceptionBreakpointsFilter> f = new HashMap<>();
        for (ExceptionBreakpointsFilter x : caps.getExceptionBreakpointFilters()) {
            f.put(x.getFilter(), x);
        }
        assertEquals(java.util.Set.of("hypercall", "pagefault", "gp", "ud", "refusedUpdate", "crash"), f.keySet());
        assertTrue(f.get("pagefault").getSupportsCondition());
        assertTrue(f.get("refusedUpdate").getSupportsCondition());
        assertTrue(!Boolean.TRUE.equals(f.get("gp").getSupportsCondition()));
        SetExceptionBreakpointsArguments ea = new SetExceptionBreakpointsArguments();
        ea.setFilters(new String[0]);
        ExceptionFilterOptions bad = new ExceptionFilterOptions();
        bad.setFilterId("pagefault");
        bad.setCondition("cr3=5");
        ea.setFilterOptions(new ExceptionFilterOptions[] {bad});
        assertThrows(Exception.class, () -> get(c.server.setExceptionBreakpoints(ea)));
        ExceptionFilterOptions ok = new ExceptionFilterOptions();
        ok.setFilterId("pagefault");
        ok.setCondition("cr2>=0xffff800000000000 && cr2<0xffffffffffffffff && errorcode&2");
        ea.setFilterOptions(new ExceptionFilterOptions[] {ok});
        assertEquals(1, get(c.server.setExceptionBreakpoints(ea)).getBreakpoints().length);
    }

    @Test
    void aRefusedPseUpdateStopsWithTheExplanation() throws Exception {
        launchPagetables();
        SetExceptionBreakpointsArguments ea = new SetExceptionBreakpointsArguments();
        ea.setFilters(new String[] {"refusedUpdate"});
        get(c.server.setExceptionBreakpoints(ea));
        c.configurationDone();
        c.stopped("entry");
        c.cont();
        StoppedEventArguments s = c.stopped("exception");
        assertTrue(s.getText().contains("PSE") && s.getText().contains("L2_DISALLOW_MASK"), s.getText());

        ExceptionInfoArguments ia = new ExceptionInfoArguments();
        ia.setThreadId(1);
        ExceptionInfoResponse info = get(c.server.exceptionInfo(ia));
        assertEquals("SUPERPAGE_L2", info.getExceptionId());
        assertTrue(info.getDescription().contains("PSE"), info.getDescription());
        assertTrue(info.getDetails().getStackTrace().contains("SUPERPAGE_L2"), info.getDetails().getStackTrace());

        StackTraceArguments st = new StackTraceArguments();
        st.setThreadId(1);
        StackFrame[] frames = get(c.server.stackTrace(st)).getStackFrames();
        assertTrue(Arrays.stream(frames).limit(3).anyMatch(fr -> fr.getName().startsWith("main")
                && fr.getSource() != null && fr.getSource().getPath().endsWith("pagetables.c")),
                Arrays.toString(Arrays.stream(frames).map(StackFrame::getName).toArray()));

        c.cont();
        c.waitFor("exited");
        assertTrue(c.output().contains("deliberate invalid update"), c.output());
    }

    @Test
    void aRuleConditionThatDoesNotMatchDoesNotStop() throws Exception {
        launchPagetables();
        SetExceptionBreakpointsArguments ea = new SetExceptionBreakpointsArguments();
        ea.setFilters(new String[0]);
        ExceptionFilterOptions o = new ExceptionFilterOptions();
        o.setFilterId("refusedUpdate");
        o.setCondition("ALREADY_PINNED");
        ea.setFilterOptions(new ExceptionFilterOptions[] {o});
        get(c.server.setExceptionBreakpoints(ea));
        c.configurationDone();
        c.stopped("entry");
        c.cont();
        c.waitFor("exited");
    }
}
