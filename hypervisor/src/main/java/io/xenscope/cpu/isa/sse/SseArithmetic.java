package io.xenscope.cpu.isa.sse;

import static io.xenscope.cpu.isa.sse.SseOperands.add;
import static io.xenscope.cpu.isa.sse.SseOperands.packed;
import static io.xenscope.cpu.isa.sse.SseOperands.packedImm;
import static io.xenscope.cpu.isa.sse.SseOperands.scalar;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.exec.OpTable;

/** SSE/SSE2 floating-point arithmetic, compares and reciprocal estimates (SDM Vol. 1 §10.4.2, §11.4.2). */
final class SseArithmetic {
    private SseArithmetic() {
    }

    static void register(OpTable t) {
        Mnemonic[][] ops = {
                {Mnemonic.ADDPS, Mnemonic.ADDPD, Mnemonic.ADDSS, Mnemonic.ADDSD},
                {Mnemonic.SUBPS, Mnemonic.SUBPD, Mnemonic.SUBSS, Mnemonic.SUBSD},
                {Mnemonic.MULPS, Mnemonic.MULPD, Mnemonic.MULSS, Mnemonic.MULSD},
                {Mnemonic.DIVPS, Mnemonic.DIVPD, Mnemonic.DIVSS, Mnemonic.DIVSD},
                {Mnemonic.MINPS, Mnemonic.MINPD, Mnemonic.MINSS, Mnemonic.MINSD},
                {Mnemonic.MAXPS, Mnemonic.MAXPD, Mnemonic.MAXSS, Mnemonic.MAXSD},
                {Mnemonic.SQRTPS, Mnemonic.SQRTPD, Mnemonic.SQRTSS, Mnemonic.SQRTSD},
        };
        for (int op = 0; op < ops.length; op++) {
            add(t, ops[op][0], packed(ps(op)));
            add(t, ops[op][1], packed(pd(op)));
            add(t, ops[op][2], scalar(4, ss(op)));
            add(t, ops[op][3], scalar(8, sd(op)));
        }

        add(t, Mnemonic.CMPPS, packedImm(p -> (c, d, lo, hi) -> {
            int saved = Mxcsr.begin(c);
            long r0 = cmp2x32(c, p, c.xmm[2 * d], lo);
            long r1 = cmp2x32(c, p, c.xmm[2 * d + 1], hi);
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = r0;
            c.xmm[2 * d + 1] = r1;
        }));
        add(t, Mnemonic.CMPPD, packedImm(p -> (c, d, lo, hi) -> {
            int saved = Mxcsr.begin(c);
            long r0 = SseFloat.compare64(c, p & 7, c.xmm[2 * d], lo) ? -1L : 0;
            long r1 = SseFloat.compare64(c, p & 7, c.xmm[2 * d + 1], hi) ? -1L : 0;
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = r0;
            c.xmm[2 * d + 1] = r1;
        }));
        add(t, Mnemonic.CMPSS, (insn, ctx) -> {
            int p = SseOperands.imm(insn, 2) & 7;
            return scalar(4, (c, d, v) -> {
                int saved = Mxcsr.begin(c);
                boolean r = SseFloat.compare32(c, p, (int) c.xmm[2 * d], (int) v);
                Mxcsr.end(c, saved);
                c.xmm[2 * d] = (c.xmm[2 * d] & 0xffffffff00000000L) | (r ? 0xffffffffL : 0);
            }).translate(insn, ctx);
        });
        add(t, Mnemonic.CMPSD, (insn, ctx) -> {
            int p = SseOperands.imm(insn, 2) & 7;
            return scalar(8, (c, d, v) -> {
                int saved = Mxcsr.begin(c);
                boolean r = SseFloat.compare64(c, p, c.xmm[2 * d], v);
                Mxcsr.end(c, saved);
                c.xmm[2 * d] = r ? -1L : 0;
            }).translate(insn, ctx);
        });

        add(t, Mnemonic.COMISS, scalar(4, (c, d, v) -> setFlags(c, compareFlags32(c, (int) c.xmm[2 * d], (int) v, true))));
        add(t, Mnemonic.UCOMISS, scalar(4, (c, d, v) -> setFlags(c, compareFlags32(c, (int) c.xmm[2 * d], (int) v, false))));
        add(t, Mnemonic.COMISD, scalar(8, (c, d, v) -> setFlags(c, compareFlags64(c, c.xmm[2 * d], v, true))));
        add(t, Mnemonic.UCOMISD, scalar(8, (c, d, v) -> setFlags(c, compareFlags64(c, c.xmm[2 * d], v, false))));

        // Reciprocal estimates: computed exactly and rounded to nearest. Real hardware returns a
        // 12-bit approximation (relative error <= 1.5*2^-12) that differs bit for bit; no flags.
        add(t, Mnemonic.RCPPS, packed((c, d, lo, hi) -> {
            c.xmm[2 * d] = estimate2(lo, false);
            c.xmm[2 * d + 1] = estimate2(hi, false);
        }));
        add(t, Mnemonic.RSQRTPS, packed((c, d, lo, hi) -> {
            c.xmm[2 * d] = estimate2(lo, true);
            c.xmm[2 * d + 1] = estimate2(hi, true);
        }));
        add(t, Mnemonic.RCPSS, scalar(4, (c, d, v) ->
                c.xmm[2 * d] = (c.xmm[2 * d] & 0xffffffff00000000L) | (estimate2(v, false) & 0xffffffffL)));
        add(t, Mnemonic.RSQRTSS, scalar(4, (c, d, v) ->
                c.xmm[2 * d] = (c.xmm[2 * d] & 0xffffffff00000000L) | (estimate2(v, true) & 0xffffffffL)));
    }

    static XmmBinary ps(int op) {
        return (c, d, lo, hi) -> {
            int saved = Mxcsr.begin(c);
            long r0 = op2x32(c, op, c.xmm[2 * d], lo);
            long r1 = op2x32(c, op, c.xmm[2 * d + 1], hi);
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = r0;
            c.xmm[2 * d + 1] = r1;
        };
    }

    static XmmBinary pd(int op) {
        return (c, d, lo, hi) -> {
            int saved = Mxcsr.begin(c);
            long r0 = SseFloat.op64(c, op, c.xmm[2 * d], lo);
            long r1 = SseFloat.op64(c, op, c.xmm[2 * d + 1], hi);
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = r0;
            c.xmm[2 * d + 1] = r1;
        };
    }

    static XmmScalar ss(int op) {
        return (c, d, v) -> {
            int saved = Mxcsr.begin(c);
            int r = SseFloat.op32(c, op, (int) c.xmm[2 * d], (int) v);
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = (c.xmm[2 * d] & 0xffffffff00000000L) | (r & 0xffffffffL);
        };
    }

    static XmmScalar sd(int op) {
        return (c, d, v) -> {
            int saved = Mxcsr.begin(c);
            long r = SseFloat.op64(c, op, c.xmm[2 * d], v);
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = r;
        };
    }

    private static long op2x32(Cpu c, int op, long a, long b) {
        int r0 = SseFloat.op32(c, op, (int) a, (int) b);
        int r1 = SseFloat.op32(c, op, (int) (a >>> 32), (int) (b >>> 32));
        return (r0 & 0xffffffffL) | (long) r1 << 32;
    }

    private static long cmp2x32(Cpu c, int p, long a, long b) {
        long r0 = SseFloat.compare32(c, p & 7, (int) a, (int) b) ? 0xffffffffL : 0;
        long r1 = SseFloat.compare32(c, p & 7, (int) (a >>> 32), (int) (b >>> 32)) ? 0xffffffff00000000L : 0;
        return r0 | r1;
    }

    private static long compareFlags32(Cpu c, int a, int b, boolean signalling) {
        int saved = Mxcsr.begin(c);
        long f = SseFloat.compareFlags32(c, a, b, signalling);
        Mxcsr.end(c, saved);
        return f;
    }

    private static long compareFlags64(Cpu c, long a, long b, boolean signalling) {
        int saved = Mxcsr.begin(c);
        long f = SseFloat.compareFlags64(c, a, b, signalling);
        Mxcsr.end(c, saved);
        return f;
    }

    /** ZF PF CF from a compare; OF SF AF cleared. */
    private static void setFlags(Cpu c, long zpc) {
        Flags.write(c, (c.rflags & ~Flags.ARITH) | zpc);
    }

    private static long estimate2(long v, boolean sqrt) {
        return estimate((int) v, sqrt) & 0xffffffffL | (estimate((int) (v >>> 32), sqrt) & 0xffffffffL) << 32;
    }

    private static int estimate(int bits, boolean sqrt) {
        float x = Float.intBitsToFloat(bits);
        if (SseFloat.isNaN32(bits)) {
            return bits | SseFloat.QUIET32;
        }
        if (sqrt && x < 0) {
            return SseFloat.INDEFINITE32;
        }
        double r = sqrt ? 1.0 / Math.sqrt(x) : 1.0 / x;
        return Float.floatToRawIntBits((float) r);
    }
}
