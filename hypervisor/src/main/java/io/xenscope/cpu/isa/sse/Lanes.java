package io.xenscope.cpu.isa.sse;

/**
 * Packed-integer arithmetic on one 64-bit half of an XMM register: 8 bytes, 4 words or 2 doublewords
 * (SDM Vol. 1 §11.4.3). Every function is lane-wise, so a 128-bit operation applies it to both halves.
 */
public final class Lanes {
    private Lanes() {
    }

    static final long H8 = 0x8080808080808080L, H16 = 0x8000800080008000L, H32 = 0x8000000080000000L;

    /** Element {@code i} of width {@code bits}, zero-extended. */
    static long get(long v, int bits, int i) {
        return (v >>> (i * bits)) & ((1L << bits) - 1);
    }

    /** Element {@code i} of width {@code bits}, sign-extended. */
    static long sget(long v, int bits, int i) {
        return (v << (64 - bits - i * bits)) >> (64 - bits);
    }

    static long put(long acc, int bits, int i, long e) {
        return acc | ((e & ((1L << bits) - 1)) << (i * bits));
    }

    // ---- wrap-around add/subtract (SWAR) ------------------------------------------------------

    public static long add(int bits, long a, long b) {
        long h = bits == 8 ? H8 : bits == 16 ? H16 : bits == 32 ? H32 : 0x8000000000000000L;
        return ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
    }

    public static long sub(int bits, long a, long b) {
        long h = bits == 8 ? H8 : bits == 16 ? H16 : bits == 32 ? H32 : 0x8000000000000000L;
        return ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h);
    }

    // ---- saturating (PADDS/PADDUS/PSUBS/PSUBUS) ------------------------------------------------

    public static long addSaturate(int bits, boolean signed, long a, long b) {
        return saturating(bits, signed, a, b, 1);
    }

    public static long subSaturate(int bits, boolean signed, long a, long b) {
        return saturating(bits, signed, a, b, -1);
    }

    private static long saturating(int bits, boolean signed, long a, long b, int sign) {
        long r = 0;
        long max = signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        long min = signed ? -(1L << (bits - 1)) : 0;
        for (int i = 0; i < 64 / bits; i++) {
            long x = signed ? sget(a, bits, i) : get(a, bits, i);
            long y = signed ? sget(b, bits, i) : get(b, bits, i);
            long s = sign > 0 ? x + y : x - y;
            r = put(r, bits, i, Math.max(min, Math.min(max, s)));
        }
        return r;
    }

    // ---- compare, min/max, average ---------------------------------------------------------------

    public static long cmpeq(int bits, long a, long b) {
        long r = 0;
        for (int i = 0; i < 64 / bits; i++) {
            r = put(r, bits, i, get(a, bits, i) == get(b, bits, i) ? -1 : 0);
        }
        return r;
    }

    public static long cmpgt(int bits, long a, long b) {
        long r = 0;
        for (int i = 0; i < 64 / bits; i++) {
            r = put(r, bits, i, sget(a, bits, i) > sget(b, bits, i) ? -1 : 0);
        }
        return r;
    }

    public static long min(int bits, boolean signed, long a, long b) {
        long r = 0;
        for (int i = 0; i < 64 / bits; i++) {
            long x = signed ? sget(a, bits, i) : get(a, bits, i);
            long y = signed ? sget(b, bits, i) : get(b, bits, i);
            r = put(r, bits, i, Math.min(x, y));
        }
        return r;
    }

    public static long max(int bits, boolean signed, long a, long b) {
        long r = 0;
        for (int i = 0; i < 64 / bits; i++) {
            long x = signed ? sget(a, bits, i) : get(a, bits, i);
            long y = signed ? sget(b, bits, i) : get(b, bits, i);
            r = put(r, bits, i, Math.max(x, y));
        }
        return r;
    }

    /** PAVGB/PAVGW: (a + b + 1) >> 1 unsigned. */
    public static long avg(int bits, long a, long b) {
        long r = 0;
        for (int i = 0; i < 64 / bits; i++) {
            r = put(r, bits, i, (get(a, bits, i) + get(b, bits, i) + 1) >>> 1);
        }
        return r;
    }

    // ---- multiplies -------------------------------------------------------------------------------

    /** PMULLW (low), PMULHW (high signed), PMULHUW (high unsigned). */
    public static long mulWords(long a, long b, boolean high, boolean signed) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            long x = signed ? sget(a, 16, i) : get(a, 16, i);
            long y = signed ? sget(b, 16, i) : get(b, 16, i);
            long p = x * y;
            r = put(r, 16, i, high ? p >> 16 : p);
        }
        return r;
    }

    /** PMULUDQ: low unsigned doublewords multiplied to a quadword. */
    public static long mulUdq(long a, long b) {
        return (a & 0xffffffffL) * (b & 0xffffffffL);
    }

    /** PMADDWD: pairs of signed word products summed into doublewords (0x8000*0x8000*2 wraps). */
    public static long maddwd(long a, long b) {
        long lo = sget(a, 16, 0) * sget(b, 16, 0) + sget(a, 16, 1) * sget(b, 16, 1);
        long hi = sget(a, 16, 2) * sget(b, 16, 2) + sget(a, 16, 3) * sget(b, 16, 3);
        return (lo & 0xffffffffL) | (hi << 32);
    }

    /** PSADBW: sum of absolute byte differences in the low word. */
    public static long sadbw(long a, long b) {
        long s = 0;
        for (int i = 0; i < 8; i++) {
            s += Math.abs(get(a, 8, i) - get(b, 8, i));
        }
        return s;
    }

    // ---- shifts -----------------------------------------------------------------------------------

    /** PSLL/PSRL/PSRA by {@code count} (an unsigned 64-bit count; too large: zero, or sign fill). */
    public static long shiftLeft(int bits, long a, long count) {
        if (Long.compareUnsigned(count, bits - 1) > 0) {
            return 0;
        }
        if (bits == 64) {
            return a << count;
        }
        long r = 0;
        for (int i = 0; i < 64 / bits; i++) {
            r = put(r, bits, i, get(a, bits, i) << count);
        }
        return r;
    }

    public static long shiftRightLogical(int bits, long a, long count) {
        if (Long.compareUnsigned(count, bits - 1) > 0) {
            return 0;
        }
        if (bits == 64) {
            return a >>> count;
        }
        long r = 0;
        for (int i = 0; i < 64 / bits; i++) {
            r = put(r, bits, i, get(a, bits, i) >>> count);
        }
        return r;
    }

    public static long shiftRightArithmetic(int bits, long a, long count) {
        int n = Long.compareUnsigned(count, bits - 1) > 0 ? bits - 1 : (int) count;
        long r = 0;
        for (int i = 0; i < 64 / bits; i++) {
            r = put(r, bits, i, sget(a, bits, i) >> n);
        }
        return r;
    }

    // ---- saturating packs -------------------------------------------------------------------------

    /** Packs the 64/bits elements of {@code a} (signed) into narrower saturated elements. */
    public static long pack(int bits, boolean unsignedResult, long a) {
        int nb = bits / 2;
        long max = unsignedResult ? (1L << nb) - 1 : (1L << (nb - 1)) - 1;
        long min = unsignedResult ? 0 : -(1L << (nb - 1));
        long r = 0;
        for (int i = 0; i < 64 / bits; i++) {
            r = put(r, nb, i, Math.max(min, Math.min(max, sget(a, bits, i))));
        }
        return r;
    }

    // ---- interleave -------------------------------------------------------------------------------

    /** Interleaves the low 32 bits of {@code a} and {@code b} element by element: a0 b0 a1 b1 ... */
    public static long interleave(int bits, long a, long b) {
        long r = 0;
        int n = 32 / bits;
        for (int i = 0; i < n; i++) {
            r = put(r, bits, 2 * i, get(a, bits, i));
            r = put(r, bits, 2 * i + 1, get(b, bits, i));
        }
        return r;
    }

    // ---- sign masks -------------------------------------------------------------------------------

    public static long signMask(int bits, long lo, long hi) {
        long r = 0;
        int n = 64 / bits;
        for (int i = 0; i < n; i++) {
            r |= ((lo >>> (i * bits + bits - 1)) & 1) << i;
            r |= ((hi >>> (i * bits + bits - 1)) & 1) << (i + n);
        }
        return r;
    }
}
