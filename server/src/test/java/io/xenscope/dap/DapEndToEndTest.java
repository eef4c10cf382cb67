package io.xenscope.dap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code xenscope dap} driven by a DAP client we did not write: the npm package
 * {@code @vscode/debugadapter-testsupport} (DebugClient), from the Node script
 * {@code debug-adapter/src/test/dap-client/e2e.js}. Fails (never skips) when node or npm is missing.
 */
class DapEndToEndTest {
    @Test
    void vscodeDebugClientLaunchesHitsABreakpointStepsAndRunsToTheExit() throws Exception {
        Path root = repoRoot();
        Path client = root.resolve("debug-adapter/src/test/dap-client");
        Path samples = root.resolve("samples");
        Path elf = samples.resolve("hello-pv/hello-pv");
        if (!Files.exists(elf)) {
            run(List.of("make", "-s", "-C", samples.toString()), samples, 300);
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), client, 300);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder("node", "e2e.js", elf.toString(), samples.resolve("hello-pv/hello.c").toString(),
                samples.resolve("hello-hvm/hello-hvm").toString(), samples.resolve("hello-hvm/hello.c").toString())
                .directory(client.toFile()).redirectErrorStream(true);
        pb.environment().put("XENSCOPE_CP", System.getProperty("java.class.path"));
        pb.environment().put("JAVA", java);
        String out = run(pb, 300);
        System.out.println(out);
        assertTrue(out.contains("E2E OK"), out);
    }

    private static String run(List<String> command, Path dir, int seconds) throws Exception {
        return run(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true), seconds);
    }

    private static String run(ProcessBuilder pb, int seconds) throws Exception {
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            return fail(pb.command().get(0) + " is required for this test and could not be started: " + e.getMessage());
        }
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "timed out: " + pb.command());
        String out = new String(bytes);
        assertEquals(0, p.exitValue(), String.join(" ", pb.command()) + " failed:\n" + out);
        return out;
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && p != null; i++, p = p.getParent()) {
            if (Files.isDirectory(p.resolve("debug-adapter/src/test/dap-client"))) {
                return p;
            }
        }
        return fail("repository root not found from " + Path.of("").toAbsolutePath());
    }
}
