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
 *
 * <p>{@code --breakpoints N} sets N engine breakpoints the workload never reaches ({@link
 * #unreachedBreakpoints}) for every run, to show what armed-but-idle debugger breakpoints cost; a run
 * that stops at one is an error. {@code --compare-breakpoints N} alternates runs without and with N
 * such breakpoints and prints both MIPS figures and their ratio.
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

    @Option(names = "--breakpoints", paramLabel = "N", defaultValue = "0",
            description = "Set N breakpoints at addresses the workload never executes (default: ${DEFAULT-VALUE}).")
    int breakpoints;

    @Option(names = "--compare-breakpoints", paramLabel = "N", defaultValue = "0",
            description = "Alternate runs without and with N never-hit breakpoints; print both MIPS and the ratio.")
    int compareBreakpoints;

    /** Where the never-hit breakpoints go. */
    enum Placement {
        /** In memory past the workload's image, data and bss, where nothing runs. */
        unused,
        /** Inside the workload's image (its code pages), at bytes no instruction of a traced smoke run starts at. */
        code
    }

    @Option(names = "--breakpoint-placement", paramLabel = "WHERE", defaultValue = "unused",
            description = "Where never-hit breakpoints go: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Placement placement;

    /** Where never-hit breakpoints start: past the image, its data and bss, on a page boundary. */
    static final long UNREACHED_GAP = 0x40000;
    /** Bytes between two never-hit breakpoints. */
    static final long UNREACHED_STRIDE = 64;

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
            if (breakpoints < 0 || compareBreakpoints < 0) {
                throw new IllegalArgumentException("--breakpoints and --compare-breakpoints must not be negative");
            }
            if (compareBreakpoints > 0 && (breakpoints > 0 || smoke)) {
                throw new IllegalArgumentException("--compare-breakpoints runs alone: not with --breakpoints or --smoke");
            }
            if (compareBreakpoints > 0) {
                return compare(workload, out);
            }
            if (breakpoints > 0) {
                out.println("bench: " + describe(armed(workload, breakpoints)));
            }
            return smoke ? smoke(workload, out) : measure(workload, out);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("bench: " + e.getMessage());
            return 2;
        }
    }

    private int smoke(BenchWorkload workload, PrintWriter out) {
        Measurement m = runOnce(workload, workload.smokeIterations(), workload.smokeWords(), 100_000_000L,
                armed(workload, breakpoints));
        out.println("smoke: " + describe(m));
        if (m.checksum() != workload.smokeChecksum()) {
            out.printf("smoke: FAILED: the host CPU computed checksum %#018x%n", workload.smokeChecksum());
            return 1;
        }
        out.println("smoke: OK, checksum matches the host CPU");
        return 0;
    }

    /** Iterations per measured run and the instruction budget of one run. */
    private record Sizing(long iterations, long budget) {
    }

    private Sizing size(BenchWorkload workload, PrintWriter out) {
        if (instructions <= 0 || repeat <= 0 || warmup < 0) {
            throw new IllegalArgumentException("--instructions and --repeat must be positive, --warmup not negative");
        }
        // One iteration tells how many instructions an iteration costs; it also warms the JVM a little.
        Measurement probe = runOnce(workload, 1, WORDS, 100_000_000L, List.of());
        long perIteration = Math.max(1, probe.instructions());
        long iterations = Math.max(1, Math.round((double) instructions / perIteration));
        out.printf("bench: %,d instructions per iteration; %d iterations of %d words per run%n",
                perIteration, iterations, WORDS);
        return new Sizing(iterations, iterations * perIteration * 2 + 1_000_000);
    }

    private int measure(BenchWorkload workload, PrintWriter out) {
        Sizing sizing = size(workload, out);
        long iterations = sizing.iterations(), budget = sizing.budget();
        List<Long> bps = armed(workload, breakpoints);
        for (int i = 0; i < warmup; i++) {
            runOnce(workload, Math.max(1, iterations / 10), WORDS, budget, bps);
        }
        List<Measurement> runs = new ArrayList<>();
        for (int i = 1; i <= repeat; i++) {
            Measurement m = runOnce(workload, iterations, WORDS, budget, bps);
            runs.add(m);
            out.printf("run %d/%d: %s%n", i, repeat, describe(m));
            out.flush();
        }
        double best = runs.stream().mapToDouble(Measurement::mips).max().orElse(0);
        double median = runs.stream().mapToDouble(Measurement::mips).sorted().toArray()[(runs.size() - 1) / 2];
        boolean deterministic = runs.stream().allMatch(m -> m.checksum() == runs.get(0).checksum()
                && m.instructions() == runs.get(0).instructions());
        out.printf("bench: best %.1f MIPS, median %.1f MIPS over %d runs (%d warm-up runs excluded)%s; %s%n",
                best, median, runs.size(), warmup,
                bps.isEmpty() ? "" : String.format(", %d breakpoints set, none hit", bps.size()),
                deterministic ? String.format("checksum %#018x in every run", runs.get(0).checksum())
                        : "NOT DETERMINISTIC: runs differ in checksum or instruction count");
        return deterministic ? 0 : 1;
    }

    /**
     * Runs without and with {@code compareBreakpoints} never-hit breakpoints, alternately (the order
     * flips every pair, so drift in the machine's speed falls on both), after uncounted warm-up runs
     * of both; prints each run, the median MIPS of each and their ratio. Both must compute the same.
     */
    private int compare(BenchWorkload workload, PrintWriter out) {
        Sizing sizing = size(workload, out);
        long iterations = sizing.iterations(), budget = sizing.budget();
        List<Long> bps = armed(workload, compareBreakpoints);
        out.println("bench: " + describe(bps));
        for (int i = 0; i < warmup; i++) {
            runOnce(workload, Math.max(1, iterations / 10), WORDS, budget, List.of());
            runOnce(workload, Math.max(1, iterations / 10), WORDS, budget, bps);
        }
        List<Measurement> without = new ArrayList<>(), with = new ArrayList<>();
        for (int i = 1; i <= repeat; i++) {
            for (int k = 0; k < 2; k++) {
                boolean armed = (i + k) % 2 == 0;
                Measurement m = runOnce(workload, iterations, WORDS, budget, armed ? bps : List.of());
                (armed ? with : without).add(m);
                out.printf("run %d/%d %-18s %s%n", i, repeat, armed ? "(" + bps.size() + " breakpoints):" : "(no breakpoints):",
                        describe(m));
                out.flush();
            }
        }
        double plain = median(without), armed = median(with);
        boolean same = with.stream().allMatch(m -> m.checksum() == without.get(0).checksum()
                && m.instructions() == without.get(0).instructions())
                && without.stream().allMatch(m -> m.checksum() == without.get(0).checksum()
                && m.instructions() == without.get(0).instructions());
        out.printf("bench: no breakpoints: median %.1f MIPS; %d breakpoints (none hit): median %.1f MIPS; "
                + "ratio %.1f %% (target >= 95 %%) over %d runs each (%d warm-up runs of each excluded)%n",
                plain, bps.size(), armed, plain == 0 ? 0 : 100 * armed / plain, repeat, warmup);
        if (!same) {
            out.println("bench: NOT DETERMINISTIC: runs differ in checksum or instruction count");
        }
        return same ? 0 : 1;
    }

    private static double median(List<Measurement> runs) {
        double[] m = runs.stream().mapToDouble(Measurement::mips).sorted().toArray();
        return m.length == 0 ? 0 : m.length % 2 == 1 ? m[m.length / 2] : (m[m.length / 2 - 1] + m[m.length / 2]) / 2;
    }

    /**
     * {@code n} linear addresses the workload never executes: every {@link #UNREACHED_STRIDE} bytes
     * from a page {@link #UNREACHED_GAP} bytes past the end of its image (past its data and bss too),
     * in memory the machine has but nothing jumps to. That none is hit is checked by every run: a run
     * that stops at a breakpoint does not halt, and fails.
     */
    private List<Long> armed;

    /** The breakpoints of armed runs, chosen once per command. */
    private List<Long> armed(BenchWorkload workload, int n) {
        if (armed == null) {
            armed = n == 0 ? List.of() : placement == Placement.code ? inUnexecutedCode(workload, n) : unreachedBreakpoints(workload, n);
        }
        return armed;
    }

    static List<Long> unreachedBreakpoints(BenchWorkload workload, int n) {
        long start = (workload.loadAddress() + workload.imageSize() + UNREACHED_GAP + 0xfff) & ~0xfffL;
        List<Long> a = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            a.add(start + i * UNREACHED_STRIDE);
        }
        return a;
    }

    /**
     * {@code n} addresses inside the workload's image, spread evenly, that no instruction starts at
     * in a single-stepped run of the smoke configuration (bytes inside executed instructions, and
     * code or data that run never reaches). The measured configuration runs the same code on more
     * data; should it start an instruction at one of them, its run stops there and fails.
     */
    static List<Long> inUnexecutedCode(BenchWorkload workload, int n) {
        long load = workload.loadAddress();
        int size = workload.imageSize();
        java.util.BitSet executed = new java.util.BitSet(size);
        Cpu cpu = workload.newMachine(workload.smokeIterations(), workload.smokeWords());
        io.xenscope.cpu.exec.ExecutionEngine engine = new io.xenscope.cpu.exec.ExecutionEngine(cpu);
        for (long budget = 100_000_000L; !cpu.halted && budget > 0; budget--) {
            long rip = cpu.rip;
            if (rip >= load && rip < load + size) {
                executed.set((int) (rip - load));
            }
            io.xenscope.cpu.exec.RunResult r = engine.step();
            if (r.reason() != io.xenscope.cpu.exec.StopReason.INSTRUCTION_LIMIT && !cpu.halted) {
                throw new IllegalStateException("tracing the smoke run stopped: " + r.reason() + " at rip " + Long.toHexString(cpu.rip));
            }
        }
        int free = size - executed.cardinality();
        if (free < n) {
            throw new IllegalArgumentException("the workload image has only " + free + " never-executed instruction starts");
        }
        List<Long> a = new ArrayList<>(n);
        int want = 0, seen = 0;
        for (int off = executed.nextClearBit(0); off < size && a.size() < n; off = executed.nextClearBit(off + 1), seen++) {
            if (seen == (long) want * free / n) {
                a.add(load + off);
                want++;
            }
        }
        return a;
    }

    private String describe(List<Long> bps) {
        if (bps.isEmpty()) {
            return "no breakpoints";
        }
        return placement == Placement.unused
                ? String.format("%d breakpoints at %#x..%#x, every %d bytes, where the workload never runs",
                        bps.size(), bps.get(0), bps.get(bps.size() - 1), UNREACHED_STRIDE)
                : String.format("%d breakpoints at %#x..%#x, inside the workload's image where no instruction of a traced run starts",
                        bps.size(), bps.get(0), bps.get(bps.size() - 1));
    }

    private Measurement runOnce(BenchWorkload workload, long iterations, int words, long budget, List<Long> bps) {
        Cpu cpu = workload.newMachine(iterations, words);
        VcpuRunner runner = engines.create(cpu, bps);
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
