package io.xenscope.cpu.isa.control;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;
import io.xenscope.cpu.isa.datamove.Operands;

/** JMP near (rel8/rel16/rel32 and r/m) and Jcc (SDM Vol. 2 JMP, Jcc). */
final class Jumps {
    private Jumps() {
    }

    static boolean longMode(Instruction insn) {
        return insn.codeSize() == CodeSize.BITS64;
    }

    static long relativeTarget(Instruction insn) {
        return ((Operand.Rel) insn.operand(0)).target() & Locations.mask(insn.operandSize());
    }

    static Op jmp(Instruction insn, TranslationContext ctx) {
        if (insn.operand(0) instanceof Operand.Rel) {
            return new JumpDirect(relativeTarget(insn), longMode(insn));
        }
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        return new JumpIndirect(Locations.operand(insn, 0), longMode(insn));
    }

    static Op jcc(Instruction insn, TranslationContext ctx) {
        return new JumpIf(insn.condition(), relativeTarget(insn), Branch.nextRip(insn), longMode(insn));
    }

    record JumpDirect(long target, boolean longMode) implements Op {
        @Override
        public void execute(Cpu c) {
            c.rip = Branch.check(c, target, longMode);
        }
    }

    record JumpIndirect(Location src, boolean longMode) implements Op {
        @Override
        public void execute(Cpu c) {
            c.rip = Branch.check(c, src.read(c), longMode);
        }
    }

    record JumpIf(int cc, long target, long next, boolean longMode) implements Op {
        @Override
        public void execute(Cpu c) {
            c.rip = Flags.condition(c, cc) ? Branch.check(c, target, longMode) : next;
        }
    }
}
