package io.xenscope.cpu.isa.x87;

import io.xenscope.cpu.X87State;

/**
 * The x87 register stack over {@link X87State}: TOP is FSW bits 11..13, ST(i) is physical register
 * (TOP + i) mod 8, the abridged tag word marks valid physical registers (SDM Vol. 1 §8.1.2, §8.1.7).
 */
public final class X87Registers {
    private X87Registers() {
    }

    public static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32, SF = 64, ES = 128;
    public static final int C0 = 1 << 8, C1 = 1 << 9, C2 = 1 << 10, C3 = 1 << 14, B = 1 << 15;
    public static final int TOP_SHIFT = 11;

    public static int top(X87State s) {
        return (s.statusWord >>> TOP_SHIFT) & 7;
    }

    public static void setTop(X87State s, int top) {
        s.statusWord = (s.statusWord & ~(7 << TOP_SHIFT)) | ((top & 7) << TOP_SHIFT);
    }

    public static int physical(X87State s, int i) {
        return (top(s) + i) & 7;
    }

    public static boolean isEmpty(X87State s, int i) {
        return (s.tagWord & (1 << physical(s, i))) == 0;
    }

    /**
     * The full 16-bit tag word (FSTENV/FSAVE format) from the abridged one: per physical register
     * 00 valid, 01 zero, 10 special (NaN, infinity, denormal, unnormal), 11 empty (SDM Vol. 1 §8.1.7).
     */
    public static int fullTagWord(X87State s) {
        int tw = 0;
        for (int p = 0; p < 8; p++) {
            int tag;
            if ((s.tagWord & (1 << p)) == 0) {
                tag = 3;
            } else {
                int exp = s.signExponent[p] & 0x7fff;
                long sig = s.significand[p];
                if (exp == 0 && sig == 0) {
                    tag = 1;
                } else if (exp == 0x7fff || exp == 0 || sig >= 0) { // J bit (63) clear: denormal/unnormal
                    tag = 2;
                } else {
                    tag = 0;
                }
            }
            tw |= tag << (2 * p);
        }
        return tw;
    }

    /** The abridged tag word from a full one: only "empty" (11) matters. */
    public static int abridgedTagWord(int full) {
        int t = 0;
        for (int p = 0; p < 8; p++) {
            if (((full >>> (2 * p)) & 3) != 3) {
                t |= 1 << p;
            }
        }
        return t;
    }

    /** FSW.ES and B follow whether any unmasked exception flag is set (SDM Vol. 1 §8.1.3.x). */
    public static void updateSummary(X87State s) {
        int unmasked = s.statusWord & ~s.controlWord & 0x3f;
        s.statusWord = unmasked != 0 ? s.statusWord | ES | B : s.statusWord & ~(ES | B);
    }
}
