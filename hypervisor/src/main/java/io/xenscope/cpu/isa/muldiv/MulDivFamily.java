package io.xenscope.cpu.isa.muldiv;

import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.OpTable;
import io.xenscope.cpu.isa.Lock;

/** MUL, IMUL (one-, two- and three-operand forms), DIV, IDIV. */
public final class MulDivFamily implements InstructionFamily {
    @Override
    public void register(OpTable table) {
        table.add(Mnemonic.MUL, (insn, ctx) -> guard(insn, new Multiply(false, Locations.operand(insn, 0))));
        table.add(Mnemonic.IMUL, (insn, ctx) -> guard(insn, imul(insn)));
        table.add(Mnemonic.DIV, (insn, ctx) -> guard(insn, new Divide(false, Locations.operand(insn, 0))));
        table.add(Mnemonic.IDIV, (insn, ctx) -> guard(insn, new Divide(true, Locations.operand(insn, 0))));
    }

    private static Op imul(Instruction insn) {
        return switch (insn.operands().size()) {
            case 1 -> new Multiply(true, Locations.operand(insn, 0));
            case 2 -> new MultiplyInto(Locations.operand(insn, 0), Locations.operand(insn, 0), Locations.operand(insn, 1));
            default -> new MultiplyInto(Locations.operand(insn, 0), Locations.operand(insn, 1), Locations.operand(insn, 2));
        };
    }

    private static Op guard(Instruction insn, Op op) {
        Op ud = Lock.invalidLock(insn);
        return ud != null ? ud : op;
    }
}
