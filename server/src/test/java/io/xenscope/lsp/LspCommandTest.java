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
}
