package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;

/**
 * MOVZX, MOVSX and MOVSXD (SDM Vol. 2): the source is zero- or sign-extended to the destination
 * size. MOVSXD without REX.W moves 32 bits (the write zero-extends to 64), with a 16-bit operand
 * size it moves the low 16 bits.
 */
final class MovExtend {
    private MovExtend() {
    }

    static Op zeroExtend(Instruction insn, TranslationContext ctx) {
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        return new Mov.Move(Locations.operand(insn, 0), Locations.operand(insn, 1));
    }

    static Op signExtend(Instruction insn, TranslationContext ctx) {
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        Location src = Locations.operand(insn, 1);
        return new SignExtend(Locations.operand(insn, 0), src, 64 - src.size() * 8);
    }

    record SignExtend(Location dst, Location src, int shift) implements Op {
        @Override
        public void execute(Cpu c) {
            dst.write(c, (src.read(c) << shift) >> shift);
        }
    }
}
