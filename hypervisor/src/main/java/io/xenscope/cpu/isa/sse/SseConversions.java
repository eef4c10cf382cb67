package io.xenscope.cpu.isa.sse;

import static io.xenscope.cpu.isa.sse.SseOperands.add;
import static io.xenscope.cpu.isa.sse.SseOperands.packed;
import static io.xenscope.cpu.isa.sse.SseOperands.scalar;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.OpFactory;
import io.xenscope.cpu.exec.OpTable;

/** SSE/SSE2 conversions between integers, single and double precision (SDM Vol. 1 §11.4.4). */
final class SseConversions {
    private SseConversions() {
    }

    static void register(OpTable t) {
        // integer (r/m32 or r/m64) → scalar float
        add(t, Mnemonic.CVTSI2SS, (insn, ctx) -> {
            int size = insn.operand(1).size();
            return scalar(size, (c, d, v) -> {
                int saved = Mxcsr.begin(c);
                int r = SseConvert.integerToFloat32(c, Locations.signExtend(v, size));
                Mxcsr.end(c, saved);
                c.xmm[2 * d] = (c.xmm[2 * d] & 0xffffffff00000000L) | (r & 0xffffffffL);
            }).translate(insn, ctx);
        });
        add(t, Mnemonic.CVTSI2SD, (insn, ctx) -> {
            int size = insn.operand(1).size();
            return scalar(size, (c, d, v) -> {
                int saved = Mxcsr.begin(c);
                long r = SseConvert.integerToFloat64(c, Locations.signExtend(v, size));
                Mxcsr.end(c, saved);
                c.xmm[2 * d] = r;
            }).translate(insn, ctx);
        });

        // scalar float → integer register
        add(t, Mnemonic.CVTSS2SI, toInteger(4, false));
        add(t, Mnemonic.CVTTSS2SI, toInteger(4, true));
        add(t, Mnemonic.CVTSD2SI, toInteger(8, false));
        add(t, Mnemonic.CVTTSD2SI, toInteger(8, true));

        // scalar precision changes
        add(t, Mnemonic.CVTSS2SD, scalar(4, (c, d, v) -> {
            int saved = Mxcsr.begin(c);
            long r = SseConvert.float32To64(c, (int) v);
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = r;
        }));
        add(t, Mnemonic.CVTSD2SS, scalar(8, (c, d, v) -> {
            int saved = Mxcsr.begin(c);
            int r = SseConvert.float64To32(c, v);
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = (c.xmm[2 * d] & 0xffffffff00000000L) | (r & 0xffffffffL);
        }));

        // packed
        add(t, Mnemonic.CVTDQ2PS, packed((c, d, lo, hi) -> {
            int saved = Mxcsr.begin(c);
            long r0 = dq2ps(c, lo);
            long r1 = dq2ps(c, hi);
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = r0;
            c.xmm[2 * d + 1] = r1;
        }));
        add(t, Mnemonic.CVTPS2DQ, packed(ps2dq(false)));
        add(t, Mnemonic.CVTTPS2DQ, packed(ps2dq(true)));
        add(t, Mnemonic.CVTDQ2PD, packed((c, d, lo, hi) -> {
            // exact: every int32 is a double
            c.xmm[2 * d] = Double.doubleToRawLongBits((int) lo);
            c.xmm[2 * d + 1] = Double.doubleToRawLongBits((int) (lo >>> 32));
        }));
        add(t, Mnemonic.CVTPD2DQ, packed(pd2dq(false)));
        add(t, Mnemonic.CVTTPD2DQ, packed(pd2dq(true)));
        add(t, Mnemonic.CVTPS2PD, packed((c, d, lo, hi) -> {
            int saved = Mxcsr.begin(c);
            long r0 = SseConvert.float32To64(c, (int) lo);
            long r1 = SseConvert.float32To64(c, (int) (lo >>> 32));
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = r0;
            c.xmm[2 * d + 1] = r1;
        }));
        add(t, Mnemonic.CVTPD2PS, packed((c, d, lo, hi) -> {
            int saved = Mxcsr.begin(c);
            long r0 = SseConvert.float64To32(c, lo) & 0xffffffffL;
            long r1 = SseConvert.float64To32(c, hi) & 0xffffffffL;
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = r0 | r1 << 32;
            c.xmm[2 * d + 1] = 0;
        }));
    }

    /** cvt(t)ss2si / cvt(t)sd2si r32/r64, xmm/m: the integer size is the destination's. */
    private static OpFactory toInteger(int srcSize, boolean truncate) {
        return (insn, ctx) -> {
            int size = insn.operand(0).size();
            ScalarFunction f = srcSize == 4
                    ? (c, v) -> {
                        int saved = Mxcsr.begin(c);
                        long r = SseConvert.float32ToInteger(c, (int) v, size, truncate);
                        Mxcsr.end(c, saved);
                        return r;
                    }
                    : (c, v) -> {
                        int saved = Mxcsr.begin(c);
                        long r = SseConvert.float64ToInteger(c, v, size, truncate);
                        Mxcsr.end(c, saved);
                        return r;
                    };
            return new XmmToOp(Locations.operand(insn, 0), scalar(insn, insn.operand(1), srcSize), f);
        };
    }

    private static long dq2ps(Cpu c, long v) {
        long r0 = SseConvert.integerToFloat32(c, (int) v) & 0xffffffffL;
        long r1 = SseConvert.integerToFloat32(c, (int) (v >>> 32)) & 0xffffffffL;
        return r0 | r1 << 32;
    }

    private static XmmBinary ps2dq(boolean truncate) {
        return (c, d, lo, hi) -> {
            int saved = Mxcsr.begin(c);
            long r0 = ps2dq(c, lo, truncate);
            long r1 = ps2dq(c, hi, truncate);
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = r0;
            c.xmm[2 * d + 1] = r1;
        };
    }

    private static long ps2dq(Cpu c, long v, boolean truncate) {
        long r0 = SseConvert.float32ToInteger(c, (int) v, 4, truncate);
        long r1 = SseConvert.float32ToInteger(c, (int) (v >>> 32), 4, truncate);
        return r0 | r1 << 32;
    }

    private static XmmBinary pd2dq(boolean truncate) {
        return (c, d, lo, hi) -> {
            int saved = Mxcsr.begin(c);
            long r0 = SseConvert.float64ToInteger(c, lo, 4, truncate);
            long r1 = SseConvert.float64ToInteger(c, hi, 4, truncate);
            Mxcsr.end(c, saved);
            c.xmm[2 * d] = r0 | r1 << 32;
            c.xmm[2 * d + 1] = 0;
        };
    }
}
