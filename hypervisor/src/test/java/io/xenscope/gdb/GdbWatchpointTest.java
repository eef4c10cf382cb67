package io.xenscope.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.debug.DebugSession;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.PvTestGuestAccess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Z2-Z4 watchpoints, their stop replies, and the monitor's catch and evtchn commands, through the packet layer. */
class GdbWatchpointTest {
    private static final String STORES = """
            movl $41,counter(%rip)
            load: movl counter(%rip),%eax
            POWEROFF
            """;

    private final PvTestGuestAccess.Guest guest = PvTestGuestAccess.boot(STORES, "", "counter: .long 0");
    private final long counter = guest.symbol("counter");
    private DebugSession session = new DebugSession(guest.machine(), null);

    /** Sends the packets (no-ack mode first) and returns every reply payload in order, 'O' packets decoded. */
    private List<String> exchange(String... packets) throws Exception {
        StringBuilder in = new StringBuilder(GdbServerTest.frame("QStartNoAckMode"));
        for (String p : packets) {
            in.append(GdbServerTest.frame(p));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new GdbServer(session).serve(new ByteArrayInputStream(in.toString().getBytes(StandardCharsets.ISO_8859_1)), out);
        String s = out.toString(StandardCharsets.ISO_8859_1);
        List<String> replies = new ArrayList<>();
        int i = 0;
        while ((i = s.indexOf('$', i)) >= 0) {
            int end = s.indexOf('#', i);
            String payload = s.substring(i + 1, end);
            replies.add(payload.startsWith("O") && !payload.equals("OK")
                    ? "O:" + new String(GdbServer.unhex(payload.substring(1)), StandardCharsets.ISO_8859_1) : payload);
            i = end + 3;
        }
        assertEquals("OK", replies.remove(0));
        return replies;
    }

    private static String monitor(String command) {
        return "qRcmd," + GdbServer.hex(command.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void z2SetsAWriteWatchpointReportedWithTheWatchStopReply() throws Exception {
        List<String> r = exchange(String.format("Z2,%x,4", counter), "c");
        assertEquals(List.of("OK", String.format("T05watch:%x;thread:01;", counter)), r);
        assertEquals(guest.symbol("load"), session.cpu().rip, "stopped after the store");
    }

    @Test
    void z3SetsAReadWatchpointReportedAsRwatch() throws Exception {
        List<String> r = exchange(String.format("Z3,%x,4", counter), "c");
        assertEquals(String.format("T05rwatch:%x;thread:01;", counter), r.get(1));
    }

    @Test
    void z4SetsAnAccessWatchpointReportedAsAwatch() throws Exception {
        List<String> r = exchange(String.format("Z4,%x,1", counter + 3), "c", "c");
        assertEquals(String.format("T05awatch:%x;thread:01;", counter + 3), r.get(1), "the store covers the watched byte");
        assertEquals(String.format("T05awatch:%x;thread:01;", counter + 3), r.get(2), "then the load");
    }

    @Test
    void z2RemovesTheWatchpoint() throws Exception {
        List<String> r = exchange(String.format("Z2,%x,4", counter), String.format("z2,%x,4", counter), "c");
        assertEquals(List.of("OK", "OK", "W00"), r);
    }

    @Test
    void monitorCatchFaultStopsWithAnExplainingMessage() throws Exception {
        session = new DebugSession(PvTestGuestAccess.boot("movabs $0x100000000000,%rax\n movq $7,(%rax)", "", "").machine(), null);
        List<String> r = exchange(monitor("catch fault #PF"), "c");
        assertEquals("O:stopping before Xen delivers #PF page fault\n", r.get(0));
        assertTrue(r.get(2).startsWith("O:XenScope: guest exception: #PF page fault at rip 0x"), r.get(2));
        assertTrue(r.get(2).contains("cr2 0x100000000000"), r.get(2));
        assertEquals("T05thread:01;", r.get(3));
    }

    @Test
    void monitorCatchHypercallByNameStopsAfterItReturns() throws Exception {
        session = new DebugSession(PvTestGuestAccess.boot("xor %edi,%edi; xor %esi,%esi; HYPERCALL 17\n POWEROFF", "", "").machine(), null);
        List<String> r = exchange(monitor("catch hypercall xen_version"), "c");
        assertEquals("O:stopping after hypercall 17 (xen_version)\n", r.get(0));
        assertTrue(r.get(2).startsWith("O:XenScope: hypercall xen_version (17) returned "), r.get(2));
        assertEquals("T05thread:01;", r.get(3));
    }

    @Test
    void monitorCatchRefusedUpdateExplainsTheRefusal() throws Exception {
        session = DebugSession.boot(GdbEndToEndTest.sample("pv-pagetables", "pv-pagetables"), PvBootOptions.defaults());
        List<String> r = exchange(monitor("catch refused-update"), "c");
        assertEquals("O:stopping when Xen refuses a page-table update\n", r.get(0));
        String why = r.stream().filter(x -> x.startsWith("O:XenScope: Xen refused")).findFirst().orElse(r.toString());
        assertTrue(why.startsWith("O:XenScope: Xen refused a page-table update ("), why);
        assertEquals("T05thread:01;", r.get(r.size() - 1));
    }

    @Test
    void monitorEvtchnListsTheConsoleAndXenstorePorts() throws Exception {
        var d = guest.machine().domain();
        String table = exchange(monitor("evtchn")).get(0);
        assertTrue(table.startsWith("O:port  state        bound to"), table);
        assertTrue(java.util.regex.Pattern.compile("\n" + d.consolePort + " +interdomain +dom 0 port \\d+ \\(console\\) +(yes|no) +(yes|no)\n")
                .matcher(table).find(), table);
        assertTrue(java.util.regex.Pattern.compile("\n" + d.storePort + " +interdomain +dom 0 port \\d+ \\(xenstore\\) ")
                .matcher(table).find(), table);
    }

    @Test
    void monitorPwatchStopsOnAWriteToPhysicalMemoryWithAnExplainingMessage() throws Exception {
        long pa = session.memory().translate(counter);
        List<String> r = exchange(monitor(String.format("pwatch 0x%x 4", pa)), "c");
        assertEquals(String.format("O:armed write watch on physical 0x%x+4\n", pa), r.get(0));
        assertTrue(r.get(2).startsWith(String.format("O:XenScope: write of 4 bytes at 0x%x (physical 0x%x)", counter, pa)), r.get(2));
        assertEquals("T05thread:01;", r.get(3));
    }

    @Test
    void anUnknownCatchIsExplained() throws Exception {
        assertEquals("O:unknown catch 'syscall': fault, refused-update or hypercall\n", exchange(monitor("catch syscall")).get(0));
    }
}
