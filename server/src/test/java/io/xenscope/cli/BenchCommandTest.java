package io.xenscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.bench.BenchWorkload;
import java.io.PrintWriter;
import java.io.StringWriter;
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
}
