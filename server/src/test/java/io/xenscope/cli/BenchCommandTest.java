package io.xenscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.bench.BenchWorkload;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import io.xenscope.cpu.Cpu;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bench command's arithmetic and reporting, with a stand-in engine that "computes" instantly. */
class BenchCommandTest {
    private static final long INSTRUCTIONS_PER_ITERATION = 1000;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Halts at once with RAX = the host's smoke checksum for the smoke configuration, else a fixed value. */
    private static final VcpuRunner.Factory FAKE = cpu -> max -> {
        long iterations = cpu.gpr[7];
        BenchWorkload w = BenchWorkload.load();
        cpu.gpr[0] = iterations == w.smokeIterations() && cpu.gpr[6] == w.smokeWords() ? w.smokeChecksum() : 42;
        cpu.halted = true;
        return new VcpuRunner.Outcome("HALTED", iterations * INSTRUCTIONS_PER_ITERATION);
    };

    private int run(VcpuRunner.Factory engines, String... args) {
        CommandLine cli = new CommandLine(new BenchCommand(engines));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void smokeAcceptsTheHostChecksum() {
        assertEquals(0, run(FAKE, "--smoke"), out.toString());
        assertTrue(out.toString().contains("checksum matches the host CPU"), out.toString());
    }

    @Test
    void smokeFailsOnAWrongChecksum() {
        VcpuRunner.Factory wrong = cpu -> max -> {
            cpu.gpr[0] = 1;
            return new VcpuRunner.Outcome("HALTED", 10);
        };
        assertEquals(1, run(wrong, "--smoke"));
        assertTrue(out.toString().contains("FAILED"), out.toString());
    }

    @Test
    void measuredRunsAreSizedByInstructionCountAndReportMips() {
        assertEquals(0, run(FAKE, "--instructions", "5000", "--repeat", "2"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("5 iterations"), text);
        assertTrue(text.contains("run 2/2: 5,000 instructions"), text);
        assertTrue(text.contains("MIPS"), text);
        assertTrue(text.contains("checksum 0x000000000000002a in every run"), text);
    }

    @Test
    void aWorkloadThatDoesNotHaltIsAnError() {
        VcpuRunner.Factory looping = cpu -> max -> new VcpuRunner.Outcome("INSTRUCTION_LIMIT", max);
        assertEquals(2, run(looping, "--smoke"));
        assertTrue(err.toString().contains("did not halt: INSTRUCTION_LIMIT"), err.toString());
    }

    /** The stand-in engine, remembering the breakpoints of every run. */
    private static final class Recording implements VcpuRunner.Factory {
        final List<Collection<Long>> runs = new ArrayList<>();

        @Override
        public VcpuRunner create(Cpu cpu) {
            return create(cpu, List.of());
        }

        @Override
        public VcpuRunner create(Cpu cpu, Collection<Long> breakpoints) {
            runs.add(List.copyOf(breakpoints));
            return FAKE.create(cpu);
        }

        long armed(int n) {
            return runs.stream().filter(b -> b.size() == n).count();
        }
    }

    @Test
    void breakpointsOptionArmsEveryMeasuredRun() {
        Recording engines = new Recording();
        assertEquals(0, run(engines, "--breakpoints", "100", "--instructions", "5000", "--repeat", "2"), err.toString());
        String text = out.toString();
        // the sizing probe runs bare; the warm-up and both measured runs carry the 100 breakpoints
        assertEquals(3, engines.armed(100), engines.runs.toString());
        assertEquals(1, engines.armed(0));
        assertTrue(text.contains("100 breakpoints at 0x"), text);
        assertTrue(text.contains("100 breakpoints set, none hit"), text);
        BenchWorkload w = BenchWorkload.load();
        for (long a : engines.runs.get(1)) {
            assertTrue(a >= w.loadAddress() + w.imageSize(), "a breakpoint inside the workload image: " + Long.toHexString(a));
        }
        assertEquals(100, engines.runs.get(1).stream().distinct().count());
    }

    @Test
    void compareModeAlternatesAndPrintsBothFiguresAndTheRatio() {
        Recording engines = new Recording();
        assertEquals(0, run(engines, "--compare-breakpoints", "100", "--instructions", "5000", "--repeat", "3"), err.toString());
        String text = out.toString();
        assertEquals(4, engines.armed(100)); // 1 warm-up + 3 measured
        assertEquals(5, engines.armed(0));   // probe + 1 warm-up + 3 measured
        // measured runs alternate, the order flipping each pair: bare/armed, armed/bare, bare/armed
        List<Integer> measured = engines.runs.subList(engines.runs.size() - 6, engines.runs.size()).stream()
                .map(Collection::size).toList();
        assertEquals(List.of(0, 100, 100, 0, 0, 100), measured);
        assertTrue(text.contains("no breakpoints: median"), text);
        assertTrue(text.contains("100 breakpoints (none hit): median"), text);
        assertTrue(text.contains("ratio "), text);
        assertTrue(text.contains("(no breakpoints):"), text);
        assertTrue(text.contains("(100 breakpoints):"), text);
    }

    @Test
    void breakpointOptionsAreValidated() {
        assertEquals(2, run(FAKE, "--breakpoints", "-1", "--smoke"));
        assertEquals(2, run(FAKE, "--compare-breakpoints", "3", "--breakpoints", "3"));
        assertEquals(2, run(FAKE, "--compare-breakpoints", "3", "--smoke"));
        assertTrue(err.toString().contains("--compare-breakpoints runs alone"), err.toString());
        assertEquals(2, run(FAKE, "--breakpoints", "many"));
        // a stand-in that does not model breakpoints refuses them rather than ignoring them
        assertEquals(2, run(FAKE, "--smoke", "--breakpoints", "1"));
    }

    @Test
    void theRealEngineRunsTheSmokeConfigurationPastOneHundredBreakpointsWithoutHittingAny() {
        assertEquals(0, run(VcpuRunner.engine(), "--smoke", "--breakpoints", "100"), out + "\n" + err);
        String text = out.toString();
        assertTrue(text.contains("100 breakpoints at"), text);
        assertTrue(text.contains("checksum matches the host CPU"), text);
    }

    @Test
    void theRealEngineDoesStopAtABreakpointTheWorkloadReaches() {
        BenchWorkload w = BenchWorkload.load();
        Cpu cpu = w.newMachine(w.smokeIterations(), w.smokeWords());
        VcpuRunner.Outcome o = VcpuRunner.engine().create(cpu, List.of(w.loadAddress())).run(100_000_000L);
        assertEquals("BREAKPOINT", o.stopReason());
        assertEquals(0, o.instructions());
        // and a run whose breakpoint is reached is reported as not halting
        List<Long> set = new ArrayList<>(BenchCommand.unreachedBreakpoints(w, 99));
        set.add(w.loadAddress());
        Cpu again = w.newMachine(w.smokeIterations(), w.smokeWords());
        assertEquals("BREAKPOINT", VcpuRunner.engine().create(again, set).run(100_000_000L).stopReason());
    }

    @Test
    void codePlacementPutsThemInsideTheImageAndTheRealEngineHitsNone() {
        BenchWorkload w = BenchWorkload.load();
        List<Long> bps = BenchCommand.inUnexecutedCode(w, 100);
        assertEquals(100, bps.stream().distinct().count());
        assertTrue(bps.stream().allMatch(a -> a >= w.loadAddress() && a < w.loadAddress() + w.imageSize()), bps.toString());
        assertEquals(0, run(VcpuRunner.engine(), "--smoke", "--breakpoints", "100", "--breakpoint-placement", "code"),
                out + "\n" + err);
        assertTrue(out.toString().contains("100 breakpoints at 0x"), out.toString());
        assertTrue(out.toString().contains("inside the workload's image"), out.toString());
        assertTrue(out.toString().contains("checksum matches the host CPU"), out.toString());
        assertEquals(2, run(FAKE, "--smoke", "--breakpoints", "1", "--breakpoint-placement", "nowhere"));
    }
}
