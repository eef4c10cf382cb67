package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;

/**
 * CMOVcc (SDM Vol. 2): the source is read whatever the condition (a memory source may fault even
 * when the move does not happen). In 64-bit mode a 32-bit destination is zero-extended even when the
 * condition is false.
 */
final class Cmov {
    private Cmov() {
    }

    static Op translate(Instruction insn, TranslationContext ctx) {
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        Location dst = Locations.operand(insn, 0);
        Location src = Locations.operand(insn, 1);
        int cc = insn.condition();
        if (dst.size() == 4) {
            return new ConditionalMove32(((io.xenscope.cpu.decoder.Operand.Reg) insn.operand(0)).register().number, src, cc);
        }
        return new ConditionalMove(dst, src, cc);
    }

    record ConditionalMove(Location dst, Location src, int cc) implements Op {
        @Override
        public void execute(Cpu c) {
            long v = src.read(c);
            if (Flags.condition(c, cc)) {
                dst.write(c, v);
            }
        }
    }

    record ConditionalMove32(int dst, Location src, int cc) implements Op {
        @Override
        public void execute(Cpu c) {
            long v = src.read(c);
            c.gpr[dst] = Flags.condition(c, cc) ? v & 0xffffffffL : c.gpr[dst] & 0xffffffffL;
        }
    }
}
