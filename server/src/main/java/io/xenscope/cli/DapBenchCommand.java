package io.xenscope.cli;

import io.xenscope.dap.bench.NextRoundTrip;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenscope bench-dap} (hidden): the round trip of one Debug Adapter {@code next}, from the
 * request sent to the {@code stopped} event received, on a PV guest with DWARF stopped in main
 * ({@link NextRoundTrip}). Prints p50 / p99 / max; nothing is asserted.
 */
@Command(name = "bench-dap", hidden = true, mixinStandardHelpOptions = true,
        description = "Measure the Debug Adapter's round trip of one `next` (p50/p99/max).")
public final class DapBenchCommand implements Callable<Integer> {
    static final String DEFAULT_PROGRAM = "samples/hello-pv/hello-pv";

    @Option(names = "--nexts", defaultValue = "500", description = "Timed nexts (default: ${DEFAULT-VALUE}).")
    int nexts;

    @Option(names = "--warmup", defaultValue = "100", description = "Uncounted nexts first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--program", paramLabel = "ELF", defaultValue = DEFAULT_PROGRAM,
            description = "PV guest kernel with DWARF and a main (default: ${DEFAULT-VALUE}).")
    Path program;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(program)) {
            spec.commandLine().getErr().println("bench-dap: " + program + " not found"
                    + (program.toString().equals(DEFAULT_PROGRAM) ? " (build it: make -C samples)" : ""));
            return 2;
        }
        try {
            out.println(NextRoundTrip.measure(program.toAbsolutePath(), nexts, warmup));
        } catch (Exception e) {
            spec.commandLine().getErr().println("bench-dap: " + e.getMessage());
            return 2;
        }
        out.flush();
        return 0;
    }
}
