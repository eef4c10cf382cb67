package io.xenscope.cli;

import io.xenscope.cpu.Cpu;

/**
 * What the command line needs from the execution engine: run a vCPU until it halts or a budget of
 * instructions is spent. A seam so that commands can be tested with a stand-in engine, and so that
 * the CLI compiled before {@code io.xenscope.cpu.exec} existed (see {@link ExecutionEngineAdapter}).
 */
public interface VcpuRunner {
    Outcome run(long maxInstructions);

    /** Why the run stopped (the name of {@code io.xenscope.cpu.exec.StopReason}) and instructions retired. */
    record Outcome(String stopReason, long instructions) {
        public boolean halted() {
            return "HALTED".equals(stopReason);
        }
    }

    interface Factory {
        VcpuRunner create(Cpu cpu);
    }
}
