package io.xenscope.cpu.isa.system;

import io.xenscope.cpu.Cpu;

/**
 * The virtual time-stamp counter: derived from retired instructions, so runs are reproducible. The
 * one place that fixes the ratio: the guest sees a {@link #FREQUENCY_HZ} TSC, and every instruction
 * takes {@link #TICKS_PER_INSTRUCTION} ticks (a nominal 1 instruction per nanosecond at 2 GHz).
 */
public final class VirtualTsc {
    public static final long TICKS_PER_INSTRUCTION = 2;
    public static final long FREQUENCY_HZ = 2_000_000_000L;

    private VirtualTsc() {
    }

    /** TSC as seen by the instruction at {@code indexInBlock} of the running block (IA32_TSC = count * ratio + offset). */
    public static long read(Cpu c, int indexInBlock) {
        return (c.instructionCount + indexInBlock) * TICKS_PER_INSTRUCTION + c.msr.tscOffset;
    }
}
