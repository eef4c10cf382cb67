package io.xenscope.cpu;

/**
 * The x87 FPU environment (SDM Vol. 1 §8.1). The data registers are kept as 80-bit values split into
 * a 64-bit significand and a 16-bit sign+exponent, so fxsave/fxrstor round-trip them bit-exactly.
 */
public final class X87State {
    public int controlWord;
    public int statusWord;
    /** Abridged tag word as fxsave stores it: bit i set = physical register i is valid. */
    public int tagWord;
    public int lastOpcode;
    public long lastIp, lastDp;
    public final long[] significand = new long[8];
    public final int[] signExponent = new int[8];

    public X87State() {
        reset();
    }

    /** State after power-on (SDM Vol. 1 §8.1.x; fninit sets the same but leaves the registers). */
    public void reset() {
        controlWord = 0x40;
        statusWord = 0;
        tagWord = 0;
        lastOpcode = 0;
        lastIp = lastDp = 0;
        java.util.Arrays.fill(significand, 0);
        java.util.Arrays.fill(signExponent, 0);
    }

    /** What fninit does (SDM Vol. 2 FINIT/FNINIT): control word 037FH, status 0, all registers empty. */
    public void init() {
        controlWord = 0x37f;
        statusWord = 0;
        tagWord = 0;
        lastOpcode = 0;
        lastIp = lastDp = 0;
    }
}
