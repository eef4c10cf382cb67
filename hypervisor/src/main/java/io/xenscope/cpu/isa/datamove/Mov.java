package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;

/**
 * MOV between general-purpose registers, memory and immediates, including the moffs forms (A0..A3)
 * and mov r64, imm64 (SDM Vol. 2 MOV). Segment, control and debug register forms belong to the
 * system family (registered with {@code OpTable.addForm}). Writing a 32-bit register zero-extends
 * it (the Location does that).
 */
final class Mov {
    private Mov() {
    }

    static Op translate(Instruction insn, TranslationContext ctx) {
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        return new Move(Locations.operand(insn, 0), Locations.operand(insn, 1));
    }

    record Move(Location dst, Location src) implements Op {
        @Override
        public void execute(Cpu c) {
            dst.write(c, src.read(c));
        }
    }
}
