package io.xenscope.cpu.isa.shift;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;

/** Flag recording shared by the shifts and rotates. */
final class ShiftFlags {
    private ShiftFlags() {
    }

    /** Shifts: CF, OF, AF given; SF, ZF, PF from the result (SDM Vol. 2 SAL/SAR/SHL/SHR, SHLD, SHRD). */
    static void shift(Cpu c, int size, long result, boolean cf, boolean of, boolean af) {
        Flags.setExplicit(c, size, result, cf, of);
        if (af) {
            c.flagDst |= 0x10;
        }
    }

    /** Rotates change CF and OF only (SDM Vol. 2 RCL/RCR/ROL/ROR). */
    static void rotate(Cpu c, boolean cf, boolean of) {
        Flags.materialize(c);
        long f = c.rflags & ~(Flags.CF | Flags.OF);
        if (cf) {
            f |= Flags.CF;
        }
        if (of) {
            f |= Flags.OF;
        }
        c.rflags = f;
    }
}
