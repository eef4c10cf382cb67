package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.decoder.Register;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * AT&T syntax as {@code objdump -d} prints it: source first, {@code %} registers, {@code $}
 * immediates, {@code disp(base,index,scale)} memory, a size suffix where no register operand
 * shows the size ({@code movl $0x0,(%rax)}), {@code *} on indirect branches.
 */
public final class AttSyntax implements Syntax {

    @Override
    public String format(Instruction insn, byte[] bytes, LongFunction<String> symbolizer) {
        RawBytes raw = new RawBytes(insn, bytes);
        StringBuilder sb = new StringBuilder(48);
        List<String> words = new ArrayList<>(PrefixWords.of(insn, raw));
        if (insn.mnemonic() == Mnemonic.LOOP || insn.mnemonic() == Mnemonic.LOOPE || insn.mnemonic() == Mnemonic.LOOPNE
                || insn.mnemonic() == Mnemonic.MONITOR) {
            words.remove("addr32"); // AT&T shows the address size as a suffix: loopl
            words.remove("addr16");
        }
        String hint = null;
        if (isJcc(insn.mnemonic()) && !words.isEmpty()) { // branch hints: je,pt / je,pn
            String last = words.get(words.size() - 1);
            if (last.equals("ds") || last.equals("cs")) {
                hint = last.equals("ds") ? ",pt" : ",pn";
                words = words.subList(0, words.size() - 1);
            }
        }
        for (String w : words) {
            sb.append(w).append(' ');
        }
        sb.append(mnemonic(insn));
        if (hint != null) {
            sb.append(hint);
        }
        if (!insn.isValid()) {
            return sb.toString();
        }
        List<String> ops = operands(insn, raw, symbolizer);
        if (ops.isEmpty()) {
            return sb.toString();
        }
        while (sb.length() < 6) {
            sb.append(' ');
        }
        sb.append(' ').append(String.join(",", ops));
        for (Operand o : insn.operands()) {
            if (o instanceof Operand.Mem m && m.ripRelative()) {
                sb.append("        # ").append(Hex.target(Hex.mask(insn.nextAddress() + m.displacement(), m.addressSize()), symbolizer));
            }
        }
        return sb.toString();
    }

    static String mnemonic(Instruction insn) {
        Mnemonic m = insn.mnemonic();
        int def = insn.codeSize() == CodeSize.BITS16 ? 2 : 4;
        boolean mode64 = insn.codeSize() == CodeSize.BITS64;
        return switch (m) {
            case CBW -> "cbtw";
            case CWDE -> "cwtl";
            case CDQE -> "cltq";
            case CWD -> "cwtd";
            case CDQ -> "cltd";
            case CQO -> "cqto";
            case MOVSXD -> insn.operand(0).size() == 8 ? "movslq" : "movsxd";
            case LOOP, LOOPE, LOOPNE -> Names.lower(m) + (insn.has(Instruction.PREFIX_ADDRSIZE) ? suffix(insn.addressSize()) : "");
            case CALLF, JMPF -> (m == Mnemonic.CALLF ? "lcall" : "ljmp")
                    + (insn.operandSize() == 8 ? "" : Names.sizeSuffix(insn, def).replace('d', 'l'));
            case CALL, JMP -> Names.lower(m) + (!mode64 && !(insn.operand(0) instanceof Operand.Reg)
                    ? Names.sizeSuffix(insn, def).replace('d', 'l') : "");
            case FLDENV, FRSTOR, FNSTENV, FNSAVE -> Names.lower(m) + (insn.operandSize() == 8 || insn.operandSize() == def ? ""
                    : insn.operandSize() == 2 ? "s" : "l");
            case MOVZX, MOVSX -> (m == Mnemonic.MOVZX ? "movz" : "movs") + suffix(insn.operand(1).size())
                    + suffix(insn.operand(0).size());
            case RETF -> "lret" + Names.sizeSuffix(insn, def).replace('d', 'l');
            case IRET -> "iret" + Names.sizeSuffix(insn, def).replace('d', 'l');
            case SYSRET, SYSEXIT -> Names.lower(m) + (!mode64 ? "" : insn.operandSize() == 8 ? "q" : "l");
            case PUSHF, POPF, PUSHA, POPA -> Names.lower(m) + Names.sizeSuffix(insn, mode64 ? 8 : def).replace('d', 'l');
            case RET, ENTER, LEAVE, XBEGIN -> Names.lower(m) + Names.sizeSuffix(insn, mode64 ? 8 : def).replace('d', 'l');
            case SGDT, SIDT, LGDT, LIDT -> Names.lower(m) + (mode64 ? "" : insn.operandSize() == 2 ? "w" : "l");
            case FSUBP, FSUBRP, FDIVP, FDIVRP -> Names.lower(Names.swap(m)); // objdump's AT&T x87 quirk (DE forms)
            case FSUB, FSUBR, FDIV, FDIVR -> Names.lower(Names.x87Swapped(insn) ? Names.swap(m) : m) + x87Suffix(insn);
            case MOV -> Names.isMovabs(insn) ? "movabs" : "mov" + sizeSuffix(insn);
            case CVTSI2SS, CVTSI2SD -> Names.lower(m) + (mode64 && insn.operand(1) instanceof Operand.Mem mem ? suffix(mem.size()) : "");
            case CRC32 -> "crc32" + (insn.operand(1) instanceof Operand.Mem mem ? suffix(mem.size()) : "");
            default -> Names.common(insn) + x87Suffix(insn) + sizeSuffix(insn);
        };
    }

    private static String suffix(int size) {
        return switch (size) {
            case 1 -> "b";
            case 2 -> "w";
            case 4 -> "l";
            default -> "q";
        };
    }

    /** The b/w/l/q suffix of integer instructions whose operands do not show the size. */
    private static String sizeSuffix(Instruction insn) {
        Mnemonic m = insn.mnemonic();
        if (!SUFFIXED.contains(m)) {
            return "";
        }
        if (m == Mnemonic.PUSH || m == Mnemonic.POP) { // suffixed only when not the default stack width
            if (insn.operand(0) instanceof Operand.Reg r && r.register().isGpr()) {
                return "";
            }
            boolean deflt = insn.codeSize() == CodeSize.BITS64 ? insn.operandSize() == 8
                    : insn.operandSize() == (insn.codeSize() == CodeSize.BITS16 ? 2 : 4);
            return deflt ? "" : suffix(insn.operandSize());
        }
        boolean memory = StringOps.isString(m);
        boolean shift = m == Mnemonic.ROL || m == Mnemonic.ROR || m == Mnemonic.RCL || m == Mnemonic.RCR
                || m == Mnemonic.SHL || m == Mnemonic.SHR || m == Mnemonic.SAR;
        for (int i = 0; i < insn.operands().size(); i++) {
            Operand o = insn.operand(i);
            if (o instanceof Operand.Reg && !(shift && i == 1)) { // the CL count does not show the size
                return "";
            }
            if (o instanceof Operand.Mem) {
                memory = true;
            }
        }
        if (m == Mnemonic.STOS || m == Mnemonic.LODS || m == Mnemonic.SCAS) {
            return "";
        }
        return memory ? suffix(insn.operandSize()) : "";
    }

    private static final java.util.Set<Mnemonic> SUFFIXED = java.util.EnumSet.of(Mnemonic.ADD, Mnemonic.OR, Mnemonic.ADC,
            Mnemonic.SBB, Mnemonic.AND, Mnemonic.SUB, Mnemonic.XOR, Mnemonic.CMP, Mnemonic.INC, Mnemonic.DEC,
            Mnemonic.NEG, Mnemonic.NOT, Mnemonic.MUL, Mnemonic.IMUL, Mnemonic.DIV, Mnemonic.IDIV, Mnemonic.TEST,
            Mnemonic.MOV, Mnemonic.ROL, Mnemonic.ROR, Mnemonic.RCL, Mnemonic.RCR, Mnemonic.SHL, Mnemonic.SHR,
            Mnemonic.SAR, Mnemonic.BT, Mnemonic.BTS, Mnemonic.BTR, Mnemonic.BTC, Mnemonic.NOP, Mnemonic.PUSH,
            Mnemonic.POP, Mnemonic.MOVS, Mnemonic.CMPS, Mnemonic.INS, Mnemonic.OUTS, Mnemonic.STOS, Mnemonic.LODS,
            Mnemonic.SCAS);

    /** x87 memory operand suffixes: s/l/t for reals, s/l/ll for integers (objdump: flds, fildll). */
    private static String x87Suffix(Instruction insn) {
        int op = insn.opcode();
        if (op < 0xD8 || op > 0xDF || insn.operands().isEmpty() || !(insn.operand(0) instanceof Operand.Mem mem)) {
            return "";
        }
        String n = insn.mnemonic().name();
        boolean integer = n.startsWith("FI");
        if (!integer && !(n.startsWith("FLD") || n.startsWith("FST") || n.startsWith("FADD") || n.startsWith("FMUL")
                || n.startsWith("FCOM") || n.startsWith("FSUB") || n.startsWith("FDIV"))) {
            return "";
        }
        if (n.equals("FLDCW") || n.equals("FLDENV") || n.equals("FNSTSW")) {
            return "";
        }
        return switch (mem.size()) {
            case 2 -> integer ? "s" : "";
            case 4 -> integer ? "l" : "s";
            case 8 -> integer ? "ll" : "l";
            case 10 -> "t";
            default -> "";
        };
    }

    private static List<String> operands(Instruction insn, RawBytes raw, LongFunction<String> sym) {
        List<Operand> intel = StringOps.operands(insn);
        if (intel == null) {
            intel = Names.implicitXmm0(insn.mnemonic()) ? Names.withImplicitXmm0(insn.operands()) : insn.operands();
            if (Names.comparePredicate(insn) >= 0 || Names.common(insn).startsWith("pclmul") && !Names.common(insn).equals("pclmulqdq")) {
                intel = intel.subList(0, 2);
            }
        }
        boolean indirect = isBranch(insn.mnemonic());
        int sti = X87.stiIndex(insn);
        List<String> out = new ArrayList<>(intel.size());
        if (insn.mnemonic() == Mnemonic.MONITOR) { // implicit operands objdump shows in AT&T
            return List.of("%" + Register.gpr(0, insn.addressSize(), false).asmName(), "%ecx", "%edx");
        } else if (insn.mnemonic() == Mnemonic.MWAIT) {
            return List.of("%eax", "%ecx");
        }
        // objdump keeps the operands of enter and bound in Intel order
        boolean reverse = insn.mnemonic() != Mnemonic.ENTER && insn.mnemonic() != Mnemonic.BOUND;
        for (int k = intel.size() - 1; k >= 0; k--) {
            int i = reverse ? k : intel.size() - 1 - k;
            Operand o = intel.get(i);
            if (i == 1 && IntelSyntax.isShiftByOne(insn)) {
                continue;
            }
            String s;
            if (i == sti) {
                s = "%st(" + ((Operand.Reg) o).register().number + ")";
            } else if (o instanceof Operand.Far far) {
                out.add("$" + Hex.unsigned(far.selector(), 2));
                s = "$" + Hex.unsigned(far.offset(), 8);
            } else {
                s = operand(insn, raw, o, sym);
            }
            if (indirect && !(o instanceof Operand.Rel) && !(o instanceof Operand.Far)) {
                s = "*" + s;
            }
            out.add(s);
        }
        return out;
    }

    private static String operand(Instruction insn, RawBytes raw, Operand o, LongFunction<String> sym) {
        if (o instanceof Operand.Reg r) {
            return register(insn, r.register());
        } else if (o instanceof Operand.Imm imm) {
            return "$" + Hex.unsigned(imm.value(), imm.size());
        } else if (o instanceof Operand.Rel rel) {
            return Hex.target(rel.target(), sym);
        }
        Operand.Mem m = (Operand.Mem) o;
        StringBuilder sb = new StringBuilder();
        boolean implicit = StringOps.operands(insn) != null;
        if (implicit || PrefixWords.segmentInOperand(insn, m)) {
            sb.append('%').append(m.segment().asmName()).append(':');
        }
        if (m.base() == null && m.index() == null) {
            return sb.append(Hex.unsigned(m.displacement(), m.addressSize())).toString();
        }
        if (!implicit && raw.displacementEncoded(m.addressSize())) {
            long d = m.displacement();
            if (m.addressSize() == 2) {
                d = (short) d;
            } else if (m.addressSize() == 4) {
                d = (int) d;
            }
            sb.append(d < 0 ? "-0x" + Long.toHexString(-d) : "0x" + Long.toHexString(d));
        }
        sb.append('(');
        if (m.base() != null) {
            sb.append('%').append(m.base().asmName());
        }
        if (m.index() != null) {
            sb.append(",%").append(m.index().asmName());
            if (m.addressSize() != 2) {
                sb.append(',').append(m.scale());
            }
        }
        return sb.append(')').toString();
    }

    private static String register(Instruction insn, Register r) {
        if (r.kind == Register.Kind.DEBUG) {
            return "%db" + r.number;
        }
        if (r == Register.DX && (insn.mnemonic() == Mnemonic.IN || insn.mnemonic() == Mnemonic.OUT
                || insn.mnemonic() == Mnemonic.INS || insn.mnemonic() == Mnemonic.OUTS)) {
            return "(%dx)";
        }
        return "%" + r.asmName();
    }

    private static boolean isBranch(Mnemonic m) {
        return m == Mnemonic.CALL || m == Mnemonic.JMP || m == Mnemonic.CALLF || m == Mnemonic.JMPF;
    }

    private static boolean isJcc(Mnemonic m) {
        return m.ordinal() >= Mnemonic.JO.ordinal() && m.ordinal() <= Mnemonic.JG.ordinal();
    }
}
