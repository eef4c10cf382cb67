package io.xenscope.debug.symbols;

import java.util.Arrays;

/**
 * Register values of one frame in DWARF x86-64 numbering (0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi,
 * 6 rbp, 7 rsp, 8-15 r8-r15, 16 rip). A register may be unknown.
 */
public final class Registers {
    public static final int COUNT = 17;
    private final long[] values = new long[COUNT];
    private int known;

    public Registers() {
    }

    public static Registers of(long rip, long rsp, long rbp) {
        return new Registers().set(CallFrameInfo.RIP, rip).set(CallFrameInfo.RSP, rsp).set(CallFrameInfo.RBP, rbp);
    }

    public Registers set(int reg, long value) {
        values[reg] = value;
        known |= 1 << reg;
        return this;
    }

    public void clear(int reg) {
        known &= ~(1 << reg);
    }

    public boolean has(int reg) {
        return reg >= 0 && reg < COUNT && (known & (1 << reg)) != 0;
    }

    public long get(int reg) {
        return values[reg];
    }

    public long pc() {
        return values[CallFrameInfo.RIP];
    }

    public long sp() {
        return values[CallFrameInfo.RSP];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < COUNT; i++) {
            if (has(i)) {
                sb.append(Expressions.reg(i)).append("=0x").append(Long.toHexString(values[i])).append(' ');
            }
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Registers r && r.known == known && Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) ^ known;
    }
}
