package io.xenscope.cpu.isa.arithmetic;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;

/**
 * The eight group-1 operations (SDM Vol. 2 ADD, OR, ADC, SBB, AND, SUB, XOR, CMP) plus TEST.
 * {@link #result} computes, {@link #record} records the lazy flags: ops write the destination between
 * the two, so that a faulting memory write leaves the flags untouched (SDM Vol. 3 §6.5).
 */
final class AluOperation {
    static final int ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7, TEST = 8;

    private AluOperation() {
    }

    /** The untruncated result; {@code cf} is the carry-in of ADC/SBB (0 or 1). */
    static long result(int op, long a, long b, long cf) {
        return switch (op) {
            case ADD -> a + b;
            case OR -> a | b;
            case ADC -> a + b + cf;
            case SBB -> a - b - cf;
            case AND, TEST -> a & b;
            case SUB, CMP -> a - b;
            case XOR -> a ^ b;
            default -> throw new IllegalArgumentException("alu op " + op);
        };
    }

    static void record(Cpu c, int op, int size, long a, long b, long r, long cf) {
        switch (op) {
            case ADD -> Flags.setAdd(c, size, a, b, r);
            case ADC -> {
                Flags.setAdd(c, size, a, b, r);
                c.flagOp = (cf != 0 ? Flags.OP_ADC : Flags.OP_ADD) | size;
            }
            case SUB, CMP -> Flags.setSub(c, size, a, b, r);
            case SBB -> {
                Flags.setSub(c, size, a, b, r);
                c.flagOp = (cf != 0 ? Flags.OP_SBB : Flags.OP_SUB) | size;
            }
            default -> Flags.setLogic(c, size, r);
        }
    }

    static boolean readsCarry(int op) {
        return op == ADC || op == SBB;
    }

    static boolean writesDestination(int op) {
        return op != CMP && op != TEST;
    }
}
