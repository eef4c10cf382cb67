package io.xenscope.dap;

import static io.xenscope.dap.DapTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.debug.DebugSession;
import io.xenscope.xen.Domain;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.Thread;
import org.eclipse.lsp4j.debug.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The "Xen" and "I/O rings" scopes and the threads, read from the machine's memory. */
class XenScopesTest {
    @RegisterExtension
    final DapTestClient c = new DapTestClient();

    private void stopAt(String sample, String file, int line) throws Exception {
        c.startSample(sample, false);
        c.breakAt(file, line);
        c.configurationDone();
        c.stopped("breakpoint");
    }

    private void stopAtEntry(String sample) throws Exception {
        c.startSample(sample, true);
        c.configurationDone();
        c.stopped("entry");
    }

    private Scope scope(String name) throws Exception {
        ScopesArguments a = new ScopesArguments();
        a.setFrameId(c.top().getId());
        return Arrays.stream(get(c.server.scopes(a)).getScopes()).filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    private Variable child(int ref, String name) throws Exception {
        return Arrays.stream(c.variableList(ref)).filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    /** The children of a path of names from a scope: ("Xen", "start_info") → start_info's fields. */
    private Map<String, String> open(String scope, String... path) throws Exception {
        int ref = scope(scope).getVariablesReference();
        for (String p : path) {
            ref = child(ref, p).getVariablesReference();
        }
        return c.variables(ref);
    }

    private DebugSession session() {
        return c.adapter.context().session();
    }

    private String printed(String regex) {
        Matcher m = Pattern.compile(regex).matcher(c.output());
        assertTrue(m.find(), regex + " in " + c.output());
        return m.group(1);
    }

    @Test
    void startInfoShowsWhatThePvGuestReadsFromIt() throws Exception {
        stopAt("hello-pv", "hello.c", 34);
        Map<String, String> si = open("Xen", "start_info");
        assertEquals("\"xen-3.0-x86_64\"", si.get("magic"));
        assertEquals(printed("nr_pages +(\\d+) "), si.get("nr_pages"));
        assertEquals(printed("store +mfn (0x[0-9a-f]+),"), si.get("store_mfn"));
        assertEquals(printed("store +mfn 0x[0-9a-f]+, evtchn (\\d+)"), si.get("store_evtchn"));
        assertEquals(printed("console +mfn (0x[0-9a-f]+),"), si.get("console.domU.mfn"));
        assertEquals(printed("pt_base +(0x[0-9a-f]+) "), si.get("pt_base"));
        assertEquals(printed("mfn_list +(0x[0-9a-f]+)"), si.get("mfn_list"));
        assertEquals("\"\"", si.get("cmd_line"));
    }

    @Test
    void hvmStartInfoAndTheHvmParamsOfAPvhGuest() throws Exception {
        Map<String, Object> launch = new java.util.HashMap<>();
        launch.put("program", DapTestClient.sample("hello-pvh").toString());
        launch.put("mode", "pvh");
        launch.put("stopOnEntry", true);
        c.start(launch);
        c.configurationDone();
        c.stopped("entry");
        Map<String, String> si = open("Xen", "hvm_start_info");
        assertEquals("0x336ec578", si.get("magic")); // XEN_HVM_START_MAGIC_VALUE
        assertEquals("1", si.get("version"));
        Map<String, String> params = open("Xen", "HVM params");
        assertEquals("0xfeffc", params.get("HVM_PARAM_STORE_PFN"));
        assertEquals("0xfefff", params.get("HVM_PARAM_CONSOLE_PFN"));
        assertEquals(String.valueOf(session().machine().domain().storePort), params.get("HVM_PARAM_STORE_EVTCHN").replace("0x", ""));
    }

    @Test
    void sharedInfoHasTheWallclockAndThePendingAndMaskedPortsAsRanges() throws Exception {
        stopAtEntry("hello-pv");
        Map<String, String> sh = open("Xen", "shared_info");
        assertEquals("1704067200", sh.get("wc_sec")); // 2024-01-01T00:00:00Z
        assertEquals("none", sh.get("evtchn_pending"));
        Domain d = session().machine().domain();
        d.sharedInfo.setBit(io.xenscope.xen.SharedInfo.EVTCHN_PENDING, 3);
        d.sharedInfo.setBit(io.xenscope.xen.SharedInfo.EVTCHN_PENDING, 4);
        d.sharedInfo.setBit(io.xenscope.xen.SharedInfo.EVTCHN_PENDING, 9);
        assertEquals("3-4, 9", open("Xen", "shared_info").get("evtchn_pending"));
    }

    @Test
    void eachVcpuInfoShowsTheUpcallMaskAndTime() throws Exception {
        stopAtEntry("hello-pv");
        Map<String, String> vi = open("Xen", "vcpu_info", "vCPU 0");
        assertEquals("1", vi.get("evtchn_upcall_mask")); // Xen enters a PV kernel with events masked
        assertEquals("0", vi.get("evtchn_upcall_pending"));
        assertTrue(vi.get("time").startsWith("system_time "), vi.get("time"));
    }

    @Test
    void eventChannelsShowTheirBindingVcpuAndState() throws Exception {
        stopAt("pv-events", "events.c", 59);
        Domain d = session().machine().domain();
        Map<String, String> ev = open("Xen", "event channels");
        int timer = d.eventChannels.portOfVirq(0, 0);
        assertTrue(ev.get("port " + timer).startsWith("virq TIMER, vCPU 0"), ev.toString());
        assertTrue(ev.get("port " + d.consolePort).startsWith("interdomain, remote domain 0 port ")
                || ev.get("port " + d.consolePort).startsWith("unbound, remote domain 0"), ev.toString());
        assertTrue(ev.get("port " + d.consolePort).contains("(console)"), ev.toString());
    }

    @Test
    void grantEntriesInUseAreDecoded() throws Exception {
        stopAtEntry("hello-pv");
        Domain d = session().machine().domain();
        assertEquals("v1, 0 frames (max 64)", child(scope("Xen").getVariablesReference(), "grant table").getValue());
        long frame = d.grantTable.frames(1)[0] << 12;
        d.mem.write16(frame + 8 * 5, 1 | 1 << 2 | 1 << 3); // permit_access|readonly|reading
        d.mem.write16(frame + 8 * 5 + 2, 0);
        d.mem.write32(frame + 8 * 5 + 4, 0x1234);
        assertEquals(Map.of("ref 5", "flags 0xd permit_access|readonly|reading, domid 0, frame 0x1234"),
                open("Xen", "grant table"));
    }

    @Test
    void theConsoleRingShowsItsIndicesAndPendingBytesAsText() throws Exception {
        stopAtEntry("hello-pv");
        Domain d = session().machine().domain();
        long ring = d.consoleMfn << 12;
        byte[] text = "hi\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < text.length; i++) {
            d.mem.write8(ring + 1024 + i, text[i]); // out[] starts at 1024
        }
        d.mem.write32(ring + 3084, 3); // out_prod
        Map<String, String> con = open("I/O rings", "console");
        assertEquals("0", con.get("out_cons"));
        assertEquals("3", con.get("out_prod"));
        assertEquals("3 bytes \"hi\\n\"", con.get("out pending"));
        assertEquals("out 3 pending, in 0 pending", child(scope("I/O rings").getVariablesReference(), "console").getValue());
    }

    @Test
    void aPendingXenstoreRequestIsDecoded() throws Exception {
        stopAtEntry("hello-pv");
        Domain d = session().machine().domain();
        long ring = d.storeMfn << 12;
        byte[] msg = {2, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 'n', 'a', 'm', 'e', 0}; // XS_READ "name"
        for (int i = 0; i < msg.length; i++) {
            d.mem.write8(ring + i, msg[i]);
        }
        d.mem.write32(ring + 2052, msg.length); // req_prod
        Map<String, String> xs = open("I/O rings", "xenstore");
        assertEquals("READ req_id=7 tx_id=0 len=5", xs.get("req message"));
        assertTrue(xs.get("req pending").startsWith("21 bytes \"\\x02\\0\\0\\0\\x07"), xs.get("req pending"));
        assertTrue(xs.get("req pending").endsWith("name\\0\""), xs.get("req pending"));
    }

    @Test
    void threadsAreTheDomainsVcpus() throws Exception {
        stopAtEntry("hello-pv");
        Thread[] t = get(c.server.threads()).getThreads();
        assertEquals(1, t.length);
        assertEquals("vCPU 0", t[0].getName());
        assertEquals(DapContext.threadOf(0), t[0].getId());
    }
}
