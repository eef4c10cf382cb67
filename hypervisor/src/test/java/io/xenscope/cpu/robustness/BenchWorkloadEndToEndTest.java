package io.xenscope.cpu.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.bench.BenchWorkload;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.ExceptionDelivery;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's C workload (CRC-32, quicksort, xorshift: calls, returns, stack frames, loops,
 * moves, compares) runs to its hlt in our CPU and returns the checksum the host computed natively.
 */
class BenchWorkloadEndToEndTest {
    @Test
    void theSmokeConfigurationComputesTheNativeChecksum() {
        BenchWorkload w = BenchWorkload.load();
        Cpu cpu = w.newMachine(w.smokeIterations(), w.smokeWords());
        ExecutionEngine engine = new ExecutionEngine(cpu);
        engine.setExceptionDelivery(ExceptionDelivery.STOP);
        RunResult r = engine.run(100_000_000L);
        assertEquals(StopReason.HALTED, r.reason(), () -> r + String.format(" rip=0x%x", cpu.rip));
        assertEquals(w.smokeChecksum(), cpu.gpr[0]);
    }
}
