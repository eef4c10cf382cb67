package io.xenscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void versionNamesTheProjectVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().matches("(?s)xenscope \\d+\\.\\d+\\.\\d+.*"), out.toString());
    }

    @Test
    void helpListsTheSubcommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("bench"), out.toString());
    }

    @Test
    void benchHasItsOwnHelp() {
        assertEquals(0, run("bench", "--help"));
        assertTrue(out.toString().contains("--instructions"), out.toString());
        assertTrue(out.toString().contains("--smoke"), out.toString());
    }
}
