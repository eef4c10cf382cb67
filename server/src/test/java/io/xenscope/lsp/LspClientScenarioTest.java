package io.xenscope.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.Gson;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The language server driven by a real LSP client: the scenario in src/test/lsp-client/scenario.js
 * uses vscode-languageserver-protocol (VS Code's client stack) over stdio against
 * {@code xenscope lsp} started from the test classpath. Node comes from the OS packages; a
 * missing node is a failure, not a skip. node_modules is installed with {@code npm ci} from the
 * committed package-lock.json when absent.
 */
class LspClientScenarioTest {
    private static final Path CLIENT = Path.of("src", "test", "lsp-client");

    private static String run(List<String> cmd, Path dir, long seconds, java.util.Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail("cannot run " + cmd.get(0) + " (install Node.js from the OS packages): " + e.getMessage());
            return null;
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(cmd + " timed out:\n" + new String(out, StandardCharsets.UTF_8));
        }
        String s = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + s);
        return s;
    }

    @Test
    void vscodeLanguageClientScenario() throws Exception {
        run(List.of("node", "--version"), CLIENT, 30, java.util.Map.of());
        if (!Files.isDirectory(CLIENT.resolve("node_modules/vscode-languageserver-protocol"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), CLIENT, 300, java.util.Map.of());
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String abs = String.join(File.pathSeparator, java.util.Arrays.stream(cp.split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).toList());
        String cmd = new Gson().toJson(List.of(javaBin, "-cp", abs, "io.xenscope.cli.Main", "lsp"));
        Path kernel = io.xenscope.check.BootCheckTest.sample("pv-pagetables");
        int line = io.xenscope.check.BootCheckTest.lineOf(kernel.resolveSibling("pagetables.c"),
                "rc = HYPERVISOR_mmu_update(&bad, 1, &done, DOMID_SELF);");
        String out = run(List.of("node", "scenario.js"), CLIENT, 120, java.util.Map.of("XENSCOPE_LSP_CMD", cmd,
                "XENSCOPE_PV_PAGETABLES", kernel.toString(), "XENSCOPE_PV_PAGETABLES_LINE", Integer.toString(line)));
        System.out.print(out);
        assertTrue(out.contains("OK PV lint on cli in inline asm"), out);
        assertTrue(out.contains("OK boot check: refused update at pagetables.c:" + line), out);
        assertTrue(out.contains("OK shutdown and exit (code 0)"), out);
        assertTrue(out.trim().endsWith("SCENARIO PASSED"), out);
    }
}
