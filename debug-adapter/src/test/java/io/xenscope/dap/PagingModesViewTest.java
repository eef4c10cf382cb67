package io.xenscope.dap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.xenscope.cpu.Cpu;
import io.xenscope.memory.PhysicalMemory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * xenscope/pageTables and xenscope/translate follow the vCPU's paging mode: hello-pvh stopped on entry
 * (32-bit protected mode, paging off), then its vCPU given 32-bit or PAE paging over tables the test
 * writes, as a guest's own start-up code would before its first instruction under paging.
 */
class PagingModesViewTest {
    private static final long ROOT = 0x800000, PT = 0x801000, PD3 = 0x802000, FRAME = 0x803000;

    @RegisterExtension
    final DapTestClient c = new DapTestClient();

    private Cpu stoppedPvh() throws Exception {
        c.startSample("hello-pvh", true);
        c.configurationDone();
        c.stopped("entry");
        return c.adapter.context().session().cpu();
    }

    /** 32-bit paging: PDE 0 a 4 MiB page at 0, PDE 0x300 -> PT, PTE 5 -> FRAME (0xC0005000). */
    private Cpu bits32() throws Exception {
        Cpu cpu = stoppedPvh();
        PhysicalMemory mem = cpu.memory;
        mem.write32(ROOT, 0x83);
        mem.write32(ROOT + 4 * 0x300, (int) (PT | 3));
        mem.write32(PT + 4 * 5, (int) (FRAME | 3));
        cpu.cr3 = ROOT;
        cpu.cr4 = Cpu.CR4_PSE;
        cpu.cr0 |= Cpu.CR0_PG;
        return cpu;
    }

    /** PAE: PDPTE 3 -> PD3, PDE 0 -> PT, PTE 5 -> FRAME (0xC0005000). */
    private Cpu pae() throws Exception {
        Cpu cpu = stoppedPvh();
        PhysicalMemory mem = cpu.memory;
        mem.write64(ROOT + 8 * 3, PD3 | 1);
        mem.write64(PD3, PT | 3);
        mem.write64(PT + 8 * 5, FRAME | 3);
        cpu.cr3 = ROOT;
        cpu.cr4 = Cpu.CR4_PAE;
        cpu.cr0 |= Cpu.CR0_PG;
        return cpu;
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String entry(JsonArray entries, int i, String field) {
        return entries.get(i).getAsJsonObject().get(field).toString();
    }

    @Test
    void bits32RootIsThePageDirectoryAtLevel2() throws Exception {
        bits32();
        JsonObject root = c.request(XenDebugAdapter.PAGE_TABLES, args());
        assertEquals(2, root.get("level").getAsInt());
        assertEquals("BITS32", root.get("paging").getAsString());
        JsonArray entries = root.getAsJsonArray("entries");
        assertEquals(2, entries.size(), entries.toString());
        assertEquals("0", entry(entries, 0, "index"));
        assertEquals("[\"P\",\"RW\",\"PS\"]", entry(entries, 0, "flags"));
        assertEquals("\"0x0\"", entry(entries, 0, "frame"));
        assertEquals("768", entry(entries, 1, "index"));
        assertEquals("\"0xc0000000\"", entry(entries, 1, "va"));
        assertEquals("\"0x801000\"", entry(entries, 1, "table"));
    }

    @Test
    void bits32PageTableHasFourByteEntriesMappingFourKilobytes() throws Exception {
        bits32();
        c.request(XenDebugAdapter.PAGE_TABLES, args());
        JsonArray entries = c.request(XenDebugAdapter.PAGE_TABLES, args("table", "0x801000", "level", 1))
                .getAsJsonArray("entries");
        assertEquals(1, entries.size(), entries.toString());
        assertEquals("5", entry(entries, 0, "index"));
        assertEquals("\"0xc0005000\"", entry(entries, 0, "va"));
        assertEquals("\"0x803003\"", entry(entries, 0, "entry"));
        assertEquals("\"0x803000\"", entry(entries, 0, "frame"));
    }

    @Test
    void bits32TranslateTakesThePdThenThePt() throws Exception {
        bits32();
        JsonObject t = c.request(XenDebugAdapter.TRANSLATE, args("address", "0xc0005010"));
        assertEquals("\"0x803010\"", t.get("ma").toString());
        assertEquals("[{\"level\":2,\"index\":768,\"entry\":\"0x801003\",\"table\":\"0x800000\",\"flags\":[\"P\",\"RW\"]},"
                + "{\"level\":1,\"index\":5,\"entry\":\"0x803003\",\"table\":\"0x801000\",\"flags\":[\"P\",\"RW\"]}]",
                t.get("steps").toString());
    }

    @Test
    void paeRootIsTheFourEntryPdpt() throws Exception {
        pae();
        JsonObject root = c.request(XenDebugAdapter.PAGE_TABLES, args());
        assertEquals(3, root.get("level").getAsInt());
        assertEquals("PAE", root.get("paging").getAsString());
        JsonArray entries = root.getAsJsonArray("entries");
        assertEquals(1, entries.size(), entries.toString());
        assertEquals("3", entry(entries, 0, "index"));
        assertEquals("\"0xc0000000\"", entry(entries, 0, "va"));
        assertEquals("\"0x802000\"", entry(entries, 0, "table"));
    }

    @Test
    void paeTranslateOfAnUnmappedAddressSaysWhere() throws Exception {
        pae();
        JsonObject t = c.request(XenDebugAdapter.TRANSLATE, args("address", "0xc0006000"));
        assertEquals("not present at PT[6]", t.get("fault").getAsString());
        assertEquals(3, t.getAsJsonArray("steps").size());
    }
}
