package io.xenscope.cli;

import io.xenscope.bench.BenchWorkload;
import io.xenscope.cpu.Cpu;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenscope bench}: runs the CPU benchmark workload ({@link BenchWorkload}) on the emulated CPU
 * and prints instructions, wall time, MIPS, heap in use and the checksum. Warm-up runs let the JVM
 * compile the engine first and are not counted. {@code --smoke} runs a tiny configuration once and
 * checks the checksum against the one the host CPU computed at build time.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure emulated CPU speed (MIPS) on a CPU-bound guest workload.")
public final class BenchCommand implements Callable<Integer> {
    static final int WORDS = BenchWorkload.MAX_WORDS;

    @Option(names = "--instructions", paramLabel = "N", defaultValue = "1000000000",
            description = "Approximate guest instructions per measured run (default: ${DEFAULT-VALUE}).")
    long instructions;

    @Option(names = "--repeat", paramLabel = "K", defaultValue = "3",
            description = "Measured runs (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "1",
            description = "Uncounted warm-up runs, each a tenth of a measured run (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--smoke", description = "One tiny run, checked against the host CPU's checksum.")
    boolean smoke;

    @Spec
    CommandSpec spec;

    private final VcpuRunner.Factory engines;

    public BenchCommand() {
        this(VcpuRunner.engine());
    }

    BenchCommand(VcpuRunner.Factory engines) {
        this.engines = engines;
    }

    /** One run: what it cost and what it computed. */
    record Measurement(long instructions, long nanos, long heapBytes, long checksum) {
        double mips() {
            return nanos == 0 ? 0 : instructions * 1e3 / nanos;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BenchWorkload workload = BenchWorkload.load();
        try {
            return smoke ? smoke(workload, out) : measure(workload, out);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("bench: " + e.getMessage());
            return 2;
        }
    }

    private int smoke(BenchWorkload workload, PrintWriter out) {
        Measurement m = runOnce(workload, workload.smokeIterations(), workload.smokeWords(), 100_000_000L);
        out.println("smoke: " + describe(m));
        if (m.checksum() != workload.smokeChecksum()) {
            out.printf("smoke: FAILED: the host CPU computed checksum %#018x%n", workload.smokeChecksum());
            return 1;
        }
        out.println("smoke: OK, checksum matches the host CPU");
        return 0;
    }

    private int measure(BenchWorkload workload, PrintWriter out) {
        if (instructions <= 0 || repeat <= 0 || warmup < 0) {
            throw new IllegalArgumentException("--instructions and --repeat must be positive, --warmup not negative");
        }
        // One iteration tells how many instructions an iteration costs; it also warms the JVM a little.
        Measurement probe = runOnce(workload, 1, WORDS, 100_000_000L);
        long perIteration = Math.max(1, probe.instructions());
        long iterations = Math.max(1, Math.round((double) instructions / perIteration));
        long budget = iterations * perIteration * 2 + 1_000_000;
        out.printf("bench: %,d instructions per iteration; %d iterations of %d words per run%n",
                perIteration, iterations, WORDS);
        for (int i = 0; i < warmup; i++) {
            runOnce(workload, Math.max(1, iterations / 10), WORDS, budget);
        }
        List<Measurement> runs = new ArrayList<>();
        for (int i = 1; i <= repeat; i++) {
            Measurement m = runOnce(workload, iterations, WORDS, budget);
            runs.add(m);
            out.printf("run %d/%d: %s%n", i, repeat, describe(m));
            out.flush();
        }
        double best = runs.stream().mapToDouble(Measurement::mips).max().orElse(0);
        double median = runs.stream().mapToDouble(Measurement::mips).sorted().toArray()[(runs.size() - 1) / 2];
        boolean deterministic = runs.stream().allMatch(m -> m.checksum() == runs.get(0).checksum()
                && m.instructions() == runs.get(0).instructions());
        out.printf("bench: best %.1f MIPS, median %.1f MIPS over %d runs (%d warm-up runs excluded); %s%n",
                best, median, runs.size(), warmup,
                deterministic ? String.format("checksum %#018x in every run", runs.get(0).checksum())
                        : "NOT DETERMINISTIC: runs differ in checksum or instruction count");
        return deterministic ? 0 : 1;
    }

    private Measurement runOnce(BenchWorkload workload, long iterations, int words, long budget) {
        Cpu cpu = workload.newMachine(iterations, words);
        VcpuRunner runner = engines.create(cpu);
        long start = System.nanoTime();
        VcpuRunner.Outcome outcome = runner.run(budget);
        long nanos = System.nanoTime() - start;
        if (!outcome.halted()) {
            throw new IllegalStateException(String.format("the workload did not halt: %s after %,d instructions at rip %#x",
                    outcome.stopReason(), outcome.instructions(), cpu.rip));
        }
        Runtime rt = Runtime.getRuntime();
        return new Measurement(outcome.instructions(), nanos, rt.totalMemory() - rt.freeMemory(), cpu.gpr[0]);
    }

    private static String describe(Measurement m) {
        return String.format("%,d instructions in %.3f s = %.1f MIPS, heap %d MiB, checksum %#018x",
                m.instructions(), m.nanos() / 1e9, m.mips(), m.heapBytes() >> 20, m.checksum());
    }
}
