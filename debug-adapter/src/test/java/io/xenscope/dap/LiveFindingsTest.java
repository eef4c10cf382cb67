package io.xenscope.dap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The xenscope/findings event: the boot check's findings, live, while a guest runs under the adapter. */
class LiveFindingsTest {
    @RegisterExtension
    final DapTestClient c = new DapTestClient();

    private static Path sample(String name) throws Exception {
        return DapTestClient.sample(name);
    }

    private static int lineOf(Path file, String text) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test
    void theRefusedPseUpdateOfPvPagetablesIsSentAtItsCallingLine() throws Exception {
        Path elf = sample("pv-pagetables");
        c.start(Map.of("program", elf.toString()));
        c.configurationDone();
        JsonObject body = (JsonObject) c.waitFor(LiveFindings.EVENT);
        JsonArray findings = body.getAsJsonArray("findings");
        assertEquals(1, findings.size(), body.toString());
        JsonObject f = findings.get(0).getAsJsonObject();
        Path src = elf.resolveSibling("pagetables.c");
        assertEquals("error", f.get("severity").getAsString());
        assertEquals("refused-update", f.get("kind").getAsString());
        assertEquals(src.toRealPath(), Path.of(f.get("file").getAsString()).toRealPath());
        assertEquals(lineOf(src, "rc = HYPERVISOR_mmu_update(&bad, 1, &done, DOMID_SELF);"), f.get("line").getAsInt());
        assertTrue(f.get("message").getAsString().contains("PSE"), f.toString());
        assertEquals(1, f.get("count").getAsInt());
        JsonArray related = f.getAsJsonArray("related");
        assertTrue(related.toString().contains("PTE at machine address"), related.toString());
        assertTrue(related.toString().contains("#1 main"), related.toString());
        c.waitFor("terminated");
    }

    @Test
    void theEventIsSentWhileTheGuestIsStillRunning() throws Exception {
        c.start(Map.of("program", sample("pv-pagetables").toString()));
        c.configurationDone();
        c.waitFor(LiveFindings.EVENT);
        int at = c.log.indexOf(LiveFindings.EVENT);
        assertTrue(at < c.log.indexOf("exited") || c.log.indexOf("exited") < 0, c.log.toString());
    }

    @Test
    void aCleanGuestSendsNoFindings() throws Exception {
        c.start(Map.of("program", sample("hello-pv").toString()));
        c.configurationDone();
        c.waitFor("terminated");
        assertFalse(c.log.contains(LiveFindings.EVENT), c.log.toString());
    }

    /** A PVH guest (guest-sdk's pvh stub) whose main makes hypercall 60, which Xen does not have. */
    @Test
    void aPvhGuestsUnknownHypercallIsSentAtItsCall(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path sdk = sample("hello-pvh").getParent().getParent().resolveSibling("guest-sdk");
        Files.writeString(dir.resolve("Makefile"), "GUEST = nosys\nSRCS = nosys.c\nMODE = pvh\ninclude " + sdk.resolve("guest.mk") + "\n");
        Path src = dir.resolve("nosys.c");
        Files.writeString(src, String.join("\n", "#include <xenscope/xenscope.h>", "", "int main(void)", "{",
                "    long r = _hypercall0(long, 60);", "    printk(\"hypercall 60: %ld\\n\", r);", "    return 0;", "}", ""));
        Process make = new ProcessBuilder("make", "-s", "-C", dir.toString()).redirectErrorStream(true).start();
        String out = new String(make.getInputStream().readAllBytes());
        assertEquals(0, make.waitFor(), out);
        c.start(Map.of("program", dir.resolve("nosys").toString(), "mode", "pvh"));
        c.configurationDone();
        JsonObject f = ((JsonObject) c.waitFor(LiveFindings.EVENT)).getAsJsonArray("findings").get(0).getAsJsonObject();
        assertEquals("warning", f.get("severity").getAsString());
        assertEquals("unknown-hypercall", f.get("kind").getAsString());
        assertEquals(src.toRealPath(), Path.of(f.get("file").getAsString()).toRealPath());
        assertEquals(5, f.get("line").getAsInt());
    }
}
