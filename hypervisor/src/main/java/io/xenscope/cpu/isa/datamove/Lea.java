package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.EffectiveAddress;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;

/**
 * LEA (SDM Vol. 2, Table 3-53): the effective address is computed in the address size, then
 * truncated to (or zero-extended into) the operand size. No segment, no memory access.
 */
final class Lea {
    private Lea() {
    }

    static Op translate(Instruction insn, TranslationContext ctx) {
        if (!Operands.isMemory(insn, 1) || !Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        return new LoadEffectiveAddress(Locations.operand(insn, 0), EffectiveAddress.of((Operand.Mem) insn.operand(1), insn));
    }

    record LoadEffectiveAddress(Location dst, EffectiveAddress ea) implements Op {
        @Override
        public void execute(Cpu c) {
            dst.write(c, ea.compute(c));
        }
    }
}
