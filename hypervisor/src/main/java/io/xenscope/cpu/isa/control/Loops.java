package io.xenscope.cpu.isa.control;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;

/**
 * LOOP/LOOPE/LOOPNE and JCXZ/JECXZ/JRCXZ (SDM Vol. 2): the count register is CX, ECX or RCX by
 * address size. LOOPcc decrements it without touching flags and branches while it is not zero (and
 * ZF matches); a #GP on the target leaves the count unchanged.
 */
final class Loops {
    static final int ALWAYS = 0, WHILE_ZERO = 1, WHILE_NOT_ZERO = 2;

    private Loops() {
    }

    static Op loop(Instruction insn, int kind) {
        return new Loop(kind, insn.addressSize(), Jumps.relativeTarget(insn), Branch.nextRip(insn), Jumps.longMode(insn));
    }

    static Op jcxz(Instruction insn, TranslationContext ctx) {
        return new JumpIfCountZero(Locations.mask(insn.addressSize()), Jumps.relativeTarget(insn), Branch.nextRip(insn),
                Jumps.longMode(insn));
    }

    record Loop(int kind, int countSize, long target, long next, boolean longMode) implements Op {
        @Override
        public void execute(Cpu c) {
            long count = (c.gpr[1] - 1) & Locations.mask(countSize);
            boolean branch = count != 0 && (kind == ALWAYS || Flags.zf(c) == (kind == WHILE_ZERO));
            c.rip = branch ? Branch.check(c, target, longMode) : next;
            c.writeGpr(1, countSize, false, count);
        }
    }

    record JumpIfCountZero(long countMask, long target, long next, boolean longMode) implements Op {
        @Override
        public void execute(Cpu c) {
            c.rip = (c.gpr[1] & countMask) == 0 ? Branch.check(c, target, longMode) : next;
        }
    }
}
