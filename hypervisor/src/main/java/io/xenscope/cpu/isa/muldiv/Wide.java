package io.xenscope.cpu.isa.muldiv;

/** 128-bit helpers for the 64-bit multiplies and divides. */
final class Wide {
    private Wide() {
    }

    /** High 64 bits of the unsigned 128-bit product (Java 17 has only the signed {@link Math#multiplyHigh}). */
    static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * Unsigned 128/64 division of {@code hi:lo} by {@code d}; requires {@code hi <u d} (so the quotient
     * fits). Returns the quotient; the remainder is {@code lo - quotient * d} in 64-bit arithmetic.
     */
    static long divideUnsigned(long hi, long lo, long d) {
        if (hi == 0) {
            return Long.divideUnsigned(lo, d);
        }
        long q = 0;
        long r = hi;
        for (int i = 63; i >= 0; i--) {
            boolean carry = r < 0; // r's bit 63 shifts out: then r*2 exceeds d for sure
            r = (r << 1) | ((lo >>> i) & 1);
            if (carry || Long.compareUnsigned(r, d) >= 0) {
                r -= d;
                q |= 1L << i;
            }
        }
        return q;
    }
}
