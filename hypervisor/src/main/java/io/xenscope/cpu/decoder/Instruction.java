package io.xenscope.cpu.decoder;

import java.util.List;

/**
 * One decoded x86 instruction: the pure result of {@link Decoder#decode}. Immutable.
 *
 * @param address      linear address of the first byte (including prefixes)
 * @param length       length in bytes, 1..15
 * @param mnemonic     what the instruction is ({@link Mnemonic#BAD} for an invalid encoding)
 * @param operands     operands in Intel order (destination first); implicit operands (e.g. the
 *                     AL/EAX of {@code mul}, the RSI/RDI of string instructions) are not listed
 * @param operandSize  effective operand size in bytes (2, 4 or 8; 1 for byte forms)
 * @param addressSize  effective address size in bytes (2, 4 or 8)
 * @param prefixes     prefix bits, see the {@code PREFIX_*} constants; a prefix consumed as an SSE
 *                     mandatory prefix (66/F2/F3 selecting the instruction) is not set; also the
 *                     decode verdicts {@link #LOCK_INVALID} and {@link #TOO_LONG}
 * @param opcode       the opcode with its map: {@code map << 8 | byte}, map 0 = one-byte,
 *                     1 = 0F, 2 = 0F 38, 3 = 0F 3A (for traces and tests)
 * @param condition    the condition code 0..15 of jcc/setcc/cmovcc/fcmovcc in SDM order
 *                     (O, NO, B, AE, E, NE, BE, A, S, NS, P, NP, L, GE, LE, G), or -1
 * @param codeSize     the mode it was decoded in
 */
public record Instruction(long address, int length, Mnemonic mnemonic, List<Operand> operands,
                          int operandSize, int addressSize, int prefixes, int opcode, int condition,
                          CodeSize codeSize) {

    public static final int PREFIX_LOCK = 1;
    public static final int PREFIX_REP = 1 << 1;       // F3: rep / repe / repz
    public static final int PREFIX_REPNE = 1 << 2;     // F2: repne / repnz
    public static final int PREFIX_OPSIZE = 1 << 3;    // 66
    public static final int PREFIX_ADDRSIZE = 1 << 4;  // 67
    public static final int PREFIX_SEGMENT = 1 << 5;   // any segment override
    public static final int PREFIX_REX = 1 << 6;       // a REX prefix was present
    public static final int PREFIX_REX_W = 1 << 7;
    /**
     * Not a prefix but a decode verdict: a LOCK prefix on an instruction or form that is not lockable
     * (not one of the lockable read-modify-write instructions, or the destination is not memory).
     * The instruction is otherwise decoded; executing it raises #UD.
     */
    public static final int LOCK_INVALID = 1 << 8;
    /** Decode verdict: the instruction would be longer than 15 bytes; mnemonic is BAD, length 15, execution raises #GP(0). */
    public static final int TOO_LONG = 1 << 9;
    /** With {@link #PREFIX_SEGMENT}: bits 12..14 hold the number (0..5: ES CS SS DS FS GS) of the last segment override. */
    public static final int SEGMENT_SHIFT = 12;

    public Instruction {
        operands = List.copyOf(operands);
    }

    /** Address of the next instruction (the RIP value RIP-relative addressing and relative branches use). */
    public long nextAddress() {
        return address + length;
    }

    public Operand operand(int i) {
        return operands.get(i);
    }

    public boolean has(int prefix) {
        return (prefixes & prefix) != 0;
    }

    /**
     * The segment named by the last segment-override prefix, or null. Memory operands already carry
     * their effective segment; this is for the implicit ones (string instructions, xlat).
     */
    public Register segmentOverride() {
        return has(PREFIX_SEGMENT) ? Register.segment((prefixes >>> SEGMENT_SHIFT) & 7) : null;
    }

    /** LOCK used where it is not allowed: the executor raises #UD. */
    public boolean lockInvalid() {
        return (prefixes & LOCK_INVALID) != 0;
    }

    /** Longer than 15 bytes: the executor raises #GP(0). */
    public boolean tooLong() {
        return (prefixes & TOO_LONG) != 0;
    }

    public boolean isValid() {
        return mnemonic != Mnemonic.BAD;
    }
}
