package io.xenscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How {@code xenscope gdbserver} chooses between PV and PVH. */
class GdbServerModeTest {
    private static Path sample(String name) throws Exception {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && p != null; i++, p = p.getParent()) {
            Path dir = p.resolve("samples/" + name);
            if (Files.isDirectory(dir)) {
                Path elf = dir.resolve(name);
                if (!Files.exists(elf)) {
                    Process make = new ProcessBuilder("make", "-s", "-C", dir.toString()).redirectErrorStream(true).start();
                    String out = new String(make.getInputStream().readAllBytes());
                    assertTrue(make.waitFor(120, TimeUnit.SECONDS) && make.exitValue() == 0, out);
                }
                return elf;
            }
        }
        throw new AssertionError("samples/" + name + " not found");
    }

    @Test
    void aPvhOnlyImageBootsAsPvhWithoutAMode() throws Exception {
        assertTrue(GdbServerCommand.choosePvh(null, sample("hello-pvh")));
    }

    @Test
    void aPvImageBootsAsPvWithoutAMode() throws Exception {
        assertFalse(GdbServerCommand.choosePvh(null, sample("hello-pv")));
    }

    @Test
    void anExplicitModeWins() throws Exception {
        assertTrue(GdbServerCommand.choosePvh("PVH", Path.of("/not/read")));
        assertFalse(GdbServerCommand.choosePvh("pv", Path.of("/not/read")));
    }

    @Test
    void anUnknownModeIsAClearError() {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("gdbserver", "--mode", "hvm", "--port", "0", "/nonexistent/kernel"));
        assertTrue(err.toString().contains("unknown --mode hvm (expected pv or pvh)"), err.toString());
        assertThrows(IllegalArgumentException.class, () -> GdbServerCommand.choosePvh("hvm", Path.of("x")));
    }
}
