package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.decoder.Register;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.OpFactory;
import io.xenscope.cpu.exec.OpTable;
import io.xenscope.cpu.fault.InvalidOpcode;
import java.util.function.IntFunction;

/** Translation-time helpers: operand shapes of SSE instructions → ops. */
final class SseOperands {
    private SseOperands() {
    }

    static boolean isXmm(Operand o) {
        return o instanceof Operand.Reg r && r.register().kind == Register.Kind.XMM;
    }

    static int xmm(Operand o) {
        return ((Operand.Reg) o).register().number;
    }

    static boolean usesMmx(Instruction insn) {
        for (Operand o : insn.operands()) {
            if (o instanceof Operand.Reg r && r.register().kind == Register.Kind.MMX) {
                return true;
            }
        }
        return false;
    }

    static int imm(Instruction insn, int index) {
        return (int) ((Operand.Imm) insn.operand(index)).value() & 0xff;
    }

    static Op undefined(String why) {
        return c -> {
            throw new InvalidOpcode(why);
        };
    }

    /**
     * Registers {@code factory} for {@code m}, with the checks every SSE instruction shares: LOCK
     * raises #UD, and MMX-register forms (not implemented) raise #UD.
     */
    static void add(OpTable t, Mnemonic m, OpFactory factory) {
        t.add(m, (insn, ctx) -> {
            if (insn.lockInvalid() || insn.has(Instruction.PREFIX_LOCK)) {
                return undefined("lock prefix on " + m.lowerName());
            }
            if (usesMmx(insn)) {
                return undefined("MMX form of " + m.lowerName() + " is not implemented by XenScope's CPU");
            }
            return factory.translate(insn, ctx);
        });
    }

    /** A source of at most 8 bytes: a GPR, memory of {@code size} bytes, or the low lane of an XMM register. */
    static Location scalar(Instruction insn, Operand o, int size) {
        if (o instanceof Operand.Mem m) {
            return Locations.memory(m, insn, size);
        }
        Register r = ((Operand.Reg) o).register();
        if (r.kind == Register.Kind.XMM) {
            return new XmmLane(r.number, 0, size);
        }
        return Locations.register(r);
    }

    /** {@code op xmm, xmm/m} with the source's natural size (16: aligned unless {@code unaligned}). */
    static Op packed(Instruction insn, XmmBinary f, boolean unaligned) {
        int d = xmm(insn.operand(0));
        Operand src = insn.operand(1);
        if (src instanceof Operand.Mem m) {
            int size = m.size() == 0 ? 16 : m.size();
            return new XmmMemoryOp(d, Locations.memory(m, insn, size), size, size == 16 && !unaligned, f);
        }
        return new XmmXmmOp(d, xmm(src), f);
    }

    static OpFactory packed(XmmBinary f) {
        return (insn, ctx) -> packed(insn, f, false);
    }

    /** Packed with an immediate selecting the function (pshufd, shufps, cmpps...). */
    static OpFactory packedImm(IntFunction<XmmBinary> f) {
        return (insn, ctx) -> packed(insn, f.apply(imm(insn, 2)), false);
    }

    /** {@code op xmm, xmm/m(size)} on the low {@code size} bytes. */
    static OpFactory scalar(int size, XmmScalar f) {
        return (insn, ctx) -> new XmmFromOp(xmm(insn.operand(0)), scalar(insn, insn.operand(1), size), f);
    }

    /** Lane-wise: {@code g} applied to each 64-bit half of destination and source. */
    static XmmBinary lanes(java.util.function.LongBinaryOperator g) {
        return (c, d, lo, hi) -> {
            c.xmm[2 * d] = g.applyAsLong(c.xmm[2 * d], lo);
            c.xmm[2 * d + 1] = g.applyAsLong(c.xmm[2 * d + 1], hi);
        };
    }
}
