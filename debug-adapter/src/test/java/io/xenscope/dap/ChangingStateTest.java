package io.xenscope.dap;

import static io.xenscope.dap.DapTestClient.error;
import static io.xenscope.dap.DapTestClient.get;
import static io.xenscope.dap.DapTestClient.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import org.eclipse.lsp4j.debug.ReadMemoryArguments;
import org.eclipse.lsp4j.debug.RestartArguments;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetVariableArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.WriteMemoryArguments;
import org.eclipse.lsp4j.debug.WriteMemoryResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** setVariable, writeMemory and restart. */
class ChangingStateTest {
    @RegisterExtension
    final DapTestClient c = new DapTestClient();

    private void stopAtEntry(String sample) throws Exception {
        c.startSample(sample, true);
        c.configurationDone();
        c.stopped("entry");
    }

    private Scope[] scopes() throws Exception {
        ScopesArguments a = new ScopesArguments();
        a.setFrameId(c.top().getId());
        return get(c.server.scopes(a)).getScopes();
    }

    private int registers() throws Exception {
        return scopes()[0].getVariablesReference();
    }

    private SetVariableArguments setArgs(int ref, String name, String value) {
        SetVariableArguments a = new SetVariableArguments();
        a.setVariablesReference(ref);
        a.setName(name);
        a.setValue(value);
        return a;
    }

    private String set(int ref, String name, String value) throws Exception {
        return get(c.server.setVariable(setArgs(ref, name, value))).getValue();
    }

    private String setError(int ref, String name, String value) throws Exception {
        return error(c.server.setVariable(setArgs(ref, name, value)));
    }

    private WriteMemoryArguments writeArgs(String address, boolean partial, byte... data) {
        WriteMemoryArguments a = new WriteMemoryArguments();
        a.setMemoryReference(address);
        a.setData(Base64.getEncoder().encodeToString(data));
        a.setAllowPartial(partial);
        return a;
    }

    private WriteMemoryResponse write(String address, boolean partial, byte... data) throws Exception {
        return get(c.server.writeMemory(writeArgs(address, partial, data)));
    }

    private long address(String expression) throws Exception {
        return Long.parseUnsignedLong(c.evaluate(expression).split(" ")[0].substring(2), 16);
    }

    @Test
    void setVariableSetsAGeneralRegisterToAnExpression() throws Exception {
        stopAtEntry("hello-pv");
        assertEquals("0x1234", set(registers(), "rax", "0x1230 + 4"));
        assertEquals("0x1234 (4660)", c.evaluate("rax"));
    }

    @Test
    void setVariableSetsAFlagBitUnderRflags() throws Exception {
        stopAtEntry("hello-pv");
        Variable rflags = Arrays.stream(c.variableList(registers())).filter(v -> v.getName().equals("rflags"))
                .findFirst().orElseThrow();
        long cf = address("rflags & 1") ^ 1;
        assertEquals(String.valueOf(cf), set(rflags.getVariablesReference(), "CF", String.valueOf(cf)));
        assertEquals(cf, address("rflags & 1"));
    }

    @Test
    void setVariableRefusesRegistersThatCannotChangeSafely() throws Exception {
        stopAtEntry("hello-pv");
        assertEquals("cannot set cr3: cr3 cannot be changed from the debugger: the paging and mode state "
                + "(and Xen's validation of page tables) hang on it", setError(registers(), "cr3", "0"));
        assertEquals("cannot set cs: cs cannot be changed from the debugger: a segment register's descriptor cache "
                + "would not follow; load it in the guest", setError(registers(), "cs", "0x10"));
    }

    @Test
    void setVariableRefusesTheXenScope() throws Exception {
        stopAtEntry("hello-pv");
        assertEquals("these values cannot be changed from the debugger",
                setError(scopes()[1].getVariablesReference(), "domid", "3"));
    }

    @Test
    void writeMemoryWritesWhatReadMemoryThenReads() throws Exception {
        stopAtEntry("hello-pv");
        String start = c.evaluate("start_info").split(" ")[0];
        assertEquals(4, write(start, false, (byte) 1, (byte) 2, (byte) 3, (byte) 4).getBytesWritten());
        ReadMemoryArguments r = new ReadMemoryArguments();
        r.setMemoryReference(start);
        r.setCount(4);
        assertEquals("AQIDBA==", get(c.server.readMemory(r)).getData());
    }

    @Test
    void writeMemoryRefusesAnUnmappedRangeUnlessPartialIsAllowed() throws Exception {
        stopAtEntry("hello-pv");
        long unmapped = address("_end") & ~0xfffL;
        while (c.adapter.context().session().memory().translate(unmapped) >= 0) {
            unmapped += 0x1000; // the first unmapped page after the image
        }
        String at = "0x" + Long.toHexString(unmapped - 2);
        assertEquals("cannot write 4 bytes at " + at + ": 0x" + Long.toHexString(unmapped) + " is not mapped",
                error(c.server.writeMemory(writeArgs(at, false, new byte[4]))));
        assertEquals(2, write(at, true, new byte[4]).getBytesWritten());
    }

    @Test
    void aWriteOverTranslatedCodeIsExecutedAsWritten() throws Exception {
        c.startSample("pv-events", false);
        c.breakAt("events.c", line(59, null, "2", null)); // the loop body has run once: its code is translated
        SetExceptionBreakpointsArguments ud = new SetExceptionBreakpointsArguments();
        ud.setFilters(new String[] {"ud"});
        get(c.server.setExceptionBreakpoints(ud));
        c.configurationDone();
        c.stopped("breakpoint");
        String rip = c.top().getInstructionPointerReference();
        write(rip, false, (byte) 0x0f, (byte) 0x0b); // ud2
        c.cont();
        StoppedEventArguments s = c.stopped("exception");
        assertEquals("Guest exception #UD invalid opcode", s.getDescription());
        assertEquals(rip, c.top().getInstructionPointerReference());
    }

    @Test
    void restartBootsTheSameGuestAgainKeepingBreakpoints() throws Exception {
        c.startHello(true);
        int id = c.breakAt("hello.c", 9).getBreakpoints()[0].getId();
        c.configurationDone();
        c.stopped("entry");
        String entry = c.top().getInstructionPointerReference();
        c.cont();
        c.stopped("breakpoint");
        get(c.server.restart(new RestartArguments()));
        c.stopped("entry");
        assertEquals(entry, c.top().getInstructionPointerReference());
        assertFalse(c.output().contains("Hello from"), c.output());
        c.cont();
        assertEquals(id, c.stopped("breakpoint").getHitBreakpointIds()[0]);
        assertTrue(c.output().contains("XenScope: restarted hello-pv as pv\n"), c.output());
    }
}
