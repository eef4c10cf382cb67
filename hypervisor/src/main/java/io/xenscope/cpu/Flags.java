package io.xenscope.cpu;

/**
 * RFLAGS with lazily computed arithmetic flags (the technique of Bochs and QEMU's cc_op).
 *
 * <p>An arithmetic instruction does not compute CF, PF, AF, ZF, SF and OF; it records what it did:
 * the operation and size ({@link Cpu#flagOp}), its operands ({@link Cpu#flagDst}, {@link Cpu#flagSrc})
 * and result ({@link Cpu#flagRes}). A flag is computed only when something reads it, and a
 * condition code (jcc, setcc, cmovcc) is evaluated straight from the recorded operands, so that
 * {@code cmp a,b; jl} costs one signed compare. While {@code flagOp == OP_NONE}, the arithmetic
 * bits of {@link Cpu#rflags} are current.
 *
 * <p>Operation codes carry the operand size in their low two bits ({@link #S8}..{@link #S64}).
 */
public final class Flags {
    public static final long CF = 1L, PF = 1L << 2, AF = 1L << 4, ZF = 1L << 6, SF = 1L << 7, TF = 1L << 8,
            IF = 1L << 9, DF = 1L << 10, OF = 1L << 11, IOPL = 3L << 12, NT = 1L << 14, RF = 1L << 16,
            VM = 1L << 17, AC = 1L << 18, VIF = 1L << 19, VIP = 1L << 20, ID = 1L << 21;
    /** The six status flags that the lazy machinery computes. */
    public static final long ARITH = CF | PF | AF | ZF | SF | OF;
    /** Bit 1 always reads as 1 (SDM Vol. 1 §3.4.3). */
    public static final long FIXED = 1L << 1;

    public static final int S8 = 0, S16 = 1, S32 = 2, S64 = 3;
    /** Arithmetic flags are materialised in rflags. */
    public static final int OP_NONE = 0;
    public static final int OP_ADD = 1 << 2;
    /** add with carry-in 1 (adc with CF=0 is recorded as OP_ADD). */
    public static final int OP_ADC = 2 << 2;
    public static final int OP_SUB = 3 << 2;
    /** subtract with borrow-in 1 (sbb with CF=0 is recorded as OP_SUB). */
    public static final int OP_SBB = 4 << 2;
    /** and/or/xor/test: CF = OF = 0, AF = 0. */
    public static final int OP_LOGIC = 5 << 2;
    /** inc: like add of 1, but CF is preserved (held in flagSrc bit 0). */
    public static final int OP_INC = 6 << 2;
    /** dec: like sub of 1, CF preserved (held in flagSrc bit 0). */
    public static final int OP_DEC = 7 << 2;
    /**
     * Instructions that compute CF and OF themselves (shifts, multiplies): CF in flagSrc bit 0, OF in
     * flagDst bit 0, AF in flagDst bit 4; ZF, SF, PF from the result.
     */
    public static final int OP_EXPLICIT_CO = 8 << 2;

    private static final long[] MASK = {0xffL, 0xffffL, 0xffffffffL, -1L};
    private static final int[] SIGN_SHIFT = {7, 15, 31, 63};

    private Flags() {
    }

    public static int sizeCode(int bytes) {
        return switch (bytes) {
            case 1 -> S8;
            case 2 -> S16;
            case 4 -> S32;
            default -> S64;
        };
    }

    public static long mask(int sizeCode) {
        return MASK[sizeCode];
    }

    // ---- recording ------------------------------------------------------------------------------

    public static void setAdd(Cpu c, int size, long dst, long src, long res) {
        c.flagOp = OP_ADD | size;
        c.flagDst = dst;
        c.flagSrc = src;
        c.flagRes = res;
    }

    public static void setSub(Cpu c, int size, long dst, long src, long res) {
        c.flagOp = OP_SUB | size;
        c.flagDst = dst;
        c.flagSrc = src;
        c.flagRes = res;
    }

    public static void setLogic(Cpu c, int size, long res) {
        c.flagOp = OP_LOGIC | size;
        c.flagRes = res;
    }

    public static void setInc(Cpu c, int size, long dst, long res) {
        long cf = cf(c);
        c.flagOp = OP_INC | size;
        c.flagDst = dst;
        c.flagSrc = cf;
        c.flagRes = res;
    }

    public static void setDec(Cpu c, int size, long dst, long res) {
        long cf = cf(c);
        c.flagOp = OP_DEC | size;
        c.flagDst = dst;
        c.flagSrc = cf;
        c.flagRes = res;
    }

    /** Records a result whose CF, OF (and optionally AF) the instruction computed itself. */
    public static void setExplicit(Cpu c, int size, long res, boolean cf, boolean of) {
        c.flagOp = OP_EXPLICIT_CO | size;
        c.flagSrc = cf ? 1 : 0;
        c.flagDst = of ? 1 : 0;
        c.flagRes = res;
    }

    // ---- reading --------------------------------------------------------------------------------

    /** Current RFLAGS with every arithmetic flag computed. */
    public static long read(Cpu c) {
        if (c.flagOp == OP_NONE) {
            return c.rflags | FIXED;
        }
        long f = c.rflags & ~ARITH;
        if (cf(c) != 0) f |= CF;
        if (pf(c)) f |= PF;
        if (af(c)) f |= AF;
        if (zf(c)) f |= ZF;
        if (sf(c)) f |= SF;
        if (of(c)) f |= OF;
        return f | FIXED;
    }

    /** Replaces RFLAGS (all bits; the caller has applied any write mask). */
    public static void write(Cpu c, long value) {
        c.rflags = value | FIXED;
        c.flagOp = OP_NONE;
    }

    /** Materialises the lazy flags into rflags (before an instruction changes some but not all of them). */
    public static void materialize(Cpu c) {
        if (c.flagOp != OP_NONE) {
            write(c, read(c));
        }
    }

    /** Sets or clears a single arithmetic flag (clc, stc, cmc, bt family, ...). */
    public static void setFlag(Cpu c, long flag, boolean value) {
        materialize(c);
        c.rflags = value ? c.rflags | flag : c.rflags & ~flag;
    }

    public static long cf(Cpu c) {
        int op = c.flagOp;
        int sz = op & 3;
        long m = MASK[sz];
        return switch (op & ~3) {
            case OP_NONE -> c.rflags & CF;
            case OP_ADD -> Long.compareUnsigned(c.flagRes & m, c.flagDst & m) < 0 ? 1 : 0;
            case OP_ADC -> Long.compareUnsigned(c.flagRes & m, c.flagDst & m) <= 0 ? 1 : 0;
            case OP_SUB -> Long.compareUnsigned(c.flagDst & m, c.flagSrc & m) < 0 ? 1 : 0;
            case OP_SBB -> Long.compareUnsigned(c.flagDst & m, c.flagSrc & m) <= 0 ? 1 : 0;
            case OP_LOGIC -> 0;
            case OP_INC, OP_DEC, OP_EXPLICIT_CO -> c.flagSrc & 1;
            default -> throw new IllegalStateException("flag op " + op);
        };
    }

    public static boolean zf(Cpu c) {
        return c.flagOp == OP_NONE ? (c.rflags & ZF) != 0 : (c.flagRes & MASK[c.flagOp & 3]) == 0;
    }

    public static boolean sf(Cpu c) {
        return c.flagOp == OP_NONE ? (c.rflags & SF) != 0 : ((c.flagRes >>> SIGN_SHIFT[c.flagOp & 3]) & 1) != 0;
    }

    public static boolean pf(Cpu c) {
        return c.flagOp == OP_NONE ? (c.rflags & PF) != 0 : (Integer.bitCount((int) c.flagRes & 0xff) & 1) == 0;
    }

    public static boolean af(Cpu c) {
        int op = c.flagOp & ~3;
        return switch (op) {
            case OP_NONE -> (c.rflags & AF) != 0;
            case OP_LOGIC -> false;
            case OP_INC, OP_DEC -> ((c.flagDst ^ c.flagRes) & 0x10) != 0; // src was 1
            case OP_EXPLICIT_CO -> (c.flagDst & 0x10) != 0;
            default -> ((c.flagDst ^ c.flagSrc ^ c.flagRes) & 0x10) != 0;
        };
    }

    public static boolean of(Cpu c) {
        int op = c.flagOp;
        int sh = SIGN_SHIFT[op & 3];
        long d = c.flagDst, s = c.flagSrc, r = c.flagRes;
        return switch (op & ~3) {
            case OP_NONE -> (c.rflags & OF) != 0;
            case OP_ADD, OP_ADC -> ((((d ^ r) & (s ^ r)) >>> sh) & 1) != 0;
            case OP_SUB, OP_SBB -> ((((d ^ s) & (d ^ r)) >>> sh) & 1) != 0;
            case OP_LOGIC -> false;
            // inc overflows from 0x7f.. to 0x80..; dec from 0x80.. to 0x7f..
            case OP_INC -> (((~d & r) >>> sh) & 1) != 0;
            case OP_DEC -> (((d & ~r) >>> sh) & 1) != 0;
            case OP_EXPLICIT_CO -> (d & 1) != 0;
            default -> throw new IllegalStateException("flag op " + op);
        };
    }

    /**
     * Evaluates condition code {@code cc} (SDM Vol. 1 Appendix B, Table B-1: O NO B AE E NE BE A S NS
     * P NP L GE LE G). After a compare or subtraction the unsigned and signed conditions come
     * straight from the recorded operands.
     */
    public static boolean condition(Cpu c, int cc) {
        int op = c.flagOp;
        if ((op & ~3) == OP_SUB) {
            int sz = op & 3;
            long m = MASK[sz];
            long d = c.flagDst & m, s = c.flagSrc & m;
            int shift = 63 - SIGN_SHIFT[sz];
            long sd = (c.flagDst << shift) >> shift, ss = (c.flagSrc << shift) >> shift;
            switch (cc) {
                case 2: return Long.compareUnsigned(d, s) < 0;
                case 3: return Long.compareUnsigned(d, s) >= 0;
                case 4: return d == s;
                case 5: return d != s;
                case 6: return Long.compareUnsigned(d, s) <= 0;
                case 7: return Long.compareUnsigned(d, s) > 0;
                case 12: return sd < ss;
                case 13: return sd >= ss;
                case 14: return sd <= ss;
                case 15: return sd > ss;
                default: break;
            }
        }
        boolean r = switch (cc >> 1) {
            case 0 -> of(c);
            case 1 -> cf(c) != 0;
            case 2 -> zf(c);
            case 3 -> cf(c) != 0 || zf(c);
            case 4 -> sf(c);
            case 5 -> pf(c);
            case 6 -> sf(c) != of(c);
            default -> zf(c) || sf(c) != of(c);
        };
        return (cc & 1) == 0 ? r : !r;
    }
}
