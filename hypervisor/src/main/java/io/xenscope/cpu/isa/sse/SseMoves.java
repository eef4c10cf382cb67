package io.xenscope.cpu.isa.sse;

import static io.xenscope.cpu.isa.sse.SseOperands.add;
import static io.xenscope.cpu.isa.sse.SseOperands.imm;
import static io.xenscope.cpu.isa.sse.SseOperands.isXmm;
import static io.xenscope.cpu.isa.sse.SseOperands.packed;
import static io.xenscope.cpu.isa.sse.SseOperands.scalar;
import static io.xenscope.cpu.isa.sse.SseOperands.xmm;

import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.OpFactory;
import io.xenscope.cpu.exec.OpTable;

/** SSE/SSE2/SSE3 data movement (SDM Vol. 1 §10.4.1, §11.4.1): moves, partial moves, masks, pinsrw/pextrw. */
final class SseMoves {
    private SseMoves() {
    }

    static final XmmBinary COPY = (c, d, lo, hi) -> {
        c.xmm[2 * d] = lo;
        c.xmm[2 * d + 1] = hi;
    };

    /** Loads that zero the rest of the register (movd/movq/movss/movsd from memory). */
    static final XmmScalar ZERO_EXTEND = (c, d, v) -> {
        c.xmm[2 * d] = v;
        c.xmm[2 * d + 1] = 0;
    };
    static final XmmScalar MERGE32 = (c, d, v) -> c.xmm[2 * d] = (c.xmm[2 * d] & 0xffffffff00000000L) | (v & 0xffffffffL);
    static final XmmScalar SET_LOW = (c, d, v) -> c.xmm[2 * d] = v;
    static final XmmScalar SET_HIGH = (c, d, v) -> c.xmm[2 * d + 1] = v;
    static final ScalarFunction IDENTITY = (c, v) -> v;

    static void register(OpTable t) {
        // 128-bit moves: aligned forms #GP(0) on a misaligned memory operand
        for (Mnemonic m : new Mnemonic[] {Mnemonic.MOVAPS, Mnemonic.MOVAPD, Mnemonic.MOVDQA}) {
            add(t, m, move128(false));
        }
        for (Mnemonic m : new Mnemonic[] {Mnemonic.MOVUPS, Mnemonic.MOVUPD, Mnemonic.MOVDQU, Mnemonic.LDDQU}) {
            add(t, m, move128(true));
        }
        for (Mnemonic m : new Mnemonic[] {Mnemonic.MOVNTPS, Mnemonic.MOVNTPD, Mnemonic.MOVNTDQ}) {
            add(t, m, move128(false));
        }
        add(t, Mnemonic.MOVNTI, (insn, ctx) -> new NonTemporalStoreOp(Locations.operand(insn, 0), Locations.operand(insn, 1)));

        add(t, Mnemonic.MOVD, moveScalar(4));
        add(t, Mnemonic.MOVQ, moveScalar(8));
        add(t, Mnemonic.MOVSS, moveSingleOrDouble(4));
        add(t, Mnemonic.MOVSD, moveSingleOrDouble(8));

        add(t, Mnemonic.MOVLPS, moveHalf(0));
        add(t, Mnemonic.MOVLPD, moveHalf(0));
        add(t, Mnemonic.MOVHPS, moveHalf(1));
        add(t, Mnemonic.MOVHPD, moveHalf(1));
        add(t, Mnemonic.MOVHLPS, SseOperands.packed((c, d, lo, hi) -> c.xmm[2 * d] = hi));
        add(t, Mnemonic.MOVLHPS, SseOperands.packed((c, d, lo, hi) -> c.xmm[2 * d + 1] = lo));
        add(t, Mnemonic.MOVDDUP, SseOperands.packed((c, d, lo, hi) -> {
            c.xmm[2 * d] = lo;
            c.xmm[2 * d + 1] = lo;
        }));
        add(t, Mnemonic.MOVSLDUP, SseOperands.packed((c, d, lo, hi) -> {
            c.xmm[2 * d] = (lo & 0xffffffffL) | (lo << 32);
            c.xmm[2 * d + 1] = (hi & 0xffffffffL) | (hi << 32);
        }));
        add(t, Mnemonic.MOVSHDUP, SseOperands.packed((c, d, lo, hi) -> {
            c.xmm[2 * d] = (lo >>> 32) | (lo & 0xffffffff00000000L);
            c.xmm[2 * d + 1] = (hi >>> 32) | (hi & 0xffffffff00000000L);
        }));

        add(t, Mnemonic.MOVMSKPS, reduce((lo, hi) -> Lanes.signMask(32, lo, hi)));
        add(t, Mnemonic.MOVMSKPD, reduce((lo, hi) -> (lo >>> 63) | (hi >>> 63) << 1));
        add(t, Mnemonic.PMOVMSKB, reduce((lo, hi) -> Lanes.signMask(8, lo, hi)));

        add(t, Mnemonic.PEXTRW, (insn, ctx) -> {
            int sel = imm(insn, 2) & 7;
            int shift = (sel & 3) * 16;
            return new XmmToOp(Locations.operand(insn, 0), new XmmLane(xmm(insn.operand(1)), sel >> 2, 8),
                    (c, v) -> (v >>> shift) & 0xffff);
        });
        add(t, Mnemonic.PINSRW, (insn, ctx) -> {
            int sel = imm(insn, 2) & 7;
            int half = sel >> 2;
            int shift = (sel & 3) * 16;
            long mask = 0xffffL << shift;
            return new XmmFromOp(xmm(insn.operand(0)), scalar(insn, insn.operand(1), 2),
                    (c, d, v) -> c.xmm[2 * d + half] = (c.xmm[2 * d + half] & ~mask) | ((v & 0xffff) << shift));
        });
    }

    /** movaps & co: load (xmm ← xmm/m128) or store (m128 ← xmm). */
    private static OpFactory move128(boolean unaligned) {
        return (insn, ctx) -> {
            Operand dst = insn.operand(0);
            if (dst instanceof Operand.Mem m) {
                return new XmmStoreOp(Locations.memory(m, insn, 16), xmm(insn.operand(1)), !unaligned);
            }
            return packed(insn, COPY, unaligned);
        };
    }

    /**
     * movd/movq: xmm ← r/m32/64 or xmm (zero-extending to 128 bits), or r/m ← the low lane.
     * (0F 6E/7E, F3 0F 7E, 66 0F D6; SDM MOVD/MOVQ.)
     */
    private static OpFactory moveScalar(int size) {
        return (insn, ctx) -> {
            Operand dst = insn.operand(0);
            Operand src = insn.operand(1);
            if (isXmm(dst)) {
                return new XmmFromOp(xmm(dst), scalar(insn, src, size), ZERO_EXTEND);
            }
            Location to = dst instanceof Operand.Mem m ? Locations.memory(m, insn, size) : Locations.of(dst, insn);
            return new XmmToOp(to, new XmmLane(xmm(src), 0, size), IDENTITY);
        };
    }

    /** movss/movsd: between registers only the low lane moves; a load zeroes the rest (SDM MOVSS). */
    private static OpFactory moveSingleOrDouble(int size) {
        XmmScalar merge = size == 4 ? MERGE32 : SET_LOW;
        return (insn, ctx) -> {
            Operand dst = insn.operand(0);
            Operand src = insn.operand(1);
            if (dst instanceof Operand.Mem m) {
                return new XmmToOp(Locations.memory(m, insn, size), new XmmLane(xmm(src), 0, size), IDENTITY);
            }
            if (src instanceof Operand.Mem) {
                return new XmmFromOp(xmm(dst), scalar(insn, src, size), ZERO_EXTEND);
            }
            return new XmmFromOp(xmm(dst), new XmmLane(xmm(src), 0, size), merge);
        };
    }

    /** movlps/movhps/movlpd/movhpd: one quadword between memory and the low or high half. */
    private static OpFactory moveHalf(int half) {
        return (insn, ctx) -> {
            Operand dst = insn.operand(0);
            if (dst instanceof Operand.Mem m) {
                return new XmmToOp(Locations.memory(m, insn, 8), new XmmLane(xmm(insn.operand(1)), half, 8), IDENTITY);
            }
            return new XmmFromOp(xmm(dst), scalar(insn, insn.operand(1), 8), half == 0 ? SET_LOW : SET_HIGH);
        };
    }

    private static OpFactory reduce(XmmReduce f) {
        return (insn, ctx) -> new XmmReduceOp(Locations.operand(insn, 0), xmm(insn.operand(1)), f);
    }

}
