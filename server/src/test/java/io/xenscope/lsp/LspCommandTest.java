package io.xenscope.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LspCommandTest {
    @Test
    void lspIsASubcommandWithHelp() {
        CommandLine cli = Main.commandLine();
        assertTrue(cli.getSubcommands().containsKey("lsp"));
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("lsp", "--help"));
        assertTrue(out.toString().contains("language server"), out.toString());
    }

    @Test
    void benchmarkRunsAndReportsFigures() throws Exception {
        var figures = io.xenscope.lsp.bench.LspBenchCommand.measure(20, 5);
        assertEquals(2, figures.size());
        assertTrue(figures.get(0).lines() >= 5000 && figures.get(0).diagnostics() > 100, figures.get(0).toString());
        assertTrue(figures.get(1).lines() >= 500 && figures.get(1).diagnostics() > 10, figures.get(1).toString());
        assertTrue(Main.commandLine().getSubcommands().get("bench-lsp").getCommandSpec().usageMessage().hidden());
    }
}
