package io.xenscope.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.debug.DebugSession;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.XenMachine;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The real gdb (from the OS packages, batch mode) debugs the hello-pv sample through our stub. */
class GdbEndToEndTest {
    static Path helloPv() throws Exception {
        return sample("hello-pv", "hello-pv");
    }

    /** A sample's ELF, built with make if needed. */
    static Path sample(String dir, String elfName) throws Exception {
        Path p = Path.of("").toAbsolutePath();
        Path samples = null;
        for (int i = 0; i < 3 && p != null; i++, p = p.getParent()) {
            if (Files.isDirectory(p.resolve("samples/" + dir))) {
                samples = p.resolve("samples");
                break;
            }
        }
        assertTrue(samples != null, "samples/ not found");
        Path elf = samples.resolve(dir + "/" + elfName);
        if (!Files.exists(elf)) {
            Process make = new ProcessBuilder("make", "-s", "-C", samples.resolve(dir).toString())
                    .redirectErrorStream(true).start();
            String out = new String(make.getInputStream().readAllBytes());
            assertTrue(make.waitFor(120, TimeUnit.SECONDS) && make.exitValue() == 0, "make " + dir + " failed:\n" + out);
        }
        return elf;
    }

    /** Serves {@code session} to a real gdb in batch mode running {@code commands} on {@code elf}; gdb's output. */
    static String gdb(DebugSession session, Path elf, String... commands) throws Exception {
        GdbServer server = new GdbServer(session);
        List<Throwable> serverErrors = new ArrayList<>();
        try (ServerSocket socket = GdbServer.listen(0)) {
            Thread t = new Thread(() -> {
                try {
                    server.acceptAndServe(socket);
                } catch (Throwable e) {
                    serverErrors.add(e);
                }
            }, "gdbserver");
            t.setDaemon(true);
            t.start();
            List<String> cmd = new ArrayList<>(List.of("gdb", "-batch", "-nx", elf.toString(),
                    "-ex", "set confirm off", "-ex", "target remote 127.0.0.1:" + socket.getLocalPort()));
            for (String c : commands) {
                cmd.add("-ex");
                cmd.add(c);
            }
            Process gdb;
            try {
                gdb = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new AssertionError("gdb is not installed (apt-get install gdb): " + e.getMessage());
            }
            String out = new String(gdb.getInputStream().readAllBytes());
            assertTrue(gdb.waitFor(120, TimeUnit.SECONDS), out);
            t.join(10_000);
            assertTrue(serverErrors.isEmpty(), serverErrors + "\n" + out);
            return out;
        }
    }

    @Test
    void gdbWatchesAGlobalAndReportsTheHardwareWatchpointWithOldAndNewValue() throws Exception {
        Path elf = sample("pv-events", "pv-events");
        DebugSession session = DebugSession.boot(elf, PvBootOptions.defaults());
        String out = gdb(session, elf, "break on_timer", "continue", "watch ticks", "continue", "bt", "delete", "continue");

        assertTrue(Pattern.compile("Breakpoint 1, on_timer \\(").matcher(out).find(), out);
        assertTrue(out.contains("Hardware watchpoint 2: ticks"), out);
        assertTrue(Pattern.compile("Hardware watchpoint 2: ticks\\s+Old value = 0\\s+New value = 1").matcher(out).find(), out);
        assertTrue(Pattern.compile("#0 .*on_timer \\(").matcher(out).find(), "backtrace:\n" + out);
        assertTrue(out.contains("exited normally"), out);
        assertTrue(session.exited());
    }

    @Test
    void gdbReadsRegistersOfAPvhGuestFromItsProtectedModeEntryIntoLongMode() throws Exception {
        Path elf = sample("hello-pvh", "hello-pvh");
        DebugSession session = DebugSession.boot(elf, PvBootOptions.defaults(), true);
        long entry = session.cpu().rip;
        String out = gdb(session, elf, "info registers rip eflags cs", "stepi", "info registers rip",
                "break main", "continue", "info registers rip cs", "bt", "continue");

        assertFalse(out.contains("packet reply is too long"), out);
        assertTrue(out.contains(String.format("rip            0x%x", entry)), "32-bit entry, paging off:\n" + out);
        assertTrue(Pattern.compile("Breakpoint 1, main \\(\\) at .*hello.c:\\d+").matcher(out).find(), out);
        assertTrue(Pattern.compile("rip\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+ <main(\\+\\d+)?>").matcher(out).find(), "long mode:\n" + out);
        assertTrue(out.contains("exited normally"), out);
    }

    /**
     * Issue #5: the register layout stays valid across real → protected → long mode. A raw boot disk
     * starts at the reset vector (F000:FFF0), its boot sector at 0000:7C00 in real mode; the ELF of
     * the same name gives gdb the symbols of its 64-bit C code.
     */
    @Test
    void gdbFollowsABootDiskFromTheResetVectorThroughTheBootSectorIntoLongModeC() throws Exception {
        Path elf = sample("hvm-realmode", "hvm-realmode");
        Path disk = elf.resolveSibling("hvm-realmode.img");
        DebugSession session = DebugSession.of(XenMachine.bootHvm(disk, PvBootOptions.defaults()), Files.readAllBytes(elf));
        String out = gdb(session, elf, "info registers cs rip", "break *0x7c00", "continue", "info registers cs rip",
                "break main", "continue", "info registers cs", "bt", "continue");

        assertFalse(out.contains("packet reply is too long"), out);
        assertTrue(Pattern.compile("cs\\s+0xf000\\s+61440\\s+rip\\s+0xfff0\\s+0xfff0").matcher(out).find(), "reset vector:\n" + out);
        assertTrue(Pattern.compile("Breakpoint 1, _text \\(\\) at .*bootsect.S:\\d+").matcher(out).find(), out);
        assertTrue(Pattern.compile("cs\\s+0x0\\s+0\\s+rip\\s+0x7c00\\s+0x7c00 <_text>").matcher(out).find(), "boot sector:\n" + out);
        assertTrue(Pattern.compile("Breakpoint 2, main \\(\\) at .*realmode.c:\\d+").matcher(out).find(), out);
        assertTrue(Pattern.compile("cs\\s+0x8\\s+8\\s+#0 +main \\(\\) at .*realmode.c").matcher(out).find(), "long mode:\n" + out);
        assertTrue(out.contains("[bios] boot: real mode at 0x7c00\n"), out);
        assertTrue(out.contains("exited normally"), out);
    }

    @Test
    void gdbBreaksInMainStepsReadsMemoryAndRunsToTheEnd() throws Exception {
        Path elf = helloPv();
        DebugSession session = DebugSession.boot(elf, PvBootOptions.defaults());
        GdbServer server = new GdbServer(session);
        List<Throwable> serverErrors = new ArrayList<>();
        try (ServerSocket socket = GdbServer.listen(0)) {
            Thread t = new Thread(() -> {
                try {
                    server.acceptAndServe(socket);
                } catch (Throwable e) {
                    serverErrors.add(e);
                }
            }, "gdbserver");
            t.setDaemon(true);
            t.start();
            List<String> cmd = new ArrayList<>(List.of("gdb", "-batch", "-nx", elf.toString(),
                    "-ex", "set confirm off",
                    "-ex", "target remote 127.0.0.1:" + socket.getLocalPort(),
                    "-ex", "break main",
                    "-ex", "continue",
                    "-ex", "info registers rip",
                    "-ex", "bt",
                    "-ex", "stepi",
                    "-ex", "info registers rip",
                    "-ex", "x/4xb $rip",
                    "-ex", "monitor hypercalls",
                    "-ex", "continue"));
            Process gdb;
            try {
                gdb = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new AssertionError("gdb is not installed (apt-get install gdb): " + e.getMessage());
            }
            String out = new String(gdb.getInputStream().readAllBytes());
            assertTrue(gdb.waitFor(120, TimeUnit.SECONDS), out);
            t.join(10_000);
            assertTrue(serverErrors.isEmpty(), serverErrors + "\n" + out);

            assertTrue(out.contains("Breakpoint 1 at"), out);
            assertTrue(Pattern.compile("Breakpoint 1, main \\(\\) at .*hello.c:\\d+").matcher(out).find(), out);
            Matcher rip = Pattern.compile("rip\\s+0x([0-9a-f]+)\\s+0x[0-9a-f]+ <main(\\+\\d+)?>").matcher(out);
            assertTrue(rip.find(), out);
            long atBreak = Long.parseUnsignedLong(rip.group(1), 16);
            assertTrue(out.contains("#0  main () at"), out);
            assertTrue(rip.find(), "second info registers rip after stepi:\n" + out);
            long afterStep = Long.parseUnsignedLong(rip.group(1), 16);
            assertTrue(afterStep != atBreak, out);
            assertTrue(Pattern.compile("0x[0-9a-f]+ <main\\+\\d+>:\\s+0x[0-9a-f]{2}\\s+0x[0-9a-f]{2}\\s+0x[0-9a-f]{2}\\s+0x[0-9a-f]{2}")
                    .matcher(out).find(), out);
            assertTrue(out.contains("set_trap_table"), "monitor hypercalls:\n" + out);
            assertTrue(out.contains("Goodbye."), "console output reaches gdb:\n" + out);
            assertTrue(out.contains("exited normally"), out);
            assertEquals(true, session.exited());
        }
    }
}
