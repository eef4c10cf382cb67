package io.xenscope.cpu.conformance;

import java.util.List;
import java.util.Random;

/**
 * Fluent construction of a {@link ConformanceCase} from a random starting state:
 * {@code new CaseBuilder(random).reg(RAX, 5).cf(true).add(out, "arithmetic", "add rax, rbx")}.
 * Registers start random (RSP at the stack top), the data window random, the arithmetic flags random.
 */
public final class CaseBuilder {
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
    public static final long CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
    public static final long ARITH = CF | PF | AF | ZF | SF | OF;

    private final long[] gpr = new long[16];
    private long rflags;
    private final byte[] data = new byte[Layout.CASE_DATA];
    private long undefined;

    public CaseBuilder(Random random) {
        for (int i = 0; i < 16; i++) {
            gpr[i] = random.nextLong();
        }
        gpr[RSP] = Layout.STACK_TOP;
        random.nextBytes(data);
        rflags = 0x202 | (random.nextLong() & ARITH);
    }

    public CaseBuilder reg(int n, long value) {
        gpr[n] = value;
        return this;
    }

    public CaseBuilder flags(long arith) {
        rflags = 0x202 | (arith & ARITH);
        return this;
    }

    public CaseBuilder cf(boolean set) {
        rflags = set ? rflags | CF : rflags & ~CF;
        return this;
    }

    /** Stores {@code size} bytes of {@code value} little-endian at {@code DATA_BASE + offset}. */
    public CaseBuilder mem(int offset, long value, int size) {
        for (int i = 0; i < size; i++) {
            data[offset + i] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** Flags the SDM leaves undefined after this case: not compared. */
    public CaseBuilder undefined(long flags) {
        undefined |= flags;
        return this;
    }

    public ConformanceCase build(String group, String asm) {
        return new ConformanceCase(group, asm, gpr.clone(), rflags, data.clone(), undefined);
    }

    public void add(List<ConformanceCase> out, String group, String asm) {
        out.add(build(group, asm));
    }

    /** {@code "byte ptr [0x10000100]"}-style absolute memory operand in the data block. */
    public static String mem(int size, int offset) {
        String ptr = switch (size) {
            case 1 -> "byte";
            case 2 -> "word";
            case 4 -> "dword";
            default -> "qword";
        };
        return String.format("%s ptr [%#x]", ptr, Layout.DATA_BASE + offset);
    }
}
