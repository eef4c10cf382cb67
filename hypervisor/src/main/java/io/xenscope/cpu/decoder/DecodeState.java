package io.xenscope.cpu.decoder;

/**
 * The mutable state of decoding one instruction: the byte cursor (enforcing the 15-byte limit,
 * SDM Vol. 2 §2.3.11), the prefixes seen and the ModRM fields. One per {@link Decoder#decode} call,
 * never shared.
 */
final class DecodeState {
    /** Thrown when an instruction would need a 16th byte; caught by the Decoder. Preallocated. */
    static final class TooLong extends RuntimeException {
        static final TooLong INSTANCE = new TooLong();

        private TooLong() {
            super("instruction longer than 15 bytes", null, false, false);
        }
    }

    static final int MAX_LENGTH = 15;

    final CodeSource src;
    final long address;
    final CodeSize mode;
    final boolean mode64;
    int length;

    // Prefixes (filled by Prefixes.scan).
    int prefixes;          // Instruction.PREFIX_* bits
    int segment = -1;      // last segment override 0..5 (ES CS SS DS FS GS), or -1
    int rex;               // the REX byte when it immediately precedes the opcode, else 0
    int lastRep;           // 0xF2 or 0xF3: the last of the two seen, or 0
    boolean opsizeConsumed; // 66 used as a mandatory prefix (it then does not change operand size)

    // ModRM (valid when hasModRm).
    boolean hasModRm;
    int mod, reg, rm;

    int map;               // 0 = one-byte, 1 = 0F, 2 = 0F38, 3 = 0F3A
    int opcode;            // last opcode byte

    DecodeState(CodeSource src, long address, CodeSize mode) {
        this.src = src;
        this.address = address;
        this.mode = mode;
        this.mode64 = mode == CodeSize.BITS64;
    }

    int next() {
        if (length >= MAX_LENGTH) {
            throw TooLong.INSTANCE;
        }
        return src.fetch(address + length++) & 0xff;
    }

    long nextSigned(int bytes) {
        return switch (bytes) {
            case 1 -> (byte) next();
            case 2 -> (short) (next() | next() << 8);
            case 4 -> (int) nextUnsigned(4);
            default -> nextUnsigned(8);
        };
    }

    long nextUnsigned(int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) next() << (8 * i);
        }
        return v;
    }

    void readModRm() {
        if (!hasModRm) {
            int b = next();
            mod = b >>> 6;
            reg = (b >>> 3) & 7;
            rm = b & 7;
            hasModRm = true;
        }
    }

    boolean has(int prefix) {
        return (prefixes & prefix) != 0;
    }

    boolean rexW() {
        return (rex & 8) != 0;
    }

    int rexR() {
        return (rex & 4) << 1;
    }

    int rexX() {
        return (rex & 2) << 2;
    }

    int rexB() {
        return (rex & 1) << 3;
    }

    /** 66 present and not taken as a mandatory prefix. */
    boolean operandSizeOverride() {
        return has(Instruction.PREFIX_OPSIZE) && !opsizeConsumed;
    }

    /** Effective address size in bytes (SDM Vol. 1 §3.6, Table 3-4). */
    int addressSize() {
        boolean o = has(Instruction.PREFIX_ADDRSIZE);
        return switch (mode) {
            case BITS64 -> o ? 4 : 8;
            case BITS32 -> o ? 2 : 4;
            case BITS16 -> o ? 4 : 2;
        };
    }

    /** Effective operand size for an entry with the given flags (SDM Vol. 1 §3.6, Vol. 2 §2.2.1.2). */
    int operandSize(int flags) {
        boolean o = operandSizeOverride();
        int size;
        if (mode64) {
            if ((flags & OpcodeEntry.F64) != 0) {
                size = 8;
            } else if (rexW()) {
                size = 8;
            } else if ((flags & OpcodeEntry.D64) != 0) {
                size = o ? 2 : 8;
            } else {
                size = o ? 2 : 4;
            }
        } else {
            size = (mode == CodeSize.BITS16) != o ? 2 : 4;
        }
        if ((flags & OpcodeEntry.Z32) != 0 && size == 8) {
            size = 4;
        }
        return size;
    }
}
