package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;

/** Mnemonic spellings objdump uses where they differ from the SDM name (both syntaxes). */
final class Names {
    private Names() {
    }

    static final String[] CMP_PREDICATES = {"eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"};

    /** The SSE compare predicate pseudo-op (cmpltps...) when the immediate is 0..7, else -1. */
    static int comparePredicate(Instruction insn) {
        return switch (insn.mnemonic()) {
            case CMPPS, CMPPD, CMPSS, CMPSD -> {
                long imm = ((Operand.Imm) insn.operand(2)).value();
                yield imm < 8 ? (int) imm : -1;
            }
            default -> -1;
        };
    }

    /** The base spelling shared by both syntaxes (AT&T adds suffixes on top). */
    static String common(Instruction insn) {
        Mnemonic m = insn.mnemonic();
        int size = insn.operandSize();
        int def = insn.codeSize() == CodeSize.BITS16 ? 2 : 4;
        return switch (m) {
            case BAD -> "(bad)";
            case WAIT -> "fwait";
            case CALLF -> "call";
            case JMPF -> "jmp";
            case FNSETPM -> "fnsetpm(287 only)";
            case FNENI -> "fneni(8087 only)";
            case FNDISI -> "fndisi(8087 only)";
            case FRSTPM -> "frstpm(287 only)";
            case PCMPESTRM, PCMPESTRI -> lower(m) + (insn.has(Instruction.PREFIX_REX_W) ? "q" : "");
            case PCLMULQDQ -> {
                long imm = ((Operand.Imm) insn.operand(2)).value();
                yield (imm & 0xee) == 0 ? "pclmul" + ((imm & 1) == 0 ? "lq" : "hq") + ((imm & 0x10) == 0 ? "lq" : "hq") + "dq"
                        : "pclmulqdq";
            }
            case FXSAVE, FXRSTOR, XSAVE, XRSTOR, XSAVEOPT, XSAVEC, XSAVES, XRSTORS ->
                    lower(m) + (insn.has(Instruction.PREFIX_REX_W) ? "64" : "");
            case CMPPS, CMPPD, CMPSS, CMPSD -> {
                int p = comparePredicate(insn);
                yield p < 0 ? lower(m) : "cmp" + CMP_PREDICATES[p] + lower(m).substring(3);
            }
            default -> lower(m);
        };
    }

    /**
     * objdump's AT&T syntax prints DC E0..FF (fsubr/fsub/fdivr/fdiv st(i),st) with sub/subr and
     * div/divr swapped (the historical AT&T/UnixWare assembler quirk); Intel syntax prints them as the SDM names them.
     */
    static boolean x87Swapped(Instruction insn) {
        return insn.opcode() == 0xDC && !insn.operands().isEmpty() && insn.operand(0) instanceof Operand.Reg;
    }

    static Mnemonic swap(Mnemonic m) {
        return switch (m) {
            case FSUB -> Mnemonic.FSUBR;
            case FSUBR -> Mnemonic.FSUB;
            case FDIV -> Mnemonic.FDIVR;
            case FDIVR -> Mnemonic.FDIV;
            case FSUBP -> Mnemonic.FSUBRP;
            case FSUBRP -> Mnemonic.FSUBP;
            case FDIVP -> Mnemonic.FDIVRP;
            case FDIVRP -> Mnemonic.FDIVP;
            default -> m;
        };
    }

    /** Suffix for instructions whose size objdump shows only when it is not the mode's default. */
    static String sizeSuffix(Instruction insn, int defaultSize) {
        int size = insn.operandSize();
        if (size == defaultSize) {
            return "";
        }
        return switch (size) {
            case 2 -> "w";
            case 4 -> "d";
            default -> "q";
        };
    }

    /** Instructions with the implicit XMM0 operand objdump prints last (Intel order): pblendvb, blendvps... */
    static boolean implicitXmm0(Mnemonic m) {
        return m == Mnemonic.PBLENDVB || m == Mnemonic.BLENDVPS || m == Mnemonic.BLENDVPD || m == Mnemonic.SHA256RNDS2;
    }

    static java.util.List<Operand> withImplicitXmm0(java.util.List<Operand> ops) {
        java.util.List<Operand> l = new java.util.ArrayList<>(ops);
        l.add(new Operand.Reg(io.xenscope.cpu.decoder.Register.XMM0));
        return l;
    }

    static String lower(Mnemonic m) {
        return m.lowerName();
    }

    static boolean isMovabs(Instruction insn) {
        if (insn.mnemonic() != Mnemonic.MOV || insn.codeSize() != CodeSize.BITS64) {
            return false;
        }
        int op = insn.opcode();
        if (op >= 0xA0 && op <= 0xA3) {
            for (Operand o : insn.operands()) {
                if (o instanceof Operand.Mem mem && mem.addressSize() == 8) {
                    return true;
                }
            }
            return false;
        }
        return op >= 0xB8 && op <= 0xBF && insn.operandSize() == 8;
    }
}
