package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;

/**
 * SSE/SSE2 conversions (SDM Vol. 2 CVT*). Float→integer rounds per MXCSR.RC, or truncates for the
 * CVTT forms; NaN or out of range gives the "integer indefinite" (the most negative integer) and
 * sets IE; an inexact conversion sets PE. Integer→float rounds per MXCSR.RC and sets PE when inexact.
 */
public final class SseConvert {
    private SseConvert() {
    }

    public static final long INDEFINITE32 = 0x80000000L;
    public static final long INDEFINITE64 = 0x8000000000000000L;

    /** float/double value → integer of {@code size} bytes (4 or 8), result zero-extended to 64 bits. */
    public static long toInteger(Cpu c, double x, int size, boolean truncate) {
        if (Double.isNaN(x)) {
            c.mxcsr |= Mxcsr.IE;
            return size == 4 ? INDEFINITE32 : INDEFINITE64;
        }
        double r = truncate ? (x < 0 ? Math.ceil(x) : Math.floor(x)) : roundToIntegral(c, x);
        boolean fits = size == 4 ? r >= -0x1p31 && r < 0x1p31 : r >= -0x1p63 && r < 0x1p63;
        if (!fits) {
            c.mxcsr |= Mxcsr.IE;
            return size == 4 ? INDEFINITE32 : INDEFINITE64;
        }
        if (r != x) {
            c.mxcsr |= Mxcsr.PE;
        }
        long v = (long) r;
        return size == 4 ? v & 0xffffffffL : v;
    }

    static double roundToIntegral(Cpu c, double x) {
        return switch (Mxcsr.roundingControl(c)) {
            case Mxcsr.RC_NEAREST -> Math.rint(x);
            case Mxcsr.RC_DOWN -> Math.floor(x);
            case Mxcsr.RC_UP -> Math.ceil(x);
            default -> x < 0 ? Math.ceil(x) : Math.floor(x);
        };
    }

    public static long float32ToInteger(Cpu c, int bits, int size, boolean truncate) {
        if (SseFloat.isDenormal32(bits) && (c.mxcsr & Mxcsr.DAZ) != 0) {
            bits &= 0x80000000; // DAZ; these conversions never signal DE (SDM CVTPS2DQ: Invalid, Precision)
        }
        return toInteger(c, Float.intBitsToFloat(bits), size, truncate);
    }

    public static long float64ToInteger(Cpu c, long bits, int size, boolean truncate) {
        if (SseFloat.isDenormal64(bits) && (c.mxcsr & Mxcsr.DAZ) != 0) {
            bits &= 0x8000000000000000L;
        }
        return toInteger(c, Double.longBitsToDouble(bits), size, truncate);
    }

    /** Signed integer → single precision bits, rounded per MXCSR.RC. */
    public static int integerToFloat32(Cpu c, long v) {
        float f = (float) v; // round to nearest (JLS §5.1.2)
        int cmp = compareExact(v, f);
        if (cmp == 0) {
            return Float.floatToRawIntBits(f);
        }
        return Float.floatToRawIntBits(SseFloat.round32(c, f, (double) v, cmp));
    }

    /** Signed integer → double precision bits, rounded per MXCSR.RC. */
    public static long integerToFloat64(Cpu c, long v) {
        double d = (double) v;
        int cmp = compareExact(v, d);
        if (cmp == 0) {
            return Double.doubleToRawLongBits(d);
        }
        return Double.doubleToRawLongBits(SseFloat.round64(c, d, cmp));
    }

    /** Sign of (v - r) for an integral r = round-to-nearest(v). */
    private static int compareExact(long v, double r) {
        if (r >= 0x1p63) {
            return -1;
        }
        return Long.compare(v, (long) r);
    }

    /** CVTSS2SD / CVTPS2PD: exact; an SNaN is quieted and sets IE. */
    public static long float32To64(Cpu c, int a) {
        if (SseFloat.isNaN32(a)) {
            if (SseFloat.isSNaN32(a)) {
                c.mxcsr |= Mxcsr.IE;
            }
            long sign = (long) (a >>> 31) << 63;
            return sign | 0x7ff8000000000000L | ((long) (a & 0x3fffff) << 29);
        }
        return Double.doubleToRawLongBits(Float.intBitsToFloat(SseFloat.operand32(c, a)));
    }

    /** CVTSD2SS / CVTPD2PS: rounded per MXCSR.RC with OE/UE/PE. */
    public static int float64To32(Cpu c, long a) {
        if (SseFloat.isNaN64(a)) {
            if (SseFloat.isSNaN64(a)) {
                c.mxcsr |= Mxcsr.IE;
            }
            int sign = (int) (a >>> 63) << 31;
            return sign | 0x7fc00000 | (int) ((a >>> 29) & 0x3fffff);
        }
        double d = Double.longBitsToDouble(SseFloat.operand64(c, a));
        if (Double.isInfinite(d)) {
            return Float.floatToRawIntBits((float) d);
        }
        float f = (float) d;
        int s = f == d ? 0 : d > f ? 1 : -1;
        return Float.floatToRawIntBits(SseFloat.round32(c, f, d, s));
    }
}
