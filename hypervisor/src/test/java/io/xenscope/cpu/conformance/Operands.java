package io.xenscope.cpu.conformance;

import java.util.Random;

/** Register names and edge values for generating cases. */
public final class Operands {
    private static final String[] R64 = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10",
        "r11", "r12", "r13", "r14", "r15"};
    private static final String[] R32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d", "r10d",
        "r11d", "r12d", "r13d", "r14d", "r15d"};
    private static final String[] R16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w", "r11w",
        "r12w", "r13w", "r14w", "r15w"};
    private static final String[] R8 = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b", "r10b", "r11b",
        "r12b", "r13b", "r14b", "r15b"};
    /** Usable general registers (not RSP). */
    static final int[] USABLE = {0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    private Operands() {
    }

    public static String reg(int n, int size) {
        return switch (size) {
            case 1 -> R8[n];
            case 2 -> R16[n];
            case 4 -> R32[n];
            default -> R64[n];
        };
    }

    public static long mask(int size) {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }

    public static long signExtend(long v, int size) {
        int s = 64 - 8 * size;
        return (v << s) >> s;
    }

    /** 0, 1, 2, sign boundaries, all ones, alternating bits, for an operand of {@code size} bytes. */
    public static long[] edges(int size) {
        long m = mask(size);
        long top = 1L << (8 * size - 1);
        return new long[] {0, 1, 2, top - 1, top, top + 1, m, m - 1, 0x5555555555555555L & m, 0x0f0f0f0f0f0f0f0fL & m | top};
    }

    /** A value with the low {@code size} bytes {@code low} and random upper bytes. */
    public static long withUpper(Random r, long low, int size) {
        return size == 8 ? low : (r.nextLong() & ~mask(size)) | (low & mask(size));
    }

    /** Two distinct usable registers. */
    public static int[] twoRegisters(Random r) {
        int a = USABLE[r.nextInt(USABLE.length)];
        int b;
        do {
            b = USABLE[r.nextInt(USABLE.length)];
        } while (b == a);
        return new int[] {a, b};
    }

    public static String imm(long v) {
        return Long.toString(v);
    }
}
