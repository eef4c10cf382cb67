package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.fault.DeviceNotAvailable;
import io.xenscope.cpu.fault.InvalidOpcode;

/**
 * Whether SSE instructions may execute (SDM Vol. 3 §13.1.3 and Vol. 2 Table 3-x "SIMD exception
 * conditions"): #UD if CR0.EM = 1 or CR4.OSFXSR = 0, else #NM if CR0.TS = 1 (lazy FPU switching).
 */
public final class SseAvailability {
    private SseAvailability() {
    }

    public static void check(Cpu c) {
        if ((c.cr0 & (Cpu.CR0_EM | Cpu.CR0_TS)) != 0 || (c.cr4 & Cpu.CR4_OSFXSR) == 0) {
            slow(c);
        }
    }

    private static void slow(Cpu c) {
        if ((c.cr0 & Cpu.CR0_EM) != 0) {
            throw new InvalidOpcode("SSE instruction with CR0.EM=1");
        }
        if ((c.cr4 & Cpu.CR4_OSFXSR) == 0) {
            throw new InvalidOpcode("SSE instruction with CR4.OSFXSR=0");
        }
        throw new DeviceNotAvailable("SSE instruction with CR0.TS=1");
    }
}
