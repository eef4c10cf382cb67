package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;
import io.xenscope.cpu.fault.DivideError;

/**
 * The decimal adjustments DAA, DAS, AAA, AAS, AAM, AAD and the undocumented SALC (SDM Vol. 2, each
 * instruction's Operation section; invalid in 64-bit mode, where the decoder gives BAD). Flags the
 * SDM leaves undefined are computed from the result (SF, ZF, PF) or cleared (OF), as hardware does
 * for the common cases.
 */
final class Bcd {
    private Bcd() {
    }

    /** Records SF, ZF, PF from the 8-bit result, CF and AF as given, OF clear. */
    static void setFlags(Cpu c, long al, boolean cf, boolean af) {
        Flags.setExplicit(c, Flags.S8, al & 0xff, cf, false);
        c.flagDst = af ? 0x10 : 0;
    }

    static long al(Cpu c) {
        return c.gpr[0] & 0xff;
    }

    static void setAl(Cpu c, long v) {
        c.gpr[0] = (c.gpr[0] & ~0xffL) | (v & 0xff);
    }

    static int imm(Instruction insn) {
        return insn.operands().isEmpty() ? 10 : (int) ((Operand.Imm) insn.operand(0)).value() & 0xff;
    }

    static Op aam(Instruction insn, TranslationContext ctx) {
        return new Aam(imm(insn));
    }

    static Op aad(Instruction insn, TranslationContext ctx) {
        return new Aad(imm(insn));
    }

    record Daa() implements Op {
        @Override
        public void execute(Cpu c) {
            long old = al(c), al = old;
            boolean oldCf = Flags.cf(c) != 0, cf = false, af;
            if ((al & 0xf) > 9 || Flags.af(c)) {
                al += 6;
                cf = oldCf || al > 0xff;
                af = true;
            } else {
                af = false;
            }
            if (old > 0x99 || oldCf) {
                al += 0x60;
                cf = true;
            } else {
                cf = false;
            }
            setAl(c, al);
            setFlags(c, al, cf, af);
        }
    }

    record Das() implements Op {
        @Override
        public void execute(Cpu c) {
            long old = al(c), al = old;
            boolean oldCf = Flags.cf(c) != 0, cf = false, af;
            if ((al & 0xf) > 9 || Flags.af(c)) {
                cf = oldCf || al < 6;
                al -= 6;
                af = true;
            } else {
                af = false;
            }
            if (old > 0x99 || oldCf) {
                al -= 0x60;
                cf = true;
            }
            setAl(c, al);
            setFlags(c, al, cf, af);
        }
    }

    /** AAA (add = true) and AAS. */
    record AsciiAdjust(boolean add) implements Op {
        @Override
        public void execute(Cpu c) {
            long ax = c.gpr[0] & 0xffff;
            boolean adjust = (ax & 0xf) > 9 || Flags.af(c);
            if (adjust) {
                ax = add ? ax + 0x106 : ax - 6 - 0x100; // AAS: AX ← AX - 6; AH ← AH - 1
            }
            ax = (ax & 0xff0f);
            c.gpr[0] = (c.gpr[0] & ~0xffffL) | (ax & 0xffff);
            setFlags(c, ax, adjust, adjust);
        }
    }

    record Aam(int base) implements Op {
        @Override
        public void execute(Cpu c) {
            if (base == 0) {
                throw new DivideError("aam with a zero base");
            }
            long al = al(c);
            long r = al % base;
            c.gpr[0] = (c.gpr[0] & ~0xffffL) | (al / base) << 8 | r;
            setFlags(c, r, false, false);
        }
    }

    record Aad(int base) implements Op {
        @Override
        public void execute(Cpu c) {
            long al = (al(c) + ((c.gpr[0] >>> 8) & 0xff) * base) & 0xff;
            c.gpr[0] = (c.gpr[0] & ~0xffffL) | al;
            setFlags(c, al, false, false);
        }
    }

    /** SALC (D6): AL ← CF ? FF : 00; flags unchanged. */
    record Salc() implements Op {
        @Override
        public void execute(Cpu c) {
            setAl(c, Flags.cf(c) != 0 ? 0xff : 0);
        }
    }
}
