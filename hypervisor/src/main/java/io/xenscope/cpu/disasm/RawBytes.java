package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;

/**
 * The bytes of one decoded instruction, with what the printers need that the decoded form does not
 * keep: the prefix bytes in order (objdump prints unused ones as words) and the ModRM byte (objdump
 * prints a zero displacement when one is encoded: {@code [rax+0x0]}).
 */
final class RawBytes {
    final byte[] bytes;
    /** Number of legacy + REX prefix bytes. */
    final int prefixCount;
    /** The REX byte that applies (immediately before the opcode), or 0. */
    final int rex;
    /** Index of the ModRM byte (meaningful only when the instruction has one). */
    final int modRmIndex;

    RawBytes(Instruction insn, byte[] bytes) {
        this.bytes = bytes;
        int i = 0;
        int r = 0;
        while (i < bytes.length && isPrefix(bytes[i] & 0xff, insn.codeSize())) {
            r = (bytes[i] & 0xf0) == 0x40 ? bytes[i] & 0xff : 0;
            i++;
        }
        prefixCount = i;
        rex = r;
        int map = insn.opcode() >>> 8;
        modRmIndex = i + (map == 0 ? 1 : map == 1 ? 2 : 3);
    }

    static boolean isPrefix(int b, CodeSize mode) {
        return switch (b) {
            case 0xF0, 0xF2, 0xF3, 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67 -> true;
            default -> mode == CodeSize.BITS64 && (b & 0xF0) == 0x40;
        };
    }

    int prefix(int i) {
        return bytes[i] & 0xff;
    }

    int modRm() {
        return modRmIndex < bytes.length ? bytes[modRmIndex] & 0xff : 0;
    }

    /** True when the memory operand encodes a displacement (so objdump prints it even when zero). */
    boolean displacementEncoded(int addressSize) {
        int m = modRm();
        int mod = m >>> 6;
        int rm = m & 7;
        if (mod == 1 || mod == 2) {
            return true;
        }
        if (addressSize == 2) {
            return mod == 0 && rm == 6;
        }
        if (rm == 5) {
            return true;
        }
        return rm == 4 && modRmIndex + 1 < bytes.length && (bytes[modRmIndex + 1] & 7) == 5;
    }
}
