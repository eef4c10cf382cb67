package io.xenscope.cpu.conformance;

import static io.xenscope.cpu.conformance.CaseBuilder.AF;
import static io.xenscope.cpu.conformance.CaseBuilder.ARITH;
import static io.xenscope.cpu.conformance.CaseBuilder.CF;
import static io.xenscope.cpu.conformance.CaseBuilder.OF;
import static io.xenscope.cpu.conformance.CaseBuilder.PF;
import static io.xenscope.cpu.conformance.CaseBuilder.SF;
import static io.xenscope.cpu.conformance.CaseBuilder.ZF;
import static io.xenscope.cpu.conformance.CaseBuilder.mem;
import static io.xenscope.cpu.conformance.Operands.reg;

import java.util.List;
import java.util.Random;

/**
 * Seeded random sequences of 2..8 instructions from the ALU families, on few registers so that
 * results feed each other. Undefined flags are tracked through the sequence: an instruction that
 * reads CF (ADC, SBB, RCL, RCR) is not chosen while CF is undefined, and the flags still undefined
 * at the end are not compared.
 */
final class RandomSequences {
    static final int SEQUENCES = 12_000;

    private RandomSequences() {
    }

    static void contribute(List<ConformanceCase> out, Random r) {
        for (int s = 0; s < SEQUENCES; s++) {
            int length = 2 + r.nextInt(7);
            long undefined = 0;
            StringBuilder asm = new StringBuilder();
            for (int i = 0; i < length; i++) {
                long[] effect = new long[2]; // [defined writes, undefined]
                String insn = instruction(r, (undefined & CF) != 0, effect);
                undefined = (undefined & ~effect[0]) | effect[1];
                asm.append(i == 0 ? "" : "\n").append(insn);
            }
            CaseBuilder c = new CaseBuilder(r).undefined(undefined);
            for (int n : new int[] {0, 1, 2, 3}) {
                if (r.nextInt(3) == 0) {
                    c.reg(n, Operands.edges(8)[r.nextInt(10)]);
                }
            }
            c.add(out, "sequence", asm.toString());
        }
    }

    /** Registers used: rax, rbx, rdx, rsi (rcx holds shift counts only through immediates here). */
    private static String instruction(Random r, boolean cfUndefined, long[] effect) {
        int[] pool = {0, 3, 2, 6};
        int size = AluCases.SIZES[r.nextInt(4)];
        String a = reg(pool[r.nextInt(4)], size), b = reg(pool[r.nextInt(4)], size);
        String m = mem(size, 0x80 + 8 * r.nextInt(16));
        while (true) {
            switch (r.nextInt(12)) {
                case 0, 1, 2 -> {
                    String op = AluCases.ALU[r.nextInt(AluCases.ALU.length)];
                    if (cfUndefined && (op.equals("adc") || op.equals("sbb"))) {
                        continue;
                    }
                    effect[0] = ARITH;
                    effect[1] = AluCases.logicUndefined(op);
                    effect[0] &= ~effect[1];
                    return switch (r.nextInt(4)) {
                        case 0 -> op + " " + a + ", " + b;
                        case 1 -> op + " " + a + ", " + AluCases.imm(r.nextLong(), size);
                        case 2 -> op + " " + m + ", " + b;
                        default -> op.equals("test") ? op + " " + m + ", " + b : op + " " + a + ", " + m;
                    };
                }
                case 3 -> {
                    String op = new String[] {"inc", "dec", "neg", "not"}[r.nextInt(4)];
                    effect[0] = op.equals("not") ? 0 : op.equals("neg") ? ARITH : ARITH & ~CF;
                    return op + " " + (r.nextBoolean() ? a : m);
                }
                case 4, 5 -> {
                    String op = AluCases.SHIFTS[r.nextInt(AluCases.SHIFTS.length)];
                    if (cfUndefined && op.startsWith("rc")) {
                        continue;
                    }
                    int count = AluCases.COUNTS[r.nextInt(AluCases.COUNTS.length)];
                    int masked = count & (size == 8 ? 63 : 31);
                    long u = AluCases.shiftUndefined(op, size, count);
                    long written = masked == 0 ? 0 : op.startsWith("ro") || op.startsWith("rc") ? CF | OF : ARITH;
                    effect[0] = written & ~u;
                    effect[1] = u;
                    return op + " " + (r.nextBoolean() ? a : m) + ", " + count;
                }
                case 6 -> {
                    if (size == 1) {
                        continue;
                    }
                    effect[0] = CF | OF;
                    effect[1] = SF | ZF | AF | PF;
                    return r.nextBoolean() ? "imul " + a + ", " + b : (r.nextBoolean() ? "mul " : "imul ") + b;
                }
                case 7 -> {
                    if (size == 1) {
                        continue;
                    }
                    String op = new String[] {"bt", "bts", "btr", "btc"}[r.nextInt(4)];
                    effect[0] = CF;
                    effect[1] = OF | SF | AF | PF;
                    return op + " " + (r.nextBoolean() ? a : m) + ", " + r.nextInt(size * 8);
                }
                case 8 -> {
                    if (size == 1) {
                        continue;
                    }
                    int k = r.nextInt(5);
                    String op = new String[] {"bsf", "bsr", "tzcnt", "lzcnt", "popcnt"}[k];
                    effect[0] = k < 2 ? ZF : k < 4 ? CF | ZF : ARITH;
                    effect[1] = k < 2 ? CF | OF | SF | AF | PF : k < 4 ? OF | SF | AF | PF : 0;
                    return op + " " + a + ", " + (r.nextBoolean() ? b : m);
                }
                case 9 -> {
                    if (size == 1) {
                        continue;
                    }
                    String op = r.nextBoolean() ? "shld" : "shrd";
                    int count = r.nextInt(size == 2 ? 17 : size * 8);
                    effect[0] = count == 0 ? 0 : ARITH & ~(AF | (count > 1 ? OF : 0));
                    effect[1] = count == 0 ? 0 : AF | (count > 1 ? OF : 0);
                    return op + " " + (r.nextBoolean() ? a : m) + ", " + b + ", " + count;
                }
                case 10 -> {
                    effect[0] = 0;
                    return size >= 4 ? "bswap " + a : "crc32 " + reg(0, 4) + ", " + b;
                }
                default -> {
                    if (size == 1) {
                        continue;
                    }
                    effect[0] = 0;
                    return r.nextBoolean() ? "movbe " + a + ", " + m : "movbe " + m + ", " + a;
                }
            }
        }
    }
}
