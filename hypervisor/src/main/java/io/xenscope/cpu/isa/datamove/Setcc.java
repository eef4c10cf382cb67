package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;

/** SETcc (SDM Vol. 2): the byte destination gets 1 if the condition holds, else 0. */
final class Setcc {
    private Setcc() {
    }

    static Op translate(Instruction insn, TranslationContext ctx) {
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        return new SetByte(Locations.operand(insn, 0), insn.condition());
    }

    record SetByte(Location dst, int cc) implements Op {
        @Override
        public void execute(Cpu c) {
            dst.write(c, Flags.condition(c, cc) ? 1 : 0);
        }
    }
}
