package io.xenscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.mmu.Watchpoint;
import io.xenscope.mmu.Watchpoints;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an armed data breakpoint costs the CPU benchmark guest when it is never hit: none armed, a
 * write watch on a page the workload never touches, and one on a page of the image itself (which the
 * workload reads, so that page's reads stay on the slow path). The figures are printed, not asserted
 * (timing on a shared machine is noise); what is asserted is that every run computes the same checksum.
 */
class WatchpointCostTest {
    private static final int ROUNDS = 3;
    private final BenchWorkload workload = BenchWorkload.load();
    private Long checksum;

    @Test
    void aNeverHitWatchLeavesTheWorkloadsResultAndPrintsItsCost() {
        long untouched = 0x300_0000L;
        long inImage = workload.loadAddress() + 0x10; // code bytes: fetched, never written
        double none = mips(Watchpoints.NONE);
        double far = mips(Watchpoints.of(List.of(Watchpoint.linear(Watchpoint.Kind.WRITE, untouched, 8))));
        double near = mips(Watchpoints.of(List.of(Watchpoint.physical(Watchpoint.Kind.ACCESS, inImage, 1))));
        System.out.printf("watchpoint cost (bench workload, best of %d): none %.0f MIPS, write watch on an untouched page"
                + " %.0f MIPS (%.1f%%), access watch on the image's page %.0f MIPS (%.1f%%)%n",
                ROUNDS, none, far, 100 * (far / none - 1), near, 100 * (near / none - 1));
    }

    /** Best of {@link #ROUNDS} runs of 20 iterations over 4096 words; each must compute the first run's checksum (RAX). */
    private double mips(Watchpoints watches) {
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Cpu cpu = workload.newMachine(20, 4096);
            ExecutionEngine engine = new ExecutionEngine(cpu);
            engine.setWatchpoints(watches);
            long t0 = System.nanoTime();
            RunResult r = engine.run(Long.MAX_VALUE / 2);
            long ns = System.nanoTime() - t0;
            assertEquals(StopReason.HALTED, r.reason(), () -> "the workload did not finish: " + r);
            if (checksum == null) {
                checksum = cpu.gpr[0];
            }
            assertEquals(checksum, cpu.gpr[0], "checksum");
            best = Math.max(best, r.instructions() * 1e3 / ns);
        }
        return best;
    }
}
