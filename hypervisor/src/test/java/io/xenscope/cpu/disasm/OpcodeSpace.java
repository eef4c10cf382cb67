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
    private static final int[][] MOD_RM = {{0, 0}, {0, 4}, {0, 5}, {1, 6}, {2, 4}, {3, 0}, {3, 7}};

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
            boolean simple = pre.length == 0 || pre[0] == 0x66 || pre[0] == 0xF3 || pre[0] == 0xF2 || pre[0] == 0x48;
            for (int map = 0; map < 4; map++) {
                if (map >= 2 && !simple) {
                    continue;
                }
                for (int op = 0; op < 256; op++) {
                    if (map == 0 && (op == 0x0F || isPrefix(op, mode))) {
                        continue;
                    }
                    boolean x87 = map == 0 && op >= 0xD8 && op <= 0xDF;
                    if (x87) {
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
