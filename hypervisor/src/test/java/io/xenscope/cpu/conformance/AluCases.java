package io.xenscope.cpu.conformance;

import static io.xenscope.cpu.conformance.CaseBuilder.AF;
import static io.xenscope.cpu.conformance.CaseBuilder.ARITH;
import static io.xenscope.cpu.conformance.CaseBuilder.CF;
import static io.xenscope.cpu.conformance.CaseBuilder.OF;
import static io.xenscope.cpu.conformance.CaseBuilder.PF;
import static io.xenscope.cpu.conformance.CaseBuilder.SF;
import static io.xenscope.cpu.conformance.CaseBuilder.ZF;
import static io.xenscope.cpu.conformance.CaseBuilder.mem;
import static io.xenscope.cpu.conformance.Operands.edges;
import static io.xenscope.cpu.conformance.Operands.reg;
import static io.xenscope.cpu.conformance.Operands.signExtend;
import static io.xenscope.cpu.conformance.Operands.withUpper;

import java.util.List;
import java.util.Random;

/**
 * Cases for the arithmetic, shift, muldiv and bits families. Undefined flags are masked as the SDM
 * says (Vol. 2, each instruction's "Flags Affected"):
 * AND/OR/XOR/TEST: AF. Shifts: AF for a non-zero count, OF for a count above 1, CF for SHL/SHR by at
 * least the width. Rotates: OF for a count above 1. SHLD/SHRD: AF, OF above 1, and for a 16-bit
 * operand with a count above 16 everything (those cases are left out: the result is undefined too).
 * MUL/IMUL: SF, ZF, AF, PF. DIV/IDIV: all six. BT*: OF, SF, AF, PF. BSF/BSR: CF, OF, SF, AF, PF.
 * TZCNT/LZCNT: OF, SF, AF, PF.
 */
public final class AluCases {
    static final String[] ALU = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp", "test"};
    static final int[] SIZES = {1, 2, 4, 8};
    static final String[] SHIFTS = {"rol", "ror", "rcl", "rcr", "shl", "sal", "shr", "sar"};
    static final int[] COUNTS = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255};

    private AluCases() {
    }

    public static final List<CaseContributor> ALL = List.of(AluCases::arithmetic, AluCases::unary, AluCases::lock,
            AluCases::shifts, AluCases::doubleShifts, AluCases::multiply, AluCases::divide, AluCases::bitTests,
            AluCases::bitScans, AluCases::bytes, RandomSequences::contribute);

    static long logicUndefined(String op) {
        return op.equals("and") || op.equals("or") || op.equals("xor") || op.equals("test") ? AF : 0;
    }

    // ---- arithmetic -------------------------------------------------------------------------------

    static void arithmetic(List<ConformanceCase> out, Random r) {
        for (String op : ALU) {
            boolean carryIn = op.equals("adc") || op.equals("sbb");
            for (int size : SIZES) {
                long[] e = edges(size);
                for (int pass = 0; pass < 2; pass++) {
                    for (long a : e) {
                        for (long b : e) {
                            if (pass == 1) { // random values in the second pass
                                a = r.nextLong() & Operands.mask(size);
                                b = r.nextLong() & Operands.mask(size);
                            }
                            boolean cf = carryIn ? r.nextBoolean() : r.nextBoolean();
                            forms(out, r, op, size, a, b, cf);
                        }
                    }
                }
            }
        }
        // high-byte registers
        for (String op : ALU) {
            for (int i = 0; i < 40; i++) {
                String[] hi = {"ah", "ch", "dh", "bh", "al", "cl", "dl", "bl"};
                new CaseBuilder(r).undefined(logicUndefined(op)).add(out, "arithmetic",
                        op + " " + hi[r.nextInt(8)] + ", " + hi[r.nextInt(8)]);
            }
        }
    }

    /** One case per form: r,r; r,m; m,r; m,imm; acc,imm; r,imm. */
    private static void forms(List<ConformanceCase> out, Random r, String op, int size, long a, long b, boolean cf) {
        int[] regs = Operands.twoRegisters(r);
        String ra = reg(regs[0], size), rb = reg(regs[1], size);
        long undefined = logicUndefined(op);
        int off = 0x40 + r.nextInt(0x140);
        long imm = size == 8 ? signExtend(b, 4) : b;
        long imm8 = signExtend(b, 1);
        boolean test = op.equals("test");
        CaseBuilder base = new CaseBuilder(r).reg(regs[0], withUpper(r, a, size)).reg(regs[1], withUpper(r, b, size))
                .cf(cf).undefined(undefined);
        base.add(out, "arithmetic", op + " " + ra + ", " + rb);
        if (!test) {
            base.mem(off, b, size).add(out, "arithmetic", op + " " + ra + ", " + mem(size, off));
        }
        base.mem(off, a, size).add(out, "arithmetic", op + " " + mem(size, off) + ", " + rb);
        base.mem(off, a, size).add(out, "arithmetic", op + " " + mem(size, off) + ", " + imm(imm, size));
        base.reg(0, withUpper(r, a, size)).add(out, "arithmetic", op + " " + reg(0, size) + ", " + imm(imm, size));
        base.add(out, "arithmetic", op + " " + ra + ", " + imm(size == 1 ? imm : imm8, size));
    }

    static String imm(long v, int size) {
        return Long.toString(signExtend(v, Math.min(size, 4)));
    }

    static void unary(List<ConformanceCase> out, Random r) {
        for (String op : new String[] {"inc", "dec", "neg", "not"}) {
            for (int size : SIZES) {
                for (long a : edges(size)) {
                    for (boolean cf : new boolean[] {false, true}) {
                        int n = Operands.USABLE[r.nextInt(Operands.USABLE.length)];
                        int off = 0x40 + r.nextInt(0x140);
                        CaseBuilder b = new CaseBuilder(r).reg(n, withUpper(r, a, size)).cf(cf).mem(off, a, size);
                        b.add(out, "arithmetic", op + " " + reg(n, size));
                        b.add(out, "arithmetic", op + " " + mem(size, off));
                        b.add(out, "arithmetic", "lock " + op + " " + mem(size, off));
                    }
                }
            }
        }
    }

    /** LOCK on memory destinations works; on a register destination or a non-lockable instruction it is #UD. */
    static void lock(List<ConformanceCase> out, Random r) {
        for (String op : ALU) {
            for (int size : SIZES) {
                for (int i = 0; i < 8; i++) {
                    int off = 0x40 + r.nextInt(0x140);
                    CaseBuilder b = new CaseBuilder(r).undefined(logicUndefined(op));
                    String rb = reg(3, size);
                    if (!op.equals("cmp") && !op.equals("test")) {
                        b.add(out, "lock", "lock " + op + " " + mem(size, off) + ", " + rb);
                        b.add(out, "lock", "lock " + op + " " + mem(size, off) + ", " + (i * 37 - 100));
                    }
                    // F0 in front of a register form or of CMP/TEST: #UD
                    b.add(out, "lock", ".byte 0xf0\n" + op + " " + reg(0, size) + ", " + rb);
                    if (op.equals("cmp") || op.equals("test")) {
                        b.add(out, "lock", ".byte 0xf0\n" + op + " " + mem(size, off) + ", " + rb);
                    }
                }
            }
        }
        for (int i = 0; i < 16; i++) {
            new CaseBuilder(r).add(out, "lock", ".byte 0xf0\nnot " + reg(1, SIZES[i % 4]));
            new CaseBuilder(r).undefined(OF | SF | AF | PF).add(out, "lock", ".byte 0xf0\nbts " + reg(1, 4) + ", 3");
            new CaseBuilder(r).undefined(OF | AF).add(out, "lock", ".byte 0xf0\nshl " + mem(4, 0x100) + ", 3");
        }
    }

    // ---- shifts -----------------------------------------------------------------------------------

    static long shiftUndefined(String op, int size, int count) {
        int masked = count & (size == 8 ? 63 : 31);
        if (masked == 0) {
            return 0;
        }
        boolean rotate = op.startsWith("r") && !op.equals("rcr") && !op.equals("rcl") || op.equals("rcr") || op.equals("rcl");
        if (rotate) {
            return masked == 1 ? 0 : OF;
        }
        long u = AF | (masked == 1 ? 0 : OF);
        if ((op.equals("shl") || op.equals("sal") || op.equals("shr")) && masked >= size * 8) {
            u |= CF;
        }
        return u;
    }

    static void shifts(List<ConformanceCase> out, Random r) {
        for (String op : SHIFTS) {
            for (int size : SIZES) {
                for (int count : COUNTS) {
                    for (long a : edges(size)) {
                        int n = Operands.USABLE[r.nextInt(Operands.USABLE.length)];
                        if (n == 1) {
                            n = 3;
                        }
                        int off = 0x40 + r.nextInt(0x140);
                        long u = shiftUndefined(op, size, count);
                        CaseBuilder b = new CaseBuilder(r).reg(n, withUpper(r, a, size)).reg(1, (r.nextLong() & ~0xffL) | count)
                                .mem(off, a, size).undefined(u);
                        b.add(out, "shift", op + " " + reg(n, size) + ", cl");
                        b.add(out, "shift", op + " " + reg(n, size) + ", " + count);
                        b.add(out, "shift", op + " " + mem(size, off) + ", cl");
                        if (count == 1) {
                            b.add(out, "shift", op + " " + mem(size, off) + ", 1");
                        }
                    }
                }
            }
        }
    }

    static void doubleShifts(List<ConformanceCase> out, Random r) {
        for (String op : new String[] {"shld", "shrd"}) {
            for (int size : new int[] {2, 4, 8}) {
                for (int count : COUNTS) {
                    int masked = count & (size == 8 ? 63 : 31);
                    if (size == 2 && masked > 16) {
                        continue; // undefined result (SDM Vol. 2 SHLD: count greater than the operand size)
                    }
                    long u = masked == 0 ? 0 : AF | (masked == 1 ? 0 : OF);
                    for (long a : edges(size)) {
                        long bv = r.nextBoolean() ? r.nextLong() : edges(size)[r.nextInt(10)];
                        int off = 0x40 + r.nextInt(0x140);
                        CaseBuilder b = new CaseBuilder(r).reg(0, withUpper(r, a, size)).reg(3, withUpper(r, bv, size))
                                .reg(1, (r.nextLong() & ~0xffL) | count).mem(off, a, size).undefined(u);
                        b.add(out, "shift", op + " " + reg(0, size) + ", " + reg(3, size) + ", cl");
                        b.add(out, "shift", op + " " + reg(0, size) + ", " + reg(3, size) + ", " + count);
                        b.add(out, "shift", op + " " + mem(size, off) + ", " + reg(3, size) + ", cl");
                    }
                }
            }
        }
    }

    // ---- multiply and divide ----------------------------------------------------------------------

    static void multiply(List<ConformanceCase> out, Random r) {
        long u = SF | ZF | AF | PF;
        for (String op : new String[] {"mul", "imul"}) {
            for (int size : SIZES) {
                for (long a : edges(size)) {
                    for (long b : edges(size)) {
                        int off = 0x40 + r.nextInt(0x140);
                        CaseBuilder c = new CaseBuilder(r).reg(0, withUpper(r, a, size)).reg(3, withUpper(r, b, size))
                                .mem(off, b, size).undefined(u);
                        c.add(out, "muldiv", op + " " + reg(3, size));
                        c.add(out, "muldiv", op + " " + mem(size, off));
                    }
                }
            }
        }
        for (int size : new int[] {2, 4, 8}) {
            long[] e = edges(size);
            for (long a : e) {
                for (long b : e) {
                    int off = 0x40 + r.nextInt(0x140);
                    long imm = signExtend(b, Math.min(size, 4));
                    CaseBuilder c = new CaseBuilder(r).reg(6, withUpper(r, a, size)).reg(9, withUpper(r, b, size))
                            .mem(off, b, size).undefined(u);
                    c.add(out, "muldiv", "imul " + reg(6, size) + ", " + reg(9, size));
                    c.add(out, "muldiv", "imul " + reg(6, size) + ", " + mem(size, off));
                    c.add(out, "muldiv", "imul " + reg(6, size) + ", " + reg(9, size) + ", " + imm);
                    c.add(out, "muldiv", "imul " + reg(6, size) + ", " + mem(size, off) + ", " + signExtend(a, 1));
                }
            }
        }
    }

    static void divide(List<ConformanceCase> out, Random r) {
        for (String op : new String[] {"div", "idiv"}) {
            for (int size : SIZES) {
                long[] e = edges(size);
                for (long d : e) {
                    for (long lo : e) {
                        for (int k = 0; k < 3; k++) {
                            // high half: zero / sign of the low half (always fits unless d is tiny), or random (often #DE)
                            long hi = k == 0 ? 0 : k == 1 ? (signExtend(lo, size) < 0 ? -1 : 0) : r.nextLong();
                            divCase(out, r, op, size, hi, lo, d);
                        }
                    }
                }
                for (int i = 0; i < 600; i++) { // random dividends below divisor*2^width: the quotient fits
                    long d = r.nextLong() & Operands.mask(size);
                    long hi = d == 0 ? 0 : Long.remainderUnsigned(r.nextLong(), d) & Operands.mask(size);
                    if (op.equals("idiv")) {
                        hi = r.nextInt(4) == 0 ? r.nextLong() : signExtend(r.nextLong(), size) >> (8 * size - 2);
                    }
                    divCase(out, r, op, size, hi, r.nextLong(), d);
                }
            }
        }
        // IDIV of the most negative value by -1: #DE
        for (int size : SIZES) {
            long min = 1L << (8 * size - 1);
            long lo = size == 1 ? min : size == 8 ? 0 : 0;
            if (size == 1) {
                divCase(out, r, "idiv", 1, 0, 0x8000, 0xff);
            } else if (size == 8) {
                divCase(out, r, "idiv", 8, Long.MIN_VALUE, 0, -1);
                divCase(out, r, "idiv", 8, -1, Long.MIN_VALUE, -1);
            } else {
                divCase(out, r, "idiv", size, min, lo, -1);
            }
        }
    }

    /** Dividend hi:lo (for 8-bit: AX = lo's low 16 bits; hi unused), divisor d in RBX and in memory. */
    private static void divCase(List<ConformanceCase> out, Random r, String op, int size, long hi, long lo, long d) {
        int off = 0x40 + r.nextInt(0x140);
        CaseBuilder c = new CaseBuilder(r).reg(3, withUpper(r, d, size)).mem(off, d, size).undefined(ARITH);
        if (size == 1) {
            c.reg(0, withUpper(r, (hi << 8) | (lo & 0xff), 2));
        } else {
            c.reg(0, withUpper(r, lo, size)).reg(2, withUpper(r, hi, size));
        }
        c.add(out, "muldiv", op + " " + reg(3, size));
        c.add(out, "muldiv", op + " " + mem(size, off));
    }

    // ---- bits -------------------------------------------------------------------------------------

    static void bitTests(List<ConformanceCase> out, Random r) {
        long u = OF | SF | AF | PF;
        for (String op : new String[] {"bt", "bts", "btr", "btc"}) {
            for (int size : new int[] {2, 4, 8}) {
                int width = size * 8;
                long[] offsets = {0, 1, width - 1, width, width + 1, 2 * width - 1, -1, -width, -width - 1, 7, 8,
                    -9, 100, -100, 255, 256, 1000, -1000, 1023, -1024};
                for (long bit : offsets) {
                    for (int k = 0; k < 3; k++) {
                        long v = k == 0 ? 0 : k == 1 ? -1L : r.nextLong();
                        CaseBuilder c = new CaseBuilder(r).reg(0, v).reg(3, withUpper(r, bit, size)).undefined(u);
                        c.add(out, "bits", op + " " + reg(0, size) + ", " + reg(3, size));
                        c.add(out, "bits", op + " " + reg(0, size) + ", " + (bit & 0xff));
                        c.add(out, "bits", op + " " + mem(size, 0x100) + ", " + (bit & 0xff));
                        c.add(out, "bits", op + " " + mem(size, 0x100) + ", " + reg(3, size));
                        if (!op.equals("bt")) {
                            c.add(out, "bits", "lock " + op + " " + mem(size, 0x100) + ", " + reg(3, size));
                        }
                    }
                }
            }
        }
    }

    static void bitScans(List<ConformanceCase> out, Random r) {
        String[] ops = {"bsf", "bsr", "tzcnt", "lzcnt", "popcnt"};
        long[] undefined = {CF | OF | SF | AF | PF, CF | OF | SF | AF | PF, OF | SF | AF | PF, OF | SF | AF | PF, 0};
        for (int o = 0; o < ops.length; o++) {
            for (int size : new int[] {2, 4, 8}) {
                for (int k = 0; k < 30; k++) {
                    long v = k < 10 ? edges(size)[k] : k < 20 ? 1L << r.nextInt(size * 8) : r.nextLong();
                    int off = 0x40 + r.nextInt(0x140);
                    CaseBuilder c = new CaseBuilder(r).reg(3, withUpper(r, v, size)).mem(off, v, size).undefined(undefined[o]);
                    c.add(out, "bits", ops[o] + " " + reg(0, size) + ", " + reg(3, size));
                    c.add(out, "bits", ops[o] + " " + reg(10, size) + ", " + mem(size, off));
                }
            }
        }
    }

    static void bytes(List<ConformanceCase> out, Random r) {
        for (int i = 0; i < 200; i++) {
            int n = Operands.USABLE[r.nextInt(Operands.USABLE.length)];
            CaseBuilder c = new CaseBuilder(r);
            c.add(out, "bits", "bswap " + reg(n, 4));
            c.add(out, "bits", "bswap " + reg(n, 8));
            // 16-bit BSWAP (undefined result; gas will not write it): 66 [REX] 0F C8+r by hand
            String rex = n >= 8 ? "0x41, " : "";
            c.add(out, "bits", ".byte 0x66, " + rex + "0x0f, " + (0xc8 + (n & 7)));
            int off = 0x40 + r.nextInt(0x140);
            for (int size : new int[] {2, 4, 8}) {
                c.add(out, "bits", "movbe " + reg(n, size) + ", " + mem(size, off));
                c.add(out, "bits", "movbe " + mem(size, off) + ", " + reg(n, size));
            }
            int m = n == 0 ? 3 : 0;
            for (int size : new int[] {1, 2, 4}) {
                c.add(out, "bits", "crc32 " + reg(m, 4) + ", " + reg(n, size));
                c.add(out, "bits", "crc32 " + reg(m, 4) + ", " + mem(size, off));
            }
            c.add(out, "bits", "crc32 " + reg(m, 8) + ", " + reg(n, 8));
            c.add(out, "bits", "crc32 " + reg(m, 8) + ", " + reg(n, 1));
            c.add(out, "bits", "crc32 " + reg(m, 8) + ", " + mem(8, off));
        }
    }
}
