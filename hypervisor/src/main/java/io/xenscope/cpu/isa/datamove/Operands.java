package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.decoder.Register;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.fault.InvalidOpcode;

/** Translation-time checks on operand shapes shared by the general-purpose families. */
public final class Operands {
    private Operands() {
    }

    /** True when every operand is a general-purpose register, memory, an immediate or a branch target. */
    public static boolean generalPurpose(Instruction insn) {
        for (Operand o : insn.operands()) {
            if (o instanceof Operand.Reg r && r.register().kind != Register.Kind.GPR || o instanceof Operand.Far) {
                return false;
            }
        }
        return true;
    }

    public static boolean isMemory(Instruction insn, int index) {
        return insn.operands().size() > index && insn.operand(index) instanceof Operand.Mem;
    }

    /** An op for a form no family implements: #UD, naming the instruction. */
    public static Op unsupported(Instruction insn) {
        String what = insn.mnemonic().lowerName() + " " + insn.operands();
        return c -> {
            throw new InvalidOpcode(what + " is not implemented by XenScope's CPU");
        };
    }
}
