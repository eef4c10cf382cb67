package io.xenscope.dap;

import static io.xenscope.dap.DapTestClient.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.xenscope.debug.DebugSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The custom xenscope/* requests of the extension's machine view, on hello-pv stopped on entry. */
class MachineViewTest {
    @RegisterExtension
    final DapTestClient c = new DapTestClient();

    private void stoppedOnEntry() throws Exception {
        c.startHello(true);
        c.configurationDone();
        c.stopped("entry");
    }

    private DebugSession session() {
        return c.adapter.context().session();
    }

    private static long hex(JsonElement e) {
        String s = e.getAsString();
        assertTrue(s.startsWith("0x"), s);
        return Long.parseUnsignedLong(s.substring(2), 16);
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void machineSummaryHasTheDomainItsMemoryAndVcpus() throws Exception {
        stoppedOnEntry();
        JsonObject b = c.request(XenDebugAdapter.MACHINE_SUMMARY, null);
        JsonObject d = b.getAsJsonObject("domain");
        assertEquals("hello-pv", d.get("name").getAsString());
        assertEquals("pv", d.get("mode").getAsString());
        assertEquals(1, d.get("id").getAsInt());
        JsonObject mem = b.getAsJsonObject("memory");
        assertEquals(mem.get("pages").getAsLong() * 4096, mem.get("bytes").getAsLong());
        assertTrue(mem.get("pages").getAsLong() > 0);
        JsonArray vcpus = b.getAsJsonArray("vcpus");
        assertEquals(session().machine().domain().vcpus.size(), vcpus.size());
        JsonObject v0 = vcpus.get(0).getAsJsonObject();
        assertEquals(0, v0.get("id").getAsInt());
        assertEquals("paused", v0.get("state").getAsString());
        assertEquals(session().cpu().rip, hex(v0.get("rip")));
        assertEquals(session().cpu().cr3, hex(v0.get("cr3")));
        JsonObject counters = b.getAsJsonObject("counters");
        assertTrue(counters.has("instructions") && counters.has("hypercalls") && counters.has("refusedUpdates"), b.toString());
    }

    @Test
    void eventChannelsListTheConsoleAndXenstorePorts() throws Exception {
        stoppedOnEntry();
        JsonArray chans = c.request(XenDebugAdapter.EVENT_CHANNELS, null).getAsJsonArray("channels");
        var d = session().machine().domain();
        boolean console = false;
        boolean store = false;
        for (JsonElement e : chans) {
            JsonObject ch = e.getAsJsonObject();
            int port = ch.get("port").getAsInt();
            assertTrue(port > 0);
            assertNotNull(ch.get("state"));
            assertFalse("free".equals(ch.get("state").getAsString()));
            if (port == d.consolePort) {
                console = true;
                assertEquals("console", ch.get("use").getAsString());
                assertTrue(List.of("unbound", "interdomain").contains(ch.get("state").getAsString()), ch.toString());
                assertEquals(0, ch.get("remoteDomain").getAsInt());
            }
            if (port == d.storePort) {
                store = true;
                assertEquals("xenstore", ch.get("use").getAsString());
                assertEquals(0, ch.get("remoteDomain").getAsInt());
            }
        }
        assertTrue(d.consolePort > 0 && d.storePort > 0 && d.consolePort != d.storePort);
        assertTrue(console && store, chans.toString());
    }

    @Test
    void pageTablesRootMapsTheKernelAndXenAndExpandsDownToThePage() throws Exception {
        stoppedOnEntry();
        JsonObject root = c.request(XenDebugAdapter.PAGE_TABLES, args("vcpu", 0));
        JsonArray entries = root.getAsJsonArray("entries");
        JsonObject kernel = null;
        JsonObject xen = null;
        for (JsonElement e : entries) {
            JsonObject x = e.getAsJsonObject();
            assertEquals(4, x.get("level").getAsInt());
            assertTrue(x.getAsJsonArray("flags").toString().contains("\"P\""), x.toString());
            if (x.get("index").getAsInt() == 511) {
                kernel = x;
            }
            if (x.get("index").getAsInt() == 256) {
                xen = x;
            }
        }
        assertNotNull(kernel, entries.toString());
        assertNotNull(xen, entries.toString());
        assertEquals("0xffffff8000000000", kernel.get("va").getAsString());
        assertEquals("0xffff800000000000", xen.get("va").getAsString());
        assertNotNull(kernel.get("table"), "the kernel's PML4 entry maps a PDPT");
        assertEquals("Xen", xen.get("owner").getAsString()); // Xen's M2P slot
        // PV: the frames come with their state in Xen's frame table; the guest's L4 is pinned
        assertEquals("L3 page table", kernel.get("frameType").getAsString(), kernel.toString());
        assertEquals("d1", kernel.get("owner").getAsString());
        assertEquals("L4 page table", root.get("frameType").getAsString(), root.toString());
        assertTrue(root.get("pinned").getAsBoolean(), root.toString());
        String pdpt = kernel.get("table").getAsString();

        // expand towards 0xffffffff80000000: PDPT[510], then PD, then PT where present
        long target = 0xffffffff80000000L;
        JsonObject entry = kernel;
        int level = 4;
        while (entry.has("table")) {
            JsonObject child = c.request(XenDebugAdapter.PAGE_TABLES,
                    args("vcpu", 0, "table", entry.get("table").getAsString(), "level", level - 1));
            level--;
            int want = (int) ((target >>> (12 + 9 * (level - 1))) & 0x1ff);
            entry = null;
            for (JsonElement e : child.getAsJsonArray("entries")) {
                JsonObject x = e.getAsJsonObject();
                assertEquals(level, x.get("level").getAsInt());
                if (x.get("index").getAsInt() == want) {
                    entry = x;
                }
            }
            assertNotNull(entry, "no entry " + want + " at level " + level + ": " + child);
            long va = hex(entry.get("va"));
            assertEquals(target & ~((1L << (12 + 9 * (level - 1))) - 1), va);
        }
        assertTrue(level <= 2, "ends at a large page or a PT entry");
        assertEquals(session().memory().translate(target) & ~0xfffL,
                hex(entry.get("frame")) + (target - hex(entry.get("va"))) & ~0xfffL);

        // a child table asked cold (no listing before it in this session) is found from CR3
        try (DapTestClient cold = new DapTestClient()) {
            cold.startHello(true);
            cold.configurationDone();
            cold.stopped("entry");
            JsonObject l3 = cold.request(XenDebugAdapter.PAGE_TABLES, args("table", pdpt, "level", 3));
            boolean found = false;
            for (JsonElement e : l3.getAsJsonArray("entries")) {
                if (e.getAsJsonObject().get("index").getAsInt() == 510) {
                    assertEquals("0xffffffff80000000", e.getAsJsonObject().get("va").getAsString());
                    found = true;
                }
            }
            assertTrue(found, l3.toString());
        }
        String err = error(c.custom(XenDebugAdapter.PAGE_TABLES, args("table", "0x1001", "level", 2)));
        assertTrue(err.contains("not page-aligned"), err);
    }

    @Test
    void translateOfTheEntryRipEndsAtAPresentPageWhereDebugMemorySaysItIs() throws Exception {
        stoppedOnEntry();
        long rip = session().cpu().rip;
        JsonObject t = c.request(XenDebugAdapter.TRANSLATE, args("address", "0x" + Long.toHexString(rip), "vcpu", 0));
        assertNull(t.get("fault"), t.toString());
        assertEquals(rip, hex(t.get("va")));
        assertEquals(session().memory().translate(rip), hex(t.get("ma")));
        JsonArray steps = t.getAsJsonArray("steps");
        assertEquals(4, steps.get(0).getAsJsonObject().get("level").getAsInt());
        assertEquals(511, steps.get(0).getAsJsonObject().get("index").getAsInt());
        JsonObject last = steps.get(steps.size() - 1).getAsJsonObject();
        assertEquals(1, last.get("level").getAsInt(), t.toString()); // hello-pv is mapped with 4 KiB pages
        long pte = hex(last.get("entry"));
        assertEquals(1, pte & 1);
        assertEquals(session().memory().translate(rip) & ~0xfffL, pte & 0xffffffffff000L);
        // the pseudo-physical address is the machine frame's pfn in the M2P
        long pfn = session().machine().domain().m2p.get(hex(t.get("ma")) >>> 12);
        assertEquals(pfn << 12 | (rip & 0xfff), hex(t.get("pa")));

        JsonObject bad = c.request(XenDebugAdapter.TRANSLATE, args("address", "0x1000"));
        assertTrue(bad.get("fault").getAsString().startsWith("not present at "), bad.toString());
        assertEquals("not a canonical address",
                c.request(XenDebugAdapter.TRANSLATE, args("address", "0x0000800000000000")).get("fault").getAsString());
        assertTrue(error(c.custom(XenDebugAdapter.TRANSLATE, args())).contains("'address' is required"));

        String ev = c.evaluate("translate $rip");
        assertTrue(ev.contains("machine 0x" + Long.toHexString(session().memory().translate(rip))), ev);
        assertTrue(ev.contains("PML4[511]="), ev);
    }

    @Test
    void customRequestsFailWhileRunningOrBeforeLaunchAndNeverBreakTheAdapter() throws Exception {
        for (String r : List.of(XenDebugAdapter.MACHINE_SUMMARY, XenDebugAdapter.EVENT_CHANNELS,
                XenDebugAdapter.PAGE_TABLES, XenDebugAdapter.TRANSLATE)) {
            assertTrue(error(c.custom(r, args("address", "0x0"))).contains("launch"), r);
        }
        stoppedOnEntry();
        assertTrue(error(c.custom(XenDebugAdapter.PAGE_TABLES, args("table", "0x2000"))).contains("level"));
        assertTrue(error(c.custom(XenDebugAdapter.PAGE_TABLES, args("vcpu", 7))).contains("no vCPU 7"));
        assertTrue(error(c.custom(XenDebugAdapter.TRANSLATE, args("address", "zz"))).contains("not an address"));
        assertTrue(error(c.custom(XenDebugAdapter.PAGE_TABLES,
                args("table", "0xfffffffffffff000", "level", 3))).contains("not in machine RAM"));
        // still serving
        assertEquals("pv", c.request(XenDebugAdapter.MACHINE_SUMMARY, null).getAsJsonObject("domain").get("mode").getAsString());

        // once the guest ran to its end: errors, not stale data
        c.cont();
        c.waitFor("terminated");
        for (String r : List.of(XenDebugAdapter.MACHINE_SUMMARY, XenDebugAdapter.EVENT_CHANNELS,
                XenDebugAdapter.PAGE_TABLES, XenDebugAdapter.TRANSLATE)) {
            String err = error(c.custom(r, args("address", "0x0")));
            assertTrue(err.contains("shut down") || err.contains("running"), r + ": " + err);
        }
    }
}
