package io.xenscope.cpu.decoder;

/**
 * Legacy and REX prefix scanning (SDM Vol. 2 §2.1.1, §2.2.1). Legacy prefixes may come in any order
 * and repeat; the last segment override wins; of F2/F3 the last one is the one an SSE mandatory
 * prefix lookup uses. A REX prefix (64-bit mode only) counts only when it immediately precedes the
 * opcode: a legacy prefix after it cancels it.
 */
final class Prefixes {
    private Prefixes() {
    }

    /** Consumes all prefixes and returns the first opcode byte. */
    static int scan(DecodeState s) {
        while (true) {
            int b = s.next();
            switch (b) {
                case 0xF0 -> s.prefixes |= Instruction.PREFIX_LOCK;
                case 0xF2 -> {
                    s.prefixes |= Instruction.PREFIX_REPNE;
                    s.lastRep = b;
                }
                case 0xF3 -> {
                    s.prefixes |= Instruction.PREFIX_REP;
                    s.lastRep = b;
                }
                case 0x26 -> segment(s, 0);
                case 0x2E -> segment(s, 1);
                case 0x36 -> segment(s, 2);
                case 0x3E -> segment(s, 3);
                case 0x64 -> segment(s, 4);
                case 0x65 -> segment(s, 5);
                case 0x66 -> s.prefixes |= Instruction.PREFIX_OPSIZE;
                case 0x67 -> s.prefixes |= Instruction.PREFIX_ADDRSIZE;
                default -> {
                    if (s.mode64 && (b & 0xF0) == 0x40) {
                        s.rex = b;
                        continue;
                    }
                    if (s.rex != 0) {
                        s.prefixes |= Instruction.PREFIX_REX | (s.rexW() ? Instruction.PREFIX_REX_W : 0);
                    }
                    return b;
                }
            }
            s.rex = 0; // a legacy prefix after REX cancels it
        }
    }

    private static void segment(DecodeState s, int number) {
        s.segment = number;
        s.prefixes = s.prefixes & ~(7 << Instruction.SEGMENT_SHIFT) | Instruction.PREFIX_SEGMENT
                | number << Instruction.SEGMENT_SHIFT;
    }
}
