package io.xenscope.cpu.decoder;

/**
 * One node of an opcode table: either a leaf (a mnemonic with its operand types and attribute
 * flags) or a selector that picks a child by a further field of the encoding (ModRM.reg for
 * groups, the mandatory prefix, ModRM.mod, ModRM.rm, operand size, address size, or CPU mode).
 */
final class OpcodeEntry {
    enum Kind { LEAF, GROUP, PREFIX, MOD, RM, OPSIZE, ADSIZE, MODE }

    // Attribute flags (SDM Appendix A superscripts).
    static final int LOCK = 1;        // LOCK allowed when the destination is memory
    static final int I64 = 1 << 1;    // invalid in 64-bit mode
    static final int O64 = 1 << 2;    // valid only in 64-bit mode
    static final int D64 = 1 << 3;    // 64-bit mode: operand size defaults to 64 (66 gives 16)
    static final int F64 = 1 << 4;    // 64-bit mode: operand size forced to 64
    static final int BYTE = 1 << 5;   // byte operation with implicit operands (movsb, lodsb...)
    static final int MODRM = 1 << 6;  // has a ModRM byte (derived)
    static final int REGONLY = 1 << 7; // ModRM.mod must be 11 (derived from U/N operands)
    static final int Z32 = 1 << 8;    // operand size is z (at most 32 bits): ins/outs

    final Kind kind;
    final Mnemonic mnemonic;
    final int[] operands;
    final int flags;
    final OpcodeEntry[] children;
    /** Condition code 0..15 for jcc/setcc/cmovcc/fcmovcc, else -1. */
    final int condition;

    private OpcodeEntry(Kind kind, Mnemonic mnemonic, int[] operands, int flags, OpcodeEntry[] children, int condition) {
        this.kind = kind;
        this.mnemonic = mnemonic;
        this.operands = operands;
        this.flags = flags;
        this.children = children;
        this.condition = condition;
    }

    static OpcodeEntry leaf(Mnemonic m, int[] operands, int flags, int condition) {
        int f = flags;
        for (int t : operands) {
            if (OperandType.usesModRm(t)) {
                f |= MODRM;
            }
            int method = OperandType.method(t);
            if (method == OperandType.U || method == OperandType.N) {
                f |= REGONLY;
            }
        }
        if (byteOperation(operands)) {
            f |= BYTE;
        }
        return new OpcodeEntry(Kind.LEAF, m, operands, f, null, condition);
    }

    static OpcodeEntry node(Kind kind, OpcodeEntry... children) {
        return new OpcodeEntry(kind, null, null, kind == Kind.GROUP || kind == Kind.MOD || kind == Kind.RM ? MODRM : 0,
                children, -1);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    boolean needsModRm() {
        return (flags & MODRM) != 0;
    }

    /** True when the operation is on bytes (for Instruction.operandSize): a b-sized GPR/memory operand and no v/z/y one. */
    private static boolean byteOperation(int[] operands) {
        boolean sawByte = false;
        for (int t : operands) {
            int sz = OperandType.sizeCode(t);
            int m = OperandType.method(t);
            if (sz == OperandType.SZ_V || sz == OperandType.SZ_Z || sz == OperandType.SZ_Y) {
                return false;
            }
            if (sz == OperandType.SZ_B && (m == OperandType.E || m == OperandType.G || m == OperandType.REG
                    || m == OperandType.O || m == OperandType.Z)) {
                sawByte = true;
            }
        }
        return sawByte;
    }
}
