package io.xenscope.cpu.isa.sse;

import static io.xenscope.cpu.isa.sse.SseOperands.add;
import static io.xenscope.cpu.isa.sse.SseOperands.imm;
import static io.xenscope.cpu.isa.sse.SseOperands.lanes;
import static io.xenscope.cpu.isa.sse.SseOperands.packed;
import static io.xenscope.cpu.isa.sse.SseOperands.packedImm;
import static io.xenscope.cpu.isa.sse.SseOperands.xmm;

import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.OpFactory;
import io.xenscope.cpu.exec.OpTable;
import java.util.function.LongBinaryOperator;

/** SSE2 128-bit integer instructions (SDM Vol. 1 §11.4.3) and SSSE3 pshufb/palignr. */
final class SseInteger {
    private SseInteger() {
    }

    static void register(OpTable t) {
        // logic (also the ps/pd forms: bitwise is bitwise)
        lanewise(t, (a, b) -> a & b, Mnemonic.PAND, Mnemonic.ANDPS, Mnemonic.ANDPD);
        lanewise(t, (a, b) -> ~a & b, Mnemonic.PANDN, Mnemonic.ANDNPS, Mnemonic.ANDNPD);
        lanewise(t, (a, b) -> a | b, Mnemonic.POR, Mnemonic.ORPS, Mnemonic.ORPD);
        lanewise(t, (a, b) -> a ^ b, Mnemonic.PXOR, Mnemonic.XORPS, Mnemonic.XORPD);

        // add/subtract
        lanewise(t, (a, b) -> Lanes.add(8, a, b), Mnemonic.PADDB);
        lanewise(t, (a, b) -> Lanes.add(16, a, b), Mnemonic.PADDW);
        lanewise(t, (a, b) -> Lanes.add(32, a, b), Mnemonic.PADDD);
        lanewise(t, (a, b) -> a + b, Mnemonic.PADDQ);
        lanewise(t, (a, b) -> Lanes.sub(8, a, b), Mnemonic.PSUBB);
        lanewise(t, (a, b) -> Lanes.sub(16, a, b), Mnemonic.PSUBW);
        lanewise(t, (a, b) -> Lanes.sub(32, a, b), Mnemonic.PSUBD);
        lanewise(t, (a, b) -> a - b, Mnemonic.PSUBQ);
        lanewise(t, (a, b) -> Lanes.addSaturate(8, true, a, b), Mnemonic.PADDSB);
        lanewise(t, (a, b) -> Lanes.addSaturate(16, true, a, b), Mnemonic.PADDSW);
        lanewise(t, (a, b) -> Lanes.addSaturate(8, false, a, b), Mnemonic.PADDUSB);
        lanewise(t, (a, b) -> Lanes.addSaturate(16, false, a, b), Mnemonic.PADDUSW);
        lanewise(t, (a, b) -> Lanes.subSaturate(8, true, a, b), Mnemonic.PSUBSB);
        lanewise(t, (a, b) -> Lanes.subSaturate(16, true, a, b), Mnemonic.PSUBSW);
        lanewise(t, (a, b) -> Lanes.subSaturate(8, false, a, b), Mnemonic.PSUBUSB);
        lanewise(t, (a, b) -> Lanes.subSaturate(16, false, a, b), Mnemonic.PSUBUSW);

        // multiply, average, min/max, sum of absolute differences
        lanewise(t, (a, b) -> Lanes.mulWords(a, b, false, true), Mnemonic.PMULLW);
        lanewise(t, (a, b) -> Lanes.mulWords(a, b, true, true), Mnemonic.PMULHW);
        lanewise(t, (a, b) -> Lanes.mulWords(a, b, true, false), Mnemonic.PMULHUW);
        lanewise(t, Lanes::mulUdq, Mnemonic.PMULUDQ);
        lanewise(t, Lanes::maddwd, Mnemonic.PMADDWD);
        lanewise(t, Lanes::sadbw, Mnemonic.PSADBW);
        lanewise(t, (a, b) -> Lanes.avg(8, a, b), Mnemonic.PAVGB);
        lanewise(t, (a, b) -> Lanes.avg(16, a, b), Mnemonic.PAVGW);
        lanewise(t, (a, b) -> Lanes.min(8, false, a, b), Mnemonic.PMINUB);
        lanewise(t, (a, b) -> Lanes.max(8, false, a, b), Mnemonic.PMAXUB);
        lanewise(t, (a, b) -> Lanes.min(16, true, a, b), Mnemonic.PMINSW);
        lanewise(t, (a, b) -> Lanes.max(16, true, a, b), Mnemonic.PMAXSW);

        // compares
        lanewise(t, (a, b) -> Lanes.cmpeq(8, a, b), Mnemonic.PCMPEQB);
        lanewise(t, (a, b) -> Lanes.cmpeq(16, a, b), Mnemonic.PCMPEQW);
        lanewise(t, (a, b) -> Lanes.cmpeq(32, a, b), Mnemonic.PCMPEQD);
        lanewise(t, (a, b) -> Lanes.cmpgt(8, a, b), Mnemonic.PCMPGTB);
        lanewise(t, (a, b) -> Lanes.cmpgt(16, a, b), Mnemonic.PCMPGTW);
        lanewise(t, (a, b) -> Lanes.cmpgt(32, a, b), Mnemonic.PCMPGTD);

        // shifts: by xmm/m128 (count = low quadword) or by imm8
        shift(t, Mnemonic.PSLLW, 16, 0);
        shift(t, Mnemonic.PSLLD, 32, 0);
        shift(t, Mnemonic.PSLLQ, 64, 0);
        shift(t, Mnemonic.PSRLW, 16, 1);
        shift(t, Mnemonic.PSRLD, 32, 1);
        shift(t, Mnemonic.PSRLQ, 64, 1);
        shift(t, Mnemonic.PSRAW, 16, 2);
        shift(t, Mnemonic.PSRAD, 32, 2);
        add(t, Mnemonic.PSLLDQ, byteShift(true));
        add(t, Mnemonic.PSRLDQ, byteShift(false));

        // unpacks: interleave low or high halves of destination and source
        unpack(t, Mnemonic.PUNPCKLBW, 8, 0);
        unpack(t, Mnemonic.PUNPCKLWD, 16, 0);
        unpack(t, Mnemonic.PUNPCKLDQ, 32, 0);
        unpack(t, Mnemonic.UNPCKLPS, 32, 0);
        unpack(t, Mnemonic.PUNPCKHBW, 8, 1);
        unpack(t, Mnemonic.PUNPCKHWD, 16, 1);
        unpack(t, Mnemonic.PUNPCKHDQ, 32, 1);
        unpack(t, Mnemonic.UNPCKHPS, 32, 1);
        XmmBinary lowQ = (c, d, lo, hi) -> c.xmm[2 * d + 1] = lo;
        XmmBinary highQ = (c, d, lo, hi) -> {
            c.xmm[2 * d] = c.xmm[2 * d + 1];
            c.xmm[2 * d + 1] = hi;
        };
        add(t, Mnemonic.PUNPCKLQDQ, packed(lowQ));
        add(t, Mnemonic.UNPCKLPD, packed(lowQ));
        add(t, Mnemonic.PUNPCKHQDQ, packed(highQ));
        add(t, Mnemonic.UNPCKHPD, packed(highQ));

        // packs with saturation: destination elements form the low half, source elements the high half
        pack(t, Mnemonic.PACKSSWB, 16, false);
        pack(t, Mnemonic.PACKUSWB, 16, true);
        pack(t, Mnemonic.PACKSSDW, 32, false);

        // shuffles
        add(t, Mnemonic.PSHUFD, packedImm(imm -> (c, d, lo, hi) -> {
            long r0 = dword(lo, hi, imm & 3) | dword(lo, hi, (imm >> 2) & 3) << 32;
            long r1 = dword(lo, hi, (imm >> 4) & 3) | dword(lo, hi, (imm >> 6) & 3) << 32;
            c.xmm[2 * d] = r0;
            c.xmm[2 * d + 1] = r1;
        }));
        add(t, Mnemonic.PSHUFLW, packedImm(imm -> (c, d, lo, hi) -> {
            c.xmm[2 * d] = shuffleWords(lo, imm);
            c.xmm[2 * d + 1] = hi;
        }));
        add(t, Mnemonic.PSHUFHW, packedImm(imm -> (c, d, lo, hi) -> {
            c.xmm[2 * d] = lo;
            c.xmm[2 * d + 1] = shuffleWords(hi, imm);
        }));
        add(t, Mnemonic.SHUFPS, packedImm(imm -> (c, d, lo, hi) -> {
            long a0 = c.xmm[2 * d];
            long a1 = c.xmm[2 * d + 1];
            c.xmm[2 * d] = dword(a0, a1, imm & 3) | dword(a0, a1, (imm >> 2) & 3) << 32;
            c.xmm[2 * d + 1] = dword(lo, hi, (imm >> 4) & 3) | dword(lo, hi, (imm >> 6) & 3) << 32;
        }));
        add(t, Mnemonic.SHUFPD, packedImm(imm -> (c, d, lo, hi) -> {
            long r0 = (imm & 1) == 0 ? c.xmm[2 * d] : c.xmm[2 * d + 1];
            c.xmm[2 * d] = r0;
            c.xmm[2 * d + 1] = (imm & 2) == 0 ? lo : hi;
        }));

        // SSSE3
        add(t, Mnemonic.PSHUFB, packed((c, d, lo, hi) -> {
            long a0 = c.xmm[2 * d];
            long a1 = c.xmm[2 * d + 1];
            c.xmm[2 * d] = pshufb(a0, a1, lo);
            c.xmm[2 * d + 1] = pshufb(a0, a1, hi);
        }));
        add(t, Mnemonic.PALIGNR, packedImm(imm -> (c, d, lo, hi) -> {
            // (destination:source) >> imm*8, low 128 bits (SDM PALIGNR)
            long[] q = {lo, hi, c.xmm[2 * d], c.xmm[2 * d + 1]};
            c.xmm[2 * d] = bytesAt(q, imm);
            c.xmm[2 * d + 1] = bytesAt(q, imm + 8);
        }));
    }

    private static void lanewise(OpTable t, LongBinaryOperator g, Mnemonic... ms) {
        for (Mnemonic m : ms) {
            add(t, m, packed(lanes(g)));
        }
    }

    /** kind 0 = left, 1 = right logical, 2 = right arithmetic. */
    private static void shift(OpTable t, Mnemonic m, int bits, int kind) {
        add(t, m, (insn, ctx) -> {
            if (insn.operand(1) instanceof Operand.Imm) {
                long count = imm(insn, 1);
                int r = xmm(insn.operand(0));
                return new XmmXmmOp(r, r, (c, d, lo, hi) -> {
                    c.xmm[2 * d] = shift(kind, bits, lo, count);
                    c.xmm[2 * d + 1] = shift(kind, bits, hi, count);
                });
            }
            return packed(insn, (c, d, lo, hi) -> {
                c.xmm[2 * d] = shift(kind, bits, c.xmm[2 * d], lo);
                c.xmm[2 * d + 1] = shift(kind, bits, c.xmm[2 * d + 1], lo);
            }, false);
        });
    }

    private static long shift(int kind, int bits, long v, long count) {
        return switch (kind) {
            case 0 -> Lanes.shiftLeft(bits, v, count);
            case 1 -> Lanes.shiftRightLogical(bits, v, count);
            default -> Lanes.shiftRightArithmetic(bits, v, count);
        };
    }

    /** PSLLDQ/PSRLDQ: the whole register by imm8 bytes (more than 15: zero). */
    private static OpFactory byteShift(boolean left) {
        return (insn, ctx) -> {
            int n = imm(insn, 1);
            int r = xmm(insn.operand(0));
            return new XmmXmmOp(r, r, (c, d, lo, hi) -> {
                long[] q = left ? new long[] {0, 0, lo, hi} : new long[] {lo, hi, 0, 0};
                int at = left ? 16 - Math.min(n, 16) : Math.min(n, 16);
                c.xmm[2 * d] = bytesAt(q, at);
                c.xmm[2 * d + 1] = bytesAt(q, at + 8);
            });
        };
    }

    /** 8 bytes starting at byte {@code at} of the little-endian 32-byte string {@code q} (zero beyond). */
    static long bytesAt(long[] q, int at) {
        long r = 0;
        for (int i = 0; i < 8; i++) {
            int b = at + i;
            if (b < 32) {
                r |= ((q[b >> 3] >>> ((b & 7) * 8)) & 0xff) << (i * 8);
            }
        }
        return r;
    }

    private static void unpack(OpTable t, Mnemonic m, int bits, int half) {
        add(t, m, packed((c, d, lo, hi) -> {
            long a = c.xmm[2 * d + half];
            long b = half == 0 ? lo : hi;
            c.xmm[2 * d] = Lanes.interleave(bits, a, b);
            c.xmm[2 * d + 1] = Lanes.interleave(bits, a >>> 32, b >>> 32);
        }));
    }

    private static void pack(OpTable t, Mnemonic m, int bits, boolean unsigned) {
        add(t, m, packed((c, d, lo, hi) -> {
            long a0 = c.xmm[2 * d];
            long a1 = c.xmm[2 * d + 1];
            c.xmm[2 * d] = Lanes.pack(bits, unsigned, a0) | Lanes.pack(bits, unsigned, a1) << 32;
            c.xmm[2 * d + 1] = Lanes.pack(bits, unsigned, lo) | Lanes.pack(bits, unsigned, hi) << 32;
        }));
    }

    static long dword(long lo, long hi, int i) {
        return ((i < 2 ? lo : hi) >>> ((i & 1) * 32)) & 0xffffffffL;
    }

    private static long shuffleWords(long v, int imm) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            r |= ((v >>> (((imm >> (2 * i)) & 3) * 16)) & 0xffff) << (i * 16);
        }
        return r;
    }

    private static long pshufb(long a0, long a1, long sel) {
        long r = 0;
        for (int i = 0; i < 8; i++) {
            int s = (int) (sel >>> (i * 8)) & 0xff;
            if ((s & 0x80) == 0) {
                int idx = s & 15;
                r |= (((idx < 8 ? a0 : a1) >>> ((idx & 7) * 8)) & 0xff) << (i * 8);
            }
        }
        return r;
    }
}
