package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.cpu.fault.SimdFloatingPointException;

/**
 * MXCSR (SDM Vol. 1 §10.2.3): exception flags IE DE ZE OE UE PE (bits 0..5), DAZ (6), masks
 * IM..PM (7..12), rounding control RC (13..14), FTZ (15). Bits 16..31 are reserved.
 *
 * <p>An instruction that computes calls {@link #begin} (which sets the sticky flags aside and clears
 * them), ORs the exceptions it detects into {@code cpu.mxcsr}, and calls {@link #end} before it
 * writes its destination: an unmasked exception then raises #XM (#UD when CR4.OSXMMEXCPT = 0,
 * SDM Vol. 3 §6.15 interrupt 19) with the flag set and the destination unchanged (§11.5.1).
 */
public final class Mxcsr {
    private Mxcsr() {
    }

    public static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32, FLAGS = 0x3f;
    public static final int DAZ = 1 << 6, FTZ = 1 << 15;
    public static final int MASK_SHIFT = 7;
    public static final int RC_SHIFT = 13;
    public static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;
    public static final int DEFAULT = 0x1f80;
    /** Bits LDMXCSR/FXRSTOR accept (MXCSR_MASK = 0xFFFF: DAZ supported); others raise #GP(0). */
    public static final int WRITABLE = 0xffff;

    public static int roundingControl(Cpu c) {
        return (c.mxcsr >>> RC_SHIFT) & 3;
    }

    /** Sets the sticky exception flags aside; returns them for {@link #end}. */
    public static int begin(Cpu c) {
        int saved = c.mxcsr & FLAGS;
        c.mxcsr &= ~FLAGS;
        return saved;
    }

    /** Merges the flags this instruction raised with the saved ones; faults on an unmasked one. */
    public static void end(Cpu c, int saved) {
        int m = c.mxcsr;
        int raised = m & FLAGS;
        c.mxcsr = m | saved;
        if ((raised & ~(m >>> MASK_SHIFT)) != 0) {
            unmasked(c, raised & ~(m >>> MASK_SHIFT));
        }
    }

    private static void unmasked(Cpu c, int which) {
        String d = "unmasked SIMD floating-point exception, MXCSR flags 0x" + Integer.toHexString(which);
        if ((c.cr4 & Cpu.CR4_OSXMMEXCPT) == 0) {
            throw new InvalidOpcode(d + " with CR4.OSXMMEXCPT=0");
        }
        throw new SimdFloatingPointException(d);
    }
}
