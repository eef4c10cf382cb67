package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.decoder.Register;

/** x87 printing details: which operand is the ModRM-encoded ST(i), which objdump always prints as st(n). */
final class X87 {
    private X87() {
    }

    /** Index of the ST(i) operand of an x87 register form, or -1. */
    static int stiIndex(Instruction insn) {
        int op = insn.opcode();
        if (op < 0xD8 || op > 0xDF || insn.operands().isEmpty()
                || !(insn.operand(0) instanceof Operand.Reg r) || r.register().kind != Register.Kind.X87) {
            return -1;
        }
        if (insn.operands().size() == 1) {
            return 0;
        }
        return op == 0xDC || op == 0xDE ? 0 : 1;
    }
}
