package io.xenscope.cpu.isa.muldiv;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;

/**
 * Flags after MUL/IMUL: CF = OF = the product does not fit the destination (SDM). SF, ZF, AF, PF are
 * undefined; Intel hardware sets SF and PF from the low half of the product and clears ZF and AF
 * (measured by the differential suite), and so do we.
 */
final class MultiplyFlags {
    private static final long[] SIGN = {0x80L, 0x8000L, 0x8000_0000L, 0x8000_0000_0000_0000L};

    private MultiplyFlags() {
    }

    static void record(Cpu c, int size, long low, boolean significant) {
        long f = c.flagOp == Flags.OP_NONE ? c.rflags : Flags.read(c);
        f &= ~Flags.ARITH;
        if (significant) {
            f |= Flags.CF | Flags.OF;
        }
        if ((low & SIGN[size]) != 0) {
            f |= Flags.SF;
        }
        if ((Integer.bitCount((int) low & 0xff) & 1) == 0) {
            f |= Flags.PF;
        }
        Flags.write(c, f);
    }
}
