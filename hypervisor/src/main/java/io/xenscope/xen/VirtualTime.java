package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.isa.system.VirtualTsc;

/**
 * Xen's system time (NOW(), nanoseconds since the machine started) in virtual time. The one place
 * that relates it to instructions: NOW() is the virtual TSC ({@link VirtualTsc}) converted at the
 * TSC frequency, so it advances {@link #NS_PER_INSTRUCTION} ns per retired instruction, plus the idle
 * time skipped while every vCPU was blocked (added to the TSC offset, so the TSC and the
 * vcpu_time_info published to the guest stay coherent).
 */
public final class VirtualTime {
    /** ns of system time per retired instruction: TSC ticks per instruction / TSC GHz. */
    public static final long NS_PER_INSTRUCTION = VirtualTsc.TICKS_PER_INSTRUCTION * 1_000_000_000L / VirtualTsc.FREQUENCY_HZ;
    /** vcpu_time_info.tsc_to_system_mul for the virtual TSC: ns = ticks * mul >> 32 (shift 0). */
    public static final int TSC_TO_SYSTEM_MUL = (int) ((1_000_000_000L << 32) / VirtualTsc.FREQUENCY_HZ);
    public static final int TSC_SHIFT = 0;

    /** Whole TSC ticks per ns (2 at 2 GHz), or 0 if the frequency is no whole multiple of 1 GHz. */
    private static final long TICKS_PER_NS = VirtualTsc.FREQUENCY_HZ % 1_000_000_000L == 0 ? VirtualTsc.FREQUENCY_HZ / 1_000_000_000L : 0;

    private VirtualTime() {
    }

    /** The virtual TSC at the current block boundary. */
    public static long tsc(Cpu cpu) {
        return cpu.instructionCount * VirtualTsc.TICKS_PER_INSTRUCTION + cpu.msr.tscOffset;
    }

    /** NOW(): system time in ns. */
    public static long now(Cpu cpu) {
        return ticksToNs(tsc(cpu));
    }

    public static long ticksToNs(long ticks) {
        long f = VirtualTsc.FREQUENCY_HZ;
        if (TICKS_PER_NS != 0) {
            return ticks / TICKS_PER_NS; // the same value, one division (read at every block boundary of an HVM vCPU)
        }
        return ticks / f * 1_000_000_000L + ticks % f * 1_000_000_000L / f;
    }

    /** Skips {@code ns} of idle time (all vCPUs blocked): the TSC jumps with it. */
    public static void skip(Cpu cpu, long ns) {
        if (ns > 0) {
            cpu.msr.tscOffset += ns * VirtualTsc.FREQUENCY_HZ / 1_000_000_000L;
        }
    }
}
