package io.xenscope.cli;

import picocli.CommandLine;
import io.xenscope.lsp.bench.LspBenchCommand;
import picocli.CommandLine.Command;

/** The {@code xenscope} command line: one runnable jar, one subcommand class per job. */
@Command(name = "xenscope", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Port and debug operating systems on an emulated Xen machine.",
        subcommands = {RunCommand.class, CheckCommand.class, BenchCommand.class, GdbServerCommand.class,
                LspCommand.class, DapCommand.class,
                LspBenchCommand.class, DapBenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests and for main. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        // No subcommand: say what there is rather than doing nothing silently.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
