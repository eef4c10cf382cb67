package io.xenscope.cli;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.cpu.exec.RunResult;
import java.util.Collection;
import java.util.List;

/**
 * What the command line needs from the execution engine: run a vCPU until it halts or a budget of
 * instructions is spent. A seam so that commands can be tested with a stand-in engine, and so that
 * a stand-in can replace the real engine in tests.
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

        /**
         * A runner that stops at these linear addresses (debugger breakpoints; the outcome's stop
         * reason is then {@code BREAKPOINT}). A stand-in that does not model breakpoints refuses any.
         */
        default VcpuRunner create(Cpu cpu, Collection<Long> breakpoints) {
            if (!breakpoints.isEmpty()) {
                throw new UnsupportedOperationException("this engine does not take breakpoints");
            }
            return create(cpu);
        }
    }

    /** The real execution engine. */
    static Factory engine() {
        return new Factory() {
            @Override
            public VcpuRunner create(Cpu cpu) {
                return create(cpu, List.of());
            }

            @Override
            public VcpuRunner create(Cpu cpu, Collection<Long> breakpoints) {
                ExecutionEngine engine = new ExecutionEngine(cpu);
                if (!breakpoints.isEmpty()) {
                    engine.setBreakpoints(breakpoints);
                }
                return max -> {
                    RunResult r = engine.run(max);
                    String reason = r.reason().name() + (r.fault() != null ? " " + r.fault().getMessage()
                            : r.error() != null ? " " + r.error() : "");
                    return new Outcome(reason, r.instructions());
                };
            }
        };
    }
}
