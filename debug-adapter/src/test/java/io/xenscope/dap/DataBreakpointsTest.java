package io.xenscope.dap;

import static io.xenscope.dap.DapTestClient.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.ElfSymbol;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.lsp4j.debug.*;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dataBreakpointInfo and setDataBreakpoints over pv-events, whose timer handler writes the global `ticks`. */
class DataBreakpointsTest {
    private DapTestClient c;
    private Path elf;
    private long ticks;

    @BeforeEach
    void connect() throws Exception {
        c = new DapTestClient();
        elf = DapTestClient.helloPv().getParent().getParent().resolve("pv-events/pv-events");
        ticks = ElfImage.read(elf).symbols().stream().filter(s -> s.name().equals("ticks") && s.type() == ElfSymbol.STT_OBJECT)
                .findFirst().orElseThrow().value();
    }

    @AfterEach
    void close() {
        c.close();
    }

    private Capabilities launch() throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("program", elf.toString());
        m.put("stopOnEntry", true);
        Capabilities caps = c.start(m);
        c.configurationDone();
        c.stopped("entry");
        return caps;
    }

    private DataBreakpointInfoResponse info(String name, Integer variablesReference) throws Exception {
        DataBreakpointInfoArguments a = new DataBreakpointInfoArguments();
        a.setName(name);
        a.setVariablesReference(variablesReference);
        return get(c.server.dataBreakpointInfo(a));
    }

    private Breakpoint[] set(String... dataIds) throws Exception {
        SetDataBreakpointsArguments a = new SetDataBreakpointsArguments();
        DataBreakpoint[] bs = new DataBreakpoint[dataIds.length];
        for (int i = 0; i < dataIds.length; i++) {
            bs[i] = new DataBreakpoint();
            bs[i].setDataId(dataIds[i]);
            bs[i].setAccessType(DataBreakpointAccessType.WRITE);
        }
        a.setBreakpoints(bs);
        return get(c.server.setDataBreakpoints(a)).getBreakpoints();
    }

    @Test
    void dataBreakpointsAreDeclared() throws Exception {
        assertTrue(launch().getSupportsDataBreakpoints());
    }

    @Test
    void aGlobalsInfoNamesItsAddressAndSize() throws Exception {
        launch();
        DataBreakpointInfoResponse r = info("ticks", null);
        assertEquals(String.format("va:0x%x:4", ticks), r.getDataId());
        assertEquals(String.format("4 bytes at 0x%x (ticks)", ticks), r.getDescription());
        assertArrayEquals(new DataBreakpointAccessType[] {DataBreakpointAccessType.WRITE, DataBreakpointAccessType.READ,
            DataBreakpointAccessType.READ_WRITE}, r.getAccessTypes());
        assertFalse(r.getCanPersist());
    }

    @Test
    void aRegisterVariableWatchesTheEightBytesItPointsTo() throws Exception {
        launch();
        ScopesArguments sa = new ScopesArguments();
        sa.setFrameId(c.top().getId());
        int regs = get(c.server.scopes(sa)).getScopes()[0].getVariablesReference();
        long rsp = Long.parseUnsignedLong(c.variables(regs).get("rsp").substring(2), 16);
        assertEquals(String.format("va:0x%x:8", rsp), info("rsp", regs).getDataId());
    }

    @Test
    void anExpressionThatIsNoAddressGetsNoDataIdButAReason() throws Exception {
        launch();
        DataBreakpointInfoResponse r = info("no_such_thing", null);
        assertNull(r.getDataId());
        assertTrue(r.getDescription().startsWith("cannot watch 'no_such_thing'"), r.getDescription());
    }

    @Test
    void everyWriteToTheWatchedGlobalStopsWithOldAndNewValue() throws Exception {
        launch();
        Breakpoint[] bs = set(info("ticks", null).getDataId());
        assertTrue(bs[0].isVerified());
        // the startup code clears .bss a byte at a time (rep stosb): a write watch triggers on every
        // write, changing the value or not, as on x86; then the timer handler's store
        for (int i = 0; i < 4; i++) {
            c.cont();
            assertEquals(String.format("Data breakpoint: write at 0x%x, 0x0 → 0x0", ticks + i),
                    c.stopped("data breakpoint").getDescription());
        }
        c.cont();
        StoppedEventArguments s = c.stopped("data breakpoint");
        assertEquals(String.format("Data breakpoint: write at 0x%x, 0x0 → 0x1", ticks), s.getDescription());
        assertArrayEquals(new Integer[] {bs[0].getId()}, s.getHitBreakpointIds());
    }

    @Test
    void aMalformedDataIdIsRefusedWithAMessageAndTheOthersStand() throws Exception {
        launch();
        Breakpoint[] bs = set("va:0x1000", String.format("va:0x%x:4", ticks));
        assertFalse(bs[0].isVerified());
        assertEquals("not a XenScope dataId (va:0xADDR:LEN or pa:0xADDR:LEN): 'va:0x1000'", bs[0].getMessage());
        assertTrue(bs[1].isVerified());
    }

    @Test
    void anEmptySetClearsTheDataBreakpoints() throws Exception {
        launch();
        set(String.format("va:0x%x:4", ticks));
        set();
        c.cont();
        assertEquals(0, ((ExitedEventArguments) c.waitFor("exited")).getExitCode());
    }
}
