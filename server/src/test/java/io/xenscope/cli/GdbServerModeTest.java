package io.xenscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.elf.GuestType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** How {@code xenscope gdbserver} chooses the guest type: --mode, else what the image is. */
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
    void withoutAModeTheImageDecides() {
        assertNull(GdbServerCommand.chooseMode(null));
    }

    @Test
    void anExplicitModeWins() {
        assertEquals(GuestType.PVH, GdbServerCommand.chooseMode("PVH"));
        assertEquals(GuestType.PV, GdbServerCommand.chooseMode("pv"));
        assertEquals(GuestType.HVM, GdbServerCommand.chooseMode("hvm"));
    }

    @Test
    void anUnknownModeIsAClearError() {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("gdbserver", "--mode", "kvm", "--port", "0", "/nonexistent/kernel"));
        assertTrue(err.toString().contains("unknown --mode kvm (expected pv, pvh or hvm)"), err.toString());
    }

    @Test
    void aPvKernelAskedToBootAsHvmSaysWhyNot() throws Exception {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        Path pv = sample("hello-pv");
        assertEquals(2, cli.execute("gdbserver", "--mode", "hvm", "--port", "0", pv.toString()));
        assertTrue(err.toString().startsWith("gdbserver: cannot boot " + pv + ": "), err.toString());
        assertTrue(err.toString().contains("cannot boot as HVM"), err.toString());
    }

    @Test
    void aMultibootImageBootsAsHvmStoppedAtTheResetVector() throws Exception {
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        Path image = sample("hello-hvm");
        int[] exit = new int[1];
        Thread server = new Thread(() -> exit[0] = cli.execute("gdbserver", "--port", "0", image.toString()));
        server.start();
        Matcher m = Pattern.compile("listening on 127.0.0.1:(\\d+)").matcher("");
        for (int i = 0; i < 600 && !m.reset(out.toString()).find(); i++) {
            Thread.sleep(50);
        }
        assertTrue(m.reset(out.toString()).find(), out.toString());
        new Socket("127.0.0.1", Integer.parseInt(m.group(1))).close(); // gdb came and went
        server.join(30_000);
        assertEquals(0, exit[0]);
        assertTrue(out.toString().startsWith("gdbserver: " + image + " (hvm) stopped at 0xfffffff0; "), out.toString());
    }

    @Test
    void aMissingSymbolFileIsAClearError() throws Exception {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("gdbserver", "--symbols", "/nonexistent/k.elf64", "--port", "0", sample("hello-hvm").toString()));
        assertEquals("gdbserver: symbols not found: /nonexistent/k.elf64\n", err.toString());
    }
}
