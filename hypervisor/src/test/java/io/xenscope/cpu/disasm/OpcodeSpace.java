package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.CodeSize;
import java.util.ArrayList;
import java.util.List;

/**
 * Byte sequences covering the one-, two- and three-byte opcode maps: every opcode under a set of
 * prefixes and ModRM forms (every ModRM.reg, register and memory forms with SIB and displacements),
 * followed by distinct filler bytes that serve as SIB, displacement and immediate.
 */
final class OpcodeSpace {
    private OpcodeSpace() {
    }

    private static final byte[] TAIL = {(byte) 0x88, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x12, 0x34, 0x56, 0x78, (byte) 0x9a};
    /** ModRM forms per ModRM.reg: [reg], SIB+disp8 ([rax+rcx*4+d8]), disp32/RIP, register. */
    private static final int[][] MOD_RM = {{0, 0}, {1, 4}, {0, 5}, {3, 1}};

    static List<byte[]> candidates(CodeSize mode) {
        List<int[]> prefixSets = new ArrayList<>(List.of(new int[0], new int[]{0x66}, new int[]{0xF3}, new int[]{0xF2},
                new int[]{0xF0}, new int[]{0x67}, new int[]{0x64}));
        if (mode == CodeSize.BITS64) {
            prefixSets.add(new int[]{0x48});
            prefixSets.add(new int[]{0x45});
            prefixSets.add(new int[]{0x66, 0x48});
        }
        List<byte[]> out = new ArrayList<>();
        for (int[] pre : prefixSets) {
            boolean mandatory = pre.length == 0 || pre[0] == 0x66 || pre[0] == 0xF3 || pre[0] == 0xF2 || pre[0] == 0x48;
            for (int map = 0; map < 4; map++) {
                if (map >= 2 && !mandatory || map >= 1 && (pre.length > 0 && (pre[0] == 0x67 || pre[0] == 0x64))) {
                    continue; // address-size and segment prefixes: the one-byte map suffices
                }
                for (int op = 0; op < 256; op++) {
                    if (map == 0 && (op == 0x0F || isPrefix(op, mode))) {
                        continue;
                    }
                    // x87 escapes and 0F 01 (group 7) select by ModRM.rm too: every ModRM byte
                    boolean everyModRm = map == 0 && op >= 0xD8 && op <= 0xDF || map == 1 && op == 0x01;
                    if (everyModRm) {
                        for (int modrm = 0; modrm < 256; modrm++) {
                            if (modrm >= 0xC0 || (modrm & 7) == 0 || pre.length == 0) {
                                out.add(bytes(pre, map, op, modrm));
                            }
                        }
                        continue;
                    }
                    for (int reg = 0; reg < 8; reg++) {
                        for (int[] mr : MOD_RM) {
                            out.add(bytes(pre, map, op, mr[0] << 6 | reg << 3 | mr[1]));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean isPrefix(int b, CodeSize mode) {
        return RawBytes.isPrefix(b, mode);
    }

    private static byte[] bytes(int[] pre, int map, int op, int modrm) {
        int n = pre.length + (map == 0 ? 1 : map == 1 ? 2 : 3) + 1 + TAIL.length;
        byte[] b = new byte[Math.min(n, 15)];
        int i = 0;
        for (int p : pre) {
            b[i++] = (byte) p;
        }
        if (map >= 1) {
            b[i++] = 0x0F;
        }
        if (map == 2) {
            b[i++] = 0x38;
        } else if (map == 3) {
            b[i++] = 0x3A;
        }
        b[i++] = (byte) op;
        b[i++] = (byte) modrm;
        for (int t = 0; i < b.length; t++) {
            b[i++] = TAIL[t];
        }
        return b;
    }
}
