package io.xenscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bench-dap drives the real adapter on hello-pv with a tiny N and prints its figures (never timed here). */
class DapBenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** samples/hello-pv/hello-pv, built with make if missing. */
    static Path helloPv() throws Exception {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path samples = p.resolve("samples");
            if (Files.isDirectory(samples.resolve("hello-pv"))) {
                Path elf = samples.resolve("hello-pv/hello-pv");
                if (!Files.exists(elf)) {
                    Process make = new ProcessBuilder("make", "-s", "-C", samples.toString()).redirectErrorStream(true).start();
                    String log = new String(make.getInputStream().readAllBytes());
                    assertTrue(make.waitFor(180, TimeUnit.SECONDS) && make.exitValue() == 0, "make samples failed:\n" + log);
                }
                return elf;
            }
        }
        return fail("samples/ not found");
    }

    @Test
    void timesAFewNextsAcrossASessionRestartAndPrintsTheFigures() throws Exception {
        // hello-pv's main has fewer than 40 lines, so 40 nexts need at least a second session.
        assertEquals(0, run("bench-dap", "--nexts", "40", "--warmup", "2", "--program", helloPv().toString()),
                out + "\n" + err);
        String text = out.toString();
        assertTrue(text.matches("(?s).*40 nexts over \\d+ sessions.*"), text);
        assertTrue(!text.contains("over 1 sessions"), "the program ended and a new session began: " + text);
        for (String figure : new String[] {"p50 ", "p99 ", "max "}) {
            assertTrue(text.matches("(?s).*" + figure + "\\d+\\.\\d{3} ms.*"), figure + " in " + text);
        }
    }

    @Test
    void isRegisteredHiddenWithItsOwnHelpAndRefusesAMissingProgram() {
        assertEquals(0, run("bench-dap", "--help"));
        assertTrue(out.toString().contains("--nexts"), out.toString());
        assertEquals(2, run("bench-dap", "--program", "/nonexistent/kernel"));
        assertTrue(err.toString().contains("not found"), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("--help"));
        assertTrue(!out.toString().contains("bench-dap"), "hidden like bench-lsp: " + out);
    }
}
