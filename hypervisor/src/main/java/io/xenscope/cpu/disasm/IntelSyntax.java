package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.decoder.Register;
import java.util.List;
import java.util.function.LongFunction;

/** Intel syntax as {@code objdump -d -M intel} prints it: {@code mov    DWORD PTR [rax+0x8],0x0}. */
public final class IntelSyntax implements Syntax {

    @Override
    public String format(Instruction insn, byte[] bytes, LongFunction<String> symbolizer) {
        RawBytes raw = new RawBytes(insn, bytes);
        StringBuilder sb = new StringBuilder(48);
        for (String w : PrefixWords.of(insn, raw)) {
            sb.append(w).append(' ');
        }
        sb.append(mnemonic(insn));
        if (!insn.isValid()) {
            return sb.toString();
        }
        List<Operand> ops = operands(insn);
        if (ops.isEmpty()) {
            return sb.toString();
        }
        while (sb.length() < 6) {
            sb.append(' ');
        }
        sb.append(' ');
        String comment = null;
        for (int i = 0; i < ops.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Operand o = ops.get(i);
            sb.append(i == X87.stiIndex(insn) ? "st(" + ((Operand.Reg) o).register().number + ")"
                    : operand(insn, raw, o, i, symbolizer));
            if (o instanceof Operand.Mem m && m.ripRelative()) {
                comment = Hex.target(Hex.mask(insn.nextAddress() + m.displacement(), m.addressSize()), symbolizer);
            }
        }
        if (comment != null) {
            sb.append("        # ").append(comment);
        }
        return sb.toString();
    }

    static String mnemonic(Instruction insn) {
        Mnemonic m = insn.mnemonic();
        int def = insn.codeSize() == CodeSize.BITS16 ? 2 : 4;
        return switch (m) {
            case PUSHF, POPF -> Names.lower(m) + Names.sizeSuffix(insn, insn.codeSize() == CodeSize.BITS64 ? 8 : def);
            case PUSHA, POPA, IRET, RETF -> Names.lower(m) + Names.sizeSuffix(insn, def);
            case RET, ENTER, LEAVE, XBEGIN -> Names.lower(m) + Names.sizeSuffix(insn, insn.codeSize() == CodeSize.BITS64 ? 8 : def);
            case FLDENV, FRSTOR, FNSTENV, FNSAVE -> Names.lower(m) + (insn.operandSize() == 8 ? "" : Names.sizeSuffix(insn, def));
            case CALL, JMP -> Names.lower(m) + (insn.operandSize() == 2 && def == 4 && insn.operand(0) instanceof Operand.Rel ? "w" : "");
            case SYSRET, SYSEXIT -> Names.lower(m) + (insn.codeSize() != CodeSize.BITS64 ? "" : insn.operandSize() == 8 ? "q" : "d");
            case SGDT, SIDT, LGDT, LIDT -> Names.lower(m) + (insn.codeSize() == CodeSize.BITS64 ? "" : insn.operandSize() == 2 ? "w" : "d");
            case PUSH, POP -> Names.lower(m) + (insn.operand(0) instanceof Operand.Reg r && r.register().isGpr()
                    || insn.operand(0) instanceof Operand.Mem ? "" : Names.sizeSuffix(insn, insn.codeSize() == CodeSize.BITS64 ? 8 : def));
            case MOV -> Names.isMovabs(insn) ? "movabs" : "mov";
            default -> Names.common(insn);
        };
    }

    private static List<Operand> operands(Instruction insn) {
        List<Operand> s = StringOps.operands(insn);
        if (s != null) {
            return s;
        }
        if (Names.implicitXmm0(insn.mnemonic())) {
            return Names.withImplicitXmm0(insn.operands());
        }
        if (Names.comparePredicate(insn) >= 0 || Names.common(insn).startsWith("pclmul") && !Names.common(insn).equals("pclmulqdq")) {
            return insn.operands().subList(0, 2);
        }
        return insn.operands();
    }

    private static String operand(Instruction insn, RawBytes raw, Operand o, int index, LongFunction<String> sym) {
        if (o instanceof Operand.Reg r) {
            return register(r.register());
        } else if (o instanceof Operand.Imm imm) {
            if (index == 1 && isShiftByOne(insn)) {
                return "1";
            }
            return Hex.unsigned(imm.value(), imm.size());
        } else if (o instanceof Operand.Rel rel) {
            return Hex.target(rel.target(), sym);
        } else if (o instanceof Operand.Far far) {
            return Hex.unsigned(far.selector(), 2) + ":" + Hex.unsigned(far.offset(), 8);
        }
        Operand.Mem m = (Operand.Mem) o;
        return ptr(insn, m) + address(insn, raw, m);
    }

    static boolean isShiftByOne(Instruction insn) {
        int op = insn.opcode();
        return op == 0xD0 || op == 0xD1;
    }

    static String register(Register r) {
        return r.asmName();
    }

    private static String ptr(Instruction insn, Operand.Mem m) {
        if (m.base() == null && m.index() == null && insn.opcode() >= 0xA0 && insn.opcode() <= 0xA3) {
            return ""; // moffs
        }
        switch (insn.mnemonic()) {
            case LEA, LDDQU, SGDT, SIDT, LGDT, LIDT, INVPCID, FLDENV, FNSTENV, FRSTOR, FNSAVE:
                return "";
            case CMPXCHG16B, INVEPT, INVVPID:
                return "OWORD PTR ";
            case CALLF, JMPF:
                return m.size() == 4 ? "DWORD PTR " : "FWORD PTR ";
            default:
                break;
        }
        return switch (m.size()) {
            case 1 -> "BYTE PTR ";
            case 2 -> "WORD PTR ";
            case 4 -> "DWORD PTR ";
            case 6 -> "FWORD PTR ";
            case 8 -> "QWORD PTR ";
            case 10 -> "TBYTE PTR ";
            case 16 -> "XMMWORD PTR ";
            default -> "";
        };
    }

    private static String address(Instruction insn, RawBytes raw, Operand.Mem m) {
        StringBuilder sb = new StringBuilder();
        boolean implicit = StringOps.operands(insn) != null;
        boolean segShown = implicit || PrefixWords.segmentInOperand(insn, m);
        if (m.base() == null && m.index() == null) {
            sb.append(segShown ? m.segment().asmName() : "ds").append(':');
            return sb.append(Hex.unsigned(m.displacement(), m.addressSize())).toString();
        }
        if (segShown) {
            sb.append(m.segment().asmName()).append(':');
        }
        sb.append('[');
        boolean first = true;
        if (m.base() != null) {
            sb.append(m.base().asmName());
            first = false;
        }
        if (m.index() != null) {
            if (!first) {
                sb.append('+');
            }
            sb.append(m.index().asmName());
            if (m.addressSize() != 2) {
                sb.append('*').append(m.scale());
            }
        }
        if (!implicit && raw.displacementEncoded(m.addressSize())) {
            long d = m.displacement();
            if (m.addressSize() == 2) {
                d = (short) d;
            } else if (m.addressSize() == 4 && !m.ripRelative()) {
                d = (int) d;
            }
            sb.append(m.ripRelative() ? "+" + Hex.unsigned(d, m.addressSize()) : Hex.signed(d));
        }
        return sb.append(']').toString();
    }
}
