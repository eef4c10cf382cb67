package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.CodeSource;
import io.xenscope.cpu.decoder.Decoder;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The prefix words objdump prints before a mnemonic: "lock", "rep"/"repz"/"repnz", "bnd",
 * "notrack", and, for prefixes the instruction does not use, "data16", "addr32", segment names
 * and "rex.WRXB" (e.g. {@code data16 cs nopw 0x0(%rax,%rax,1)}, {@code rex.W push %rbp}).
 * Whether a prefix is used is decided by decoding the instruction again without it.
 */
final class PrefixWords {
    private PrefixWords() {
    }

    private static final String[] SEGMENTS = {"es", "cs", "ss", "ds", "fs", "gs"};

    static List<String> of(Instruction insn, RawBytes raw) {
        List<String> words = new ArrayList<>(2);
        if (raw.prefixCount == 0) {
            return words;
        }
        Mnemonic m = insn.mnemonic();
        boolean string = StringOps.isString(m);
        boolean mode64 = insn.codeSize() == CodeSize.BITS64;
        boolean opsizeUsed = insn.has(Instruction.PREFIX_OPSIZE) && changes(insn, raw, b -> b == 0x66);
        boolean adsizeUsed = changes(insn, raw, b -> b == 0x67);
        boolean segInOperand = insn.isValid() && (StringOps.readsSource(m) || hasMemory(insn));
        int last66 = lastIndex(raw, 0x66);
        int last67 = lastIndex(raw, 0x67);
        int lastSeg = -1;
        for (int i = 0; i < raw.prefixCount; i++) {
            if (segmentNumber(raw.prefix(i)) >= 0) {
                lastSeg = i;
            }
        }
        for (int i = 0; i < raw.prefixCount; i++) {
            int p = raw.prefix(i);
            switch (p) {
                case 0xF0 -> words.add("lock");
                case 0xF3 -> {
                    if (insn.has(Instruction.PREFIX_REP) && hle(insn, raw, true)) {
                        words.add("xrelease");
                    } else if (insn.has(Instruction.PREFIX_REP)) {
                        words.add(string && !(m == Mnemonic.CMPS || m == Mnemonic.SCAS) ? "rep" : "repz");
                    }
                }
                case 0xF2 -> {
                    if (insn.has(Instruction.PREFIX_REPNE) && hle(insn, raw, false)) {
                        words.add("xacquire");
                    } else if (insn.has(Instruction.PREFIX_REPNE)) {
                        words.add(isNearBranch(m) ? "bnd" : "repnz");
                    }
                }
                case 0x66 -> {
                    if (insn.has(Instruction.PREFIX_OPSIZE) && !(opsizeUsed && i == last66)) {
                        words.add(insn.codeSize() == CodeSize.BITS16 ? "data32" : "data16");
                    }
                }
                case 0x67 -> {
                    if (!(adsizeUsed && i == last67) || isMoffs(insn) || absoluteOnly(insn) || isLoop(m)) {
                        words.add(insn.codeSize() == CodeSize.BITS32 ? "addr16" : "addr32");
                    }
                }
                case 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65 -> {
                    int seg = segmentNumber(p);
                    boolean inOperand = segInOperand && i == lastSeg && (!mode64 || seg >= 4);
                    if (!inOperand) {
                        words.add(p == 0x3E && isIndirectBranch(insn) ? "notrack" : SEGMENTS[seg]);
                    }
                }
                default -> {
                    if (i == raw.prefixCount - 1) {
                        String rex = unusedRex(insn, raw, i);
                        if (rex != null) {
                            words.add(rex);
                        }
                    } else {
                        words.add(rexName(p & 0xF));
                    }
                }
            }
        }
        return words;
    }

    /** Whether a segment override shows inside a memory operand (in 64-bit mode only FS and GS apply). */
    static boolean segmentInOperand(Instruction insn, Operand.Mem mem) {
        return mem.segmentOverride() && (insn.codeSize() != CodeSize.BITS64 || mem.segment().number >= 4);
    }

    /** HLE (SDM §16.3): F2/F3 print as xacquire/xrelease on locked RMW, xchg with memory, and F3 on mov to memory. */
    private static boolean hle(Instruction insn, RawBytes raw, boolean release) {
        if (insn.operands().isEmpty() || !(insn.operand(0) instanceof Operand.Mem)) {
            return false;
        }
        Mnemonic m = insn.mnemonic();
        if (m == Mnemonic.XCHG || insn.has(Instruction.PREFIX_LOCK) && !insn.lockInvalid()) {
            return true;
        }
        int op = insn.opcode();
        return release && m == Mnemonic.MOV && (op == 0x88 || op == 0x89 || op == 0xC6 || op == 0xC7);
    }

    private static boolean isLoop(Mnemonic m) {
        return m == Mnemonic.LOOP || m == Mnemonic.LOOPE || m == Mnemonic.LOOPNE;
    }

    /** Memory operands without registers do not show the address size, so objdump prints addr16/addr32. */
    private static boolean absoluteOnly(Instruction insn) {
        boolean any = false;
        for (Operand o : insn.operands()) {
            if (o instanceof Operand.Mem mem) {
                if (mem.base() != null || mem.index() != null) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static boolean isMoffs(Instruction insn) {
        return insn.opcode() >= 0xA0 && insn.opcode() <= 0xA3;
    }

    private static boolean hasMemory(Instruction insn) {
        for (Operand o : insn.operands()) {
            if (o instanceof Operand.Mem) {
                return true;
            }
        }
        return false;
    }

    private static int lastIndex(RawBytes raw, int prefix) {
        int last = -1;
        for (int i = 0; i < raw.prefixCount; i++) {
            if (raw.prefix(i) == prefix) {
                last = i;
            }
        }
        return last;
    }

    /** Does removing every prefix byte matching {@code drop} change the decoded instruction? */
    private static boolean changes(Instruction insn, RawBytes raw, java.util.function.IntPredicate drop) {
        byte[] b = raw.bytes;
        byte[] out = new byte[b.length];
        int n = 0;
        for (int i = 0; i < b.length; i++) {
            if (i < raw.prefixCount && drop.test(b[i] & 0xff)) {
                continue;
            }
            out[n++] = b[i];
        }
        if (n == b.length) {
            return false;
        }
        return !equivalent(insn, redecode(insn, java.util.Arrays.copyOf(out, n)));
    }

    private static Instruction redecode(Instruction insn, byte[] bytes) {
        long at = insn.address() + insn.length() - bytes.length; // keep the next-instruction address
        try {
            return Decoder.decode(CodeSource.of(bytes, at), at, insn.codeSize());
        } catch (CodeSource.CodeSourceExhausted e) {
            return null;
        }
    }

    private static boolean equivalent(Instruction a, Instruction b) {
        if (b == null || a.mnemonic() != b.mnemonic() || !IntelSyntax.mnemonic(a).equals(IntelSyntax.mnemonic(b)) || !Objects.equals(a.operands(), b.operands())
                || a.length() - b.length() != a.length() - b.length()) {
            return false;
        }
        boolean descriptorTable64 = a.codeSize() == CodeSize.BITS64 && switch (a.mnemonic()) {
            case SGDT, SIDT, LGDT, LIDT -> true;
            default -> false;
        };
        if (a.operandSize() != b.operandSize() && sizeIsImplicit(a.mnemonic()) && !descriptorTable64) {
            return false;
        }
        return a.addressSize() == b.addressSize() || !(StringOps.isString(a.mnemonic()) || a.mnemonic() == Mnemonic.XLAT
                || a.mnemonic() == Mnemonic.LOOP || a.mnemonic() == Mnemonic.LOOPE || a.mnemonic() == Mnemonic.LOOPNE);
    }

    /** Instructions without operands whose operation size still depends on the operand-size attribute. */
    private static boolean sizeIsImplicit(Mnemonic m) {
        return switch (m) {
            case MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS, PUSHF, POPF, PUSHA, POPA, IRET, RETF, RET, LEAVE, ENTER,
                    PUSH, POP, SGDT, SIDT, LGDT, LIDT, FLDENV, FNSTENV, FRSTOR, FNSAVE, XBEGIN, CALL, JMP, CALLF,
                    JMPF -> true;
            default -> false;
        };
    }

    private static String unusedRex(Instruction insn, RawBytes raw, int index) {
        int rex = raw.prefix(index);
        int unused = 0;
        for (int bit = 8; bit >= 1; bit >>= 1) {
            if (bit == 1 && hasMemory(insn)) {
                continue; // objdump counts REX.B as used whenever ModRM.rm names memory (even RIP-relative)
            }
            if ((rex & bit) != 0) {
                byte[] b = raw.bytes.clone();
                b[index] = (byte) (rex & ~bit);
                if (equivalent(insn, redecode(insn, b))) {
                    unused |= bit;
                }
            }
        }
        if (unused != 0) {
            return rexName(rex & 0xF); // objdump then names all the REX bits, used or not
        }
        if ((rex & 0xF) == 0 && !changes(insn, raw, b -> (b & 0xF0) == 0x40)) {
            return "rex";
        }
        return null;
    }

    private static String rexName(int bits) {
        if (bits == 0) {
            return "rex";
        }
        StringBuilder sb = new StringBuilder("rex.");
        if ((bits & 8) != 0) sb.append('W');
        if ((bits & 4) != 0) sb.append('R');
        if ((bits & 2) != 0) sb.append('X');
        if ((bits & 1) != 0) sb.append('B');
        return sb.toString();
    }

    private static int segmentNumber(int p) {
        return switch (p) {
            case 0x26 -> 0;
            case 0x2E -> 1;
            case 0x36 -> 2;
            case 0x3E -> 3;
            case 0x64 -> 4;
            case 0x65 -> 5;
            default -> -1;
        };
    }

    static boolean isNearBranch(Mnemonic m) {
        return m == Mnemonic.CALL || m == Mnemonic.JMP || m == Mnemonic.RET
                || (m.ordinal() >= Mnemonic.JO.ordinal() && m.ordinal() <= Mnemonic.JG.ordinal());
    }

    private static boolean isIndirectBranch(Instruction insn) {
        return (insn.mnemonic() == Mnemonic.CALL || insn.mnemonic() == Mnemonic.JMP)
                && !insn.operands().isEmpty() && !(insn.operand(0) instanceof Operand.Rel);
    }
}
