package io.xenscope.dap;

import static io.xenscope.dap.DapTestClient.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** launch: modes, vcpus and an xl.cfg. */
class LaunchTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final DapTestClient c = new DapTestClient();

    private Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** An xl.cfg in a temporary directory next to a copy of hello-pv named "kernel". */
    private Path config(String text) throws Exception {
        Files.copy(DapTestClient.helloPv(), dir.resolve("kernel"));
        Path cfg = dir.resolve("guest.cfg");
        Files.writeString(cfg, text);
        return cfg;
    }

    private void runToExit() throws Exception {
        c.configurationDone();
        assertEquals(0, ((ExitedEventArguments) c.waitFor("exited")).getExitCode());
    }

    @Test
    void modePvhBootsAPvhKernel() throws Exception {
        c.start(args("program", DapTestClient.sample("hello-pvh").toString(), "mode", "pvh"));
        runToExit();
        assertTrue(c.output().contains("XenScope: hello-pvh boots as pvh; symbols from ")
                && c.output().contains("\nHello from a Xen PVH guest!\n"), c.output());
    }

    @Test
    void aKernelThatCannotBootInTheModeAskedForSaysWhichModeWouldDo() throws Exception {
        Path pvh = DapTestClient.sample("hello-pvh");
        String e = error(c.server.launch(args("program", pvh.toString(), "mode", "pv")));
        assertTrue(e.startsWith("cannot boot " + pvh + " as pv: "), e);
        assertTrue(e.endsWith("; it can boot as pvh (set \"mode\": \"pvh\")"), e);
    }

    @Test
    void withoutAModeAPvhKernelBootsAsPvh() throws Exception {
        c.start(args("program", DapTestClient.sample("hello-pvh").toString()));
        runToExit();
        assertTrue(c.output().contains("XenScope: hello-pvh boots as pvh (detected)"), c.output());
    }

    @Test
    void aPvKernelWithoutAMultibootHeaderCannotBootAsHvm() throws Exception {
        Path pv = DapTestClient.helloPv();
        String e = error(c.server.launch(args("program", pv.toString(), "mode", "hvm")));
        assertTrue(e.startsWith("cannot boot " + pv + " as hvm: "), e);
        assertTrue(e.endsWith("; it can boot as pv (set \"mode\": \"pv\")"), e);
    }

    @Test
    void anUnknownModeIsRefused() throws Exception {
        assertEquals("mode 'hvm64' is not one of \"pv\", \"pvh\", \"hvm\"",
                error(c.server.launch(args("program", DapTestClient.helloPv().toString(), "mode", "hvm64"))));
    }

    @Test
    void moreVcpusThanTheLimitAreRefused() throws Exception {
        assertEquals("vcpus = 9: a domain has 1 to 8 vCPUs",
                error(c.server.launch(args("program", DapTestClient.helloPv().toString(), "vcpus", 9))));
    }

    @Test
    void anXlCfgGivesTheKernelRelativeToItselfTheNameAndTheCommandLine() throws Exception {
        Path cfg = config("""
                name = "from-cfg"
                type = "pv"
                kernel = "kernel"
                memory = 48
                vcpus = 1
                extra = "console=hvc0 quiet"
                """);
        c.start(args("config", cfg.toString()));
        assertEquals("from-cfg", c.request(XenDebugAdapter.MACHINE_SUMMARY, null).getAsJsonObject("domain")
                .get("name").getAsString());
        runToExit();
        assertTrue(c.output().contains("  cmd_line      \"console=hvc0 quiet\"\n"), c.output());
        assertTrue(c.output().contains("  nr_pages      12288 (49152 KiB)\n"), c.output());
    }

    @Test
    void theRequestsSettingsWinOverTheConfigs() throws Exception {
        Path cfg = config("kernel = \"kernel\"\ncmdline = \"from the file\"\n");
        c.start(args("config", cfg.toString(), "cmdline", "from the request"));
        runToExit();
        assertTrue(c.output().contains("  cmd_line      \"from the request\"\n"), c.output());
    }

    @Test
    void anXlCfgSyntaxErrorIsRefusedWithTheFileAndLine() throws Exception {
        Path cfg = config("kernel = \"kernel\"\nmemory =\n");
        assertEquals("config " + cfg + ":2: missing value after '='", error(c.server.launch(args("config", cfg.toString()))));
    }

    @Test
    void anXlCfgWithAMissingKernelIsRefusedWithTheFileAndLine() throws Exception {
        Path cfg = config("name = \"x\"\n\nkernel = \"build/missing\"\n");
        assertEquals("config " + cfg + ":3: kernel 'build/missing' not found (looked for " + dir.resolve("build/missing") + ")",
                error(c.server.launch(args("config", cfg.toString()))));
    }

    @Test
    void anXlCfgAskingForMoreVcpusThanTheLimitIsRefused() throws Exception {
        Path cfg = config("kernel = \"kernel\"\nvcpus = 9\n");
        assertEquals("vcpus = 9 in " + cfg + ": a domain has 1 to 8 vCPUs",
                error(c.server.launch(args("config", cfg.toString()))));
    }
}
