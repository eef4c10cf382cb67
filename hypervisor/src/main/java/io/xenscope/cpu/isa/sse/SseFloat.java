package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;

/**
 * SSE/SSE2 floating-point arithmetic on raw IEEE bits, with the x86 rules Java does not have:
 * <ul>
 * <li>NaN propagation (SDM Vol. 1 §4.8.3.5, Table 4-7): the first source if it is a NaN, else the
 *     second, quieted; an invalid operation on non-NaNs yields the "real indefinite" QNaN
 *     (FFC00000H / FFF8000000000000H, negative), unlike Java's positive canonical NaN.</li>
 * <li>MIN/MAX: the second source when either is a NaN or both are zeros of any sign (SDM MINPS).</li>
 * <li>Rounding per MXCSR.RC: the round-to-nearest result is adjusted one ulp using the exact sign of
 *     the rounding error (TwoSum, or an FMA residual), so all four modes are exact.</li>
 * <li>Single precision is computed in double and rounded once more to float: correctly rounded
 *     for + - * / sqrt because 53 >= 2*24+2 (Figueroa 1995).</li>
 * <li>Exception flags set in MXCSR: IE (SNaN operand; invalid operation; QNaN for MIN/MAX and the
 *     signalling compares), DE (denormal operand, unless DAZ), ZE (finite non-zero / 0), OE,
 *     UE (tiny and inexact; tininess judged before rounding), PE (inexact).
 *     DAZ and FTZ are honoured. Not modelled: the FMA residual of a deep-underflow product can
 *     round to zero and miss PE.</li>
 * </ul>
 */
public final class SseFloat {
    private SseFloat() {
    }

    public static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, MIN = 4, MAX = 5, SQRT = 6;
    public static final int INDEFINITE32 = 0xffc00000;
    public static final long INDEFINITE64 = 0xfff8000000000000L;
    static final int QUIET32 = 0x00400000;
    static final long QUIET64 = 0x0008000000000000L;

    // ---- classification ---------------------------------------------------------------------

    static boolean isNaN32(int a) {
        return (a & 0x7fffffff) > 0x7f800000;
    }

    static boolean isSNaN32(int a) {
        return isNaN32(a) && (a & QUIET32) == 0;
    }

    static boolean isDenormal32(int a) {
        return (a & 0x7f800000) == 0 && (a & 0x7fffff) != 0;
    }

    static boolean isNaN64(long a) {
        return (a & 0x7fffffffffffffffL) > 0x7ff0000000000000L;
    }

    static boolean isSNaN64(long a) {
        return isNaN64(a) && (a & QUIET64) == 0;
    }

    static boolean isDenormal64(long a) {
        return (a & 0x7ff0000000000000L) == 0 && (a & 0x000fffffffffffffL) != 0;
    }

    /** DAZ: denormal operands read as zero of the same sign; otherwise a denormal operand sets DE. */
    static int operand32(Cpu c, int a) {
        if (isDenormal32(a)) {
            if ((c.mxcsr & Mxcsr.DAZ) != 0) {
                return a & 0x80000000;
            }
            c.mxcsr |= Mxcsr.DE;
        }
        return a;
    }

    /** DAZ only; the caller decides about DE (an invalid operation or #Z on the element suppresses it). */
    static int daz32(Cpu c, int a) {
        return isDenormal32(a) && (c.mxcsr & Mxcsr.DAZ) != 0 ? a & 0x80000000 : a;
    }

    static long daz64(Cpu c, long a) {
        return isDenormal64(a) && (c.mxcsr & Mxcsr.DAZ) != 0 ? a & 0x8000000000000000L : a;
    }

    static long operand64(Cpu c, long a) {
        if (isDenormal64(a)) {
            if ((c.mxcsr & Mxcsr.DAZ) != 0) {
                return a & 0x8000000000000000L;
            }
            c.mxcsr |= Mxcsr.DE;
        }
        return a;
    }

    // ---- arithmetic -------------------------------------------------------------------------

    /** {@code a op b} in single precision ({@code a} is ignored by SQRT). */
    public static int op32(Cpu c, int op, int a, int b) {
        boolean an = op != SQRT && isNaN32(a);
        boolean bn = isNaN32(b);
        if (an || bn) {
            if (op == MIN || op == MAX || (op != SQRT && isSNaN32(a)) || isSNaN32(b)) {
                c.mxcsr |= Mxcsr.IE;
            }
            if (op == MIN || op == MAX) {
                return b;
            }
            return an ? a | QUIET32 : b | QUIET32;
        }
        if (op != SQRT) {
            a = daz32(c, a);
        }
        b = daz32(c, b);
        boolean denormal = op != SQRT && isDenormal32(a) || isDenormal32(b);
        float fx = Float.intBitsToFloat(a);
        float fy = Float.intBitsToFloat(b);
        if (denormal && !invalidOrDivideByZero(op, fx, fy)) {
            c.mxcsr |= Mxcsr.DE;
        }
        if (op == MIN) {
            return fx < fy ? a : b;
        } else if (op == MAX) {
            return fx > fy ? a : b;
        }
        double x = fx;
        double y = fy;
        if (op == DIV && y == 0 && !Double.isNaN(x) && x != 0 && !Double.isInfinite(x)) {
            c.mxcsr |= Mxcsr.ZE;
            return Float.floatToRawIntBits((float) (x / y));
        }
        double d = compute(op, x, y);
        if (Double.isNaN(d)) {
            c.mxcsr |= Mxcsr.IE;
            return INDEFINITE32;
        }
        if (Double.isInfinite(d)) {
            return Float.floatToRawIntBits((float) d); // an infinite operand: exact
        }
        if (d == 0) {
            d = exactZero(c, op, x, y, d);
        }
        float f = (float) d;
        int s = f != d ? (d > f ? 1 : -1) : errorSign(op, x, y, d);
        return Float.floatToRawIntBits(round32(c, f, d, s));
    }

    /** {@code a op b} in double precision ({@code a} is ignored by SQRT). */
    public static long op64(Cpu c, int op, long a, long b) {
        boolean an = op != SQRT && isNaN64(a);
        boolean bn = isNaN64(b);
        if (an || bn) {
            if (op == MIN || op == MAX || (op != SQRT && isSNaN64(a)) || isSNaN64(b)) {
                c.mxcsr |= Mxcsr.IE;
            }
            if (op == MIN || op == MAX) {
                return b;
            }
            return an ? a | QUIET64 : b | QUIET64;
        }
        if (op != SQRT) {
            a = daz64(c, a);
        }
        b = daz64(c, b);
        boolean denormal = op != SQRT && isDenormal64(a) || isDenormal64(b);
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        if (denormal && !invalidOrDivideByZero(op, x, y)) {
            c.mxcsr |= Mxcsr.DE;
        }
        if (op == MIN) {
            return x < y ? a : b;
        } else if (op == MAX) {
            return x > y ? a : b;
        }
        if (op == DIV && y == 0 && x != 0 && !Double.isInfinite(x)) {
            c.mxcsr |= Mxcsr.ZE;
            return Double.doubleToRawLongBits(x / y);
        }
        double d = compute(op, x, y);
        if (Double.isNaN(d)) {
            c.mxcsr |= Mxcsr.IE;
            return INDEFINITE64;
        }
        if (Double.isInfinite(d)) {
            if ((op == SQRT || !Double.isInfinite(x)) && !Double.isInfinite(y)) {
                return Double.doubleToRawLongBits(overflow64(c, d > 0));
            }
            return Double.doubleToRawLongBits(d);
        }
        if (d == 0) {
            d = exactZero(c, op, x, y, d);
        }
        return Double.doubleToRawLongBits(round64(c, d, errorSign(op, x, y, d)));
    }

    /**
     * IEEE 754 §6.3: an exact zero sum of operands of opposite signs (or a cancelling difference)
     * is +0 in every rounding mode except round-down, where it is -0. Java always rounds to nearest.
     */
    private static double exactZero(Cpu c, int op, double x, double y, double d) {
        if ((op == ADD || op == SUB) && Mxcsr.roundingControl(c) == Mxcsr.RC_DOWN) {
            double y2 = op == SUB ? -y : y;
            boolean bothPlusZero = Double.doubleToRawLongBits(x) == 0 && Double.doubleToRawLongBits(y2) == 0;
            return bothPlusZero ? 0.0 : -0.0;
        }
        return d;
    }

    private static boolean invalidOrDivideByZero(int op, double x, double y) {
        return switch (op) {
            case DIV -> y == 0 || Double.isInfinite(x) && Double.isInfinite(y);
            case SQRT -> y < 0;
            default -> false; // denormal operands are finite: add/sub/mul of them are never invalid
        };
    }

    private static double compute(int op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            default -> Math.sqrt(y);
        };
    }

    /**
     * The sign of (exact result - d), d being the round-to-nearest double result. Near the underflow
     * threshold the residual of an FMA could itself underflow, so the operands are scaled by 2^200
     * (exactly) first.
     */
    private static int errorSign(int op, double x, double y, double d) {
        if (d == 0 && (op == MUL && x != 0 && y != 0 || op == DIV && x != 0 && !Double.isInfinite(y))) {
            return (x < 0) != (y < 0) ? -1 : 1; // an exact non-zero result rounded to zero
        }
        if (op == SQRT && Math.abs(y) < 0x1p-900) {
            double e = Math.fma(-d * 0x1p200, d * 0x1p200, y * 0x1p400);
            return e > 0 ? 1 : e < 0 ? -1 : 0;
        }
        if (Math.abs(d) < 0x1p-900 && (op == MUL || op == DIV)) {
            if (op == MUL) {
                if (Math.abs(x) < Math.abs(y)) {
                    x *= 0x1p200;
                } else {
                    y *= 0x1p200;
                }
            } else {
                x *= 0x1p200;
            }
            d *= 0x1p200;
        }
        double e = switch (op) {
            case ADD -> twoSumError(x, y, d);
            case SUB -> twoSumError(x, -y, d);
            case MUL -> Math.fma(x, y, -d);
            case DIV -> Math.fma(-d, y, x) * Math.signum(y);
            default -> Math.fma(-d, d, y);
        };
        return e > 0 ? 1 : e < 0 ? -1 : 0;
    }

    private static double twoSumError(double a, double b, double s) {
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }

    // ---- rounding ---------------------------------------------------------------------------

    /** Applies MXCSR.RC, FTZ and the OE/UE/PE flags to a round-to-nearest float {@code f} of exact value ~{@code d}. */
    static float round32(Cpu c, float f, double d, int s) {
        if (Float.isInfinite(f)) {
            return overflow32(c, d > 0);
        }
        if (s != 0) {
            c.mxcsr |= Mxcsr.PE;
            switch (Mxcsr.roundingControl(c)) {
                case Mxcsr.RC_DOWN -> f = s < 0 ? Math.nextDown(f) : f;
                case Mxcsr.RC_UP -> f = s > 0 ? Math.nextUp(f) : f;
                case Mxcsr.RC_ZERO -> f = s < 0 && f > 0 ? Math.nextDown(f) : s > 0 && f < 0 ? Math.nextUp(f) : f;
                default -> { }
            }
            if (Float.isInfinite(f)) {
                c.mxcsr |= Mxcsr.OE;
            }
        }
        if (Math.abs(d) < Float.MIN_NORMAL && d != 0) {
            if (s != 0) {
                c.mxcsr |= Mxcsr.UE;
            }
            if ((c.mxcsr & Mxcsr.FTZ) != 0 && (c.mxcsr & (Mxcsr.UE << Mxcsr.MASK_SHIFT)) != 0) {
                c.mxcsr |= Mxcsr.UE | Mxcsr.PE;
                return d < 0 ? -0.0f : 0.0f;
            }
        }
        return f;
    }

    static double round64(Cpu c, double d, int s) {
        double r = d;
        if (s != 0) {
            c.mxcsr |= Mxcsr.PE;
            switch (Mxcsr.roundingControl(c)) {
                case Mxcsr.RC_DOWN -> r = s < 0 ? Math.nextDown(r) : r;
                case Mxcsr.RC_UP -> r = s > 0 ? Math.nextUp(r) : r;
                case Mxcsr.RC_ZERO -> r = s < 0 && r > 0 ? Math.nextDown(r) : s > 0 && r < 0 ? Math.nextUp(r) : r;
                default -> { }
            }
            if (Double.isInfinite(r)) {
                c.mxcsr |= Mxcsr.OE;
            }
        }
        if (Math.abs(d) < Double.MIN_NORMAL && (d != 0 || s != 0)) {
            if (s != 0) {
                c.mxcsr |= Mxcsr.UE;
            }
            if ((c.mxcsr & Mxcsr.FTZ) != 0 && (c.mxcsr & (Mxcsr.UE << Mxcsr.MASK_SHIFT)) != 0) {
                c.mxcsr |= Mxcsr.UE | Mxcsr.PE;
                return Math.copySign(0.0, d);
            }
        }
        return r;
    }

    /** A result too large for single precision: infinity or the largest finite value per RC (SDM §4.9.1.4). */
    static float overflow32(Cpu c, boolean positive) {
        c.mxcsr |= Mxcsr.OE | Mxcsr.PE;
        boolean toInfinity = switch (Mxcsr.roundingControl(c)) {
            case Mxcsr.RC_NEAREST -> true;
            case Mxcsr.RC_DOWN -> !positive;
            case Mxcsr.RC_UP -> positive;
            default -> false;
        };
        float m = toInfinity ? Float.POSITIVE_INFINITY : Float.MAX_VALUE;
        return positive ? m : -m;
    }

    static double overflow64(Cpu c, boolean positive) {
        c.mxcsr |= Mxcsr.OE | Mxcsr.PE;
        boolean toInfinity = switch (Mxcsr.roundingControl(c)) {
            case Mxcsr.RC_NEAREST -> true;
            case Mxcsr.RC_DOWN -> !positive;
            case Mxcsr.RC_UP -> positive;
            default -> false;
        };
        double m = toInfinity ? Double.POSITIVE_INFINITY : Double.MAX_VALUE;
        return positive ? m : -m;
    }

    // ---- comparisons ------------------------------------------------------------------------

    /** CMPPS/CMPSS predicate 0..7 (EQ LT LE UNORD NEQ NLT NLE ORD; SDM CMPPS Table 3-1). */
    public static boolean compare32(Cpu c, int predicate, int a, int b) {
        boolean snan = isSNaN32(a) || isSNaN32(b);
        boolean unordered = isNaN32(a) || isNaN32(b);
        if (!unordered) {
            a = operand32(c, a);
            b = operand32(c, b);
        }
        return predicate(c, predicate, Float.intBitsToFloat(a), Float.intBitsToFloat(b), unordered, snan);
    }

    public static boolean compare64(Cpu c, int predicate, long a, long b) {
        boolean snan = isSNaN64(a) || isSNaN64(b);
        boolean unordered = isNaN64(a) || isNaN64(b);
        if (!unordered) {
            a = operand64(c, a);
            b = operand64(c, b);
        }
        return predicate(c, predicate, Double.longBitsToDouble(a), Double.longBitsToDouble(b), unordered, snan);
    }

    private static boolean predicate(Cpu c, int p, double x, double y, boolean unordered, boolean snan) {
        boolean signalling = p == 1 || p == 2 || p == 5 || p == 6;
        if (snan || unordered && signalling) {
            c.mxcsr |= Mxcsr.IE;
        }
        return switch (p & 7) {
            case 0 -> !unordered && x == y;
            case 1 -> !unordered && x < y;
            case 2 -> !unordered && x <= y;
            case 3 -> unordered;
            case 4 -> unordered || x != y;
            case 5 -> unordered || !(x < y);
            case 6 -> unordered || !(x <= y);
            default -> !unordered;
        };
    }

    /**
     * (U)COMISS/(U)COMISD: ZF PF CF = 111 unordered, 000 greater, 001 less, 100 equal; OF SF AF
     * cleared (SDM COMISS). IE on any NaN when {@code signalling} (COMIS), on SNaN only otherwise.
     */
    public static long compareFlags32(Cpu c, int a, int b, boolean signalling) {
        boolean unordered = isNaN32(a) || isNaN32(b);
        if (unordered) {
            if (signalling || isSNaN32(a) || isSNaN32(b)) {
                c.mxcsr |= Mxcsr.IE;
            }
            return io.xenscope.cpu.Flags.ZF | io.xenscope.cpu.Flags.PF | io.xenscope.cpu.Flags.CF;
        }
        float x = Float.intBitsToFloat(operand32(c, a));
        float y = Float.intBitsToFloat(operand32(c, b));
        return x > y ? 0 : x < y ? io.xenscope.cpu.Flags.CF : io.xenscope.cpu.Flags.ZF;
    }

    public static long compareFlags64(Cpu c, long a, long b, boolean signalling) {
        boolean unordered = isNaN64(a) || isNaN64(b);
        if (unordered) {
            if (signalling || isSNaN64(a) || isSNaN64(b)) {
                c.mxcsr |= Mxcsr.IE;
            }
            return io.xenscope.cpu.Flags.ZF | io.xenscope.cpu.Flags.PF | io.xenscope.cpu.Flags.CF;
        }
        double x = Double.longBitsToDouble(operand64(c, a));
        double y = Double.longBitsToDouble(operand64(c, b));
        return x > y ? 0 : x < y ? io.xenscope.cpu.Flags.CF : io.xenscope.cpu.Flags.ZF;
    }
}
