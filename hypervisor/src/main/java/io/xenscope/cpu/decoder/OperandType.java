package io.xenscope.cpu.decoder;

/**
 * Operand type codes of the SDM's opcode maps (Vol. 2 Appendix A.2: an addressing method letter
 * followed by an operand type, e.g. "Ev", "Gb", "Iz", "Wps"), packed into an int once at table
 * construction: {@code method | size << 8 | register << 16}. A few codes not in the SDM's list:
 * "Ibs" (an Ib the instruction sign-extends to its operand size: 6A, 6B, 83), "Z" (register in the
 * low three opcode bits, SDM's "rAX/r8" notation), "ST0"/"STi" (x87), fixed registers by name. Implicit operands (the SDM's <XMM0>) have no code.
 */
final class OperandType {
    private OperandType() {
    }

    // Addressing methods (SDM A.2.1).
    static final int E = 1, G = 2, M = 3, R = 4, I = 5, J = 6, O = 7, S = 8, C = 9, D = 10,
            V = 11, W = 12, U = 13, P = 14, Q = 15, N = 16, Z = 17, REG = 18, SEG = 19, ONE = 20,
            ST0 = 21, STI = 22, A = 23, ISX = 25;

    // Operand types (SDM A.2.2), plus x87/state sizes.
    static final int SZ_B = 1, SZ_W = 2, SZ_D = 3, SZ_Q = 4, SZ_V = 5, SZ_Z = 6, SZ_Y = 7, SZ_P = 8,
            SZ_S = 9, SZ_A = 10, SZ_X = 11, SZ_NONE = 12, SZ_T = 13, SZ_ENV = 14, SZ_SAVE = 15,
            SZ_FX = 16;

    static int method(int t) {
        return t & 0xff;
    }

    static int sizeCode(int t) {
        return (t >>> 8) & 0xff;
    }

    static int register(int t) {
        return (t >>> 16) & 0xff;
    }

    /** True when the operand is encoded in the ModRM byte. */
    static boolean usesModRm(int t) {
        return switch (method(t)) {
            case E, G, M, R, S, C, D, V, W, U, P, Q, N, STI -> true;
            default -> false;
        };
    }

    /** Parses one SDM operand code. Called only while the tables are built. */
    static int parse(String code) {
        switch (code) {
            case "AL": return reg(0, SZ_B);
            case "CL": return reg(1, SZ_B);
            case "DX": return reg(2, SZ_W);
            case "AX": return reg(0, SZ_W);
            case "rAX": return reg(0, SZ_V);
            case "eAX": return reg(0, SZ_Z);
            case "ES": return seg(0);
            case "CS": return seg(1);
            case "SS": return seg(2);
            case "DS": return seg(3);
            case "FS": return seg(4);
            case "GS": return seg(5);
            case "1": return ONE | SZ_B << 8;
            case "ST0": return ST0 | SZ_T << 8;
            case "STi": return STI | SZ_T << 8;
            case "Ibs": return ISX | SZ_B << 8;
            default: break;
        }
        int method = switch (code.charAt(0)) {
            case 'E' -> E; case 'G' -> G; case 'M' -> M; case 'R' -> R; case 'I' -> I; case 'J' -> J;
            case 'O' -> O; case 'S' -> S; case 'C' -> C; case 'D' -> D; case 'V' -> V; case 'W' -> W;
            case 'U' -> U; case 'P' -> P; case 'Q' -> Q; case 'N' -> N; case 'Z' -> Z; case 'A' -> A;
            default -> throw new IllegalArgumentException("operand code " + code);
        };
        return method | sizeOf(code.substring(1), code) << 8;
    }

    private static int sizeOf(String s, String code) {
        return switch (s) {
            case "b" -> SZ_B;
            case "w" -> SZ_W;
            case "d", "ss" -> SZ_D;
            case "q", "sd", "pi" -> SZ_Q;
            case "v" -> SZ_V;
            case "z" -> SZ_Z;
            case "y" -> SZ_Y;
            case "p" -> SZ_P;
            case "s" -> SZ_S;
            case "a" -> SZ_A;
            case "x", "dq", "ps", "pd" -> SZ_X;
            case "", "0" -> SZ_NONE;
            case "t" -> SZ_T;
            case "env" -> SZ_ENV;
            case "save" -> SZ_SAVE;
            case "fx" -> SZ_FX;
            default -> throw new IllegalArgumentException("operand size in " + code);
        };
    }

    private static int reg(int number, int size) {
        return REG | size << 8 | number << 16;
    }

    private static int seg(int number) {
        return SEG | SZ_W << 8 | number << 16;
    }
}
