package io.xenscope.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code xenscope gdbserver} is wired into the command line. */
class GdbServerCommandTest {
    @Test
    void gdbserverHasItsOwnHelp() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("gdbserver", "--help"));
        assertTrue(out.toString().contains("--port"), out.toString());
        assertTrue(out.toString().contains("target remote"), out.toString());
    }

    @Test
    void aMissingKernelIsAClearErrorNotACrash() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("gdbserver", "--port", "0", "/nonexistent/kernel"));
        assertTrue(err.toString().contains("cannot boot"), err.toString());
    }
}
