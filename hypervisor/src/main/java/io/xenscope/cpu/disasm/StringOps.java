package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.decoder.Register;
import java.util.List;

/**
 * The operands objdump prints for string instructions and xlat, which the decoder leaves implicit
 * (SDM: "MOVS m8, m8" with ES:(E)DI and DS:(E)SI): destination first, Intel order.
 */
final class StringOps {
    private StringOps() {
    }

    static boolean isString(Mnemonic m) {
        return switch (m) {
            case MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS -> true;
            default -> false;
        };
    }

    static boolean readsSource(Mnemonic m) {
        return m == Mnemonic.MOVS || m == Mnemonic.CMPS || m == Mnemonic.LODS || m == Mnemonic.OUTS || m == Mnemonic.XLAT;
    }

    /** Intel-order operands, or null when the instruction is not a string instruction or xlat. */
    static List<Operand> operands(Instruction insn) {
        int size = insn.operandSize();
        Operand di = mem(insn, size, Register.ES, false, 7);
        Operand si = mem(insn, size, Register.DS, true, 6);
        Operand acc = new Operand.Reg(Register.gpr(0, size, false));
        Operand dx = new Operand.Reg(Register.DX);
        return switch (insn.mnemonic()) {
            case MOVS -> List.of(di, si);
            case CMPS -> List.of(si, di);
            case STOS -> List.of(di, acc);
            case LODS -> List.of(acc, si);
            case SCAS -> List.of(acc, di);
            case INS -> List.of(di, dx);
            case OUTS -> List.of(dx, si);
            case XLAT -> List.of(mem(insn, 1, Register.DS, true, 3));
            default -> null;
        };
    }

    private static Operand.Mem mem(Instruction insn, int size, Register seg, boolean overridable, int reg) {
        Register segment = overridable && insn.segmentOverride() != null ? insn.segmentOverride() : seg;
        return new Operand.Mem(size, segment, true, Register.gpr(reg, insn.addressSize(), false), null, 1, 0,
                insn.addressSize());
    }
}
