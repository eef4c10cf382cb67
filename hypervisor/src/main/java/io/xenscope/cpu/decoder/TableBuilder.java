package io.xenscope.cpu.decoder;

import io.xenscope.cpu.decoder.OpcodeEntry.Kind;

/**
 * The small language the opcode tables are written in, close to the SDM's own notation
 * (Vol. 2 Appendix A): {@code op("ADD Eb,Gb", LOCK)}, {@code grp(...)} for ModRM.reg groups,
 * {@code pfx(none, 66, F3, F2)} for mandatory prefixes. Strings are parsed once, at class init.
 */
class TableBuilder {
    static final int LOCK = OpcodeEntry.LOCK, I64 = OpcodeEntry.I64, O64 = OpcodeEntry.O64,
            D64 = OpcodeEntry.D64, F64 = OpcodeEntry.F64, BYTE = OpcodeEntry.BYTE, Z32 = OpcodeEntry.Z32;

    /** An invalid encoding (#UD). */
    static final OpcodeEntry BAD = OpcodeEntry.leaf(Mnemonic.BAD, new int[0], 0, -1);

    private static final String[] CONDITIONS = {"O", "NO", "B", "AE", "E", "NE", "BE", "A", "S", "NS", "P", "NP", "L", "GE", "LE", "G"};

    static OpcodeEntry op(String sdm) {
        return op(sdm, 0);
    }

    /** A leaf: "MNEMONIC op1,op2,...". */
    static OpcodeEntry op(String sdm, int flags) {
        int space = sdm.indexOf(' ');
        String name = space < 0 ? sdm : sdm.substring(0, space);
        int[] ops = new int[0];
        if (space >= 0) {
            String[] codes = sdm.substring(space + 1).split(",");
            ops = new int[codes.length];
            for (int i = 0; i < codes.length; i++) {
                ops[i] = OperandType.parse(codes[i].trim());
            }
        }
        Mnemonic m = Mnemonic.valueOf(name);
        return OpcodeEntry.leaf(m, ops, flags, conditionOf(name));
    }

    private static int conditionOf(String name) {
        String cc;
        if (name.startsWith("FCMOV")) {
            return switch (name.substring(5)) {
                case "B" -> 2; case "NB" -> 3; case "E" -> 4; case "NE" -> 5;
                case "BE" -> 6; case "NBE" -> 7; case "U" -> 10; case "NU" -> 11; default -> -1;
            };
        } else if (name.startsWith("CMOV")) {
            cc = name.substring(4);
        } else if (name.startsWith("SET")) {
            cc = name.substring(3);
        } else if (name.startsWith("J") && !name.equals("JMP") && !name.equals("JMPF") && !name.endsWith("CXZ")) {
            cc = name.substring(1);
        } else {
            return -1;
        }
        for (int i = 0; i < CONDITIONS.length; i++) {
            if (CONDITIONS[i].equals(cc)) {
                return i;
            }
        }
        return -1;
    }

    /** Group selected by ModRM.reg (SDM Table A-6). Missing trailing entries are BAD. */
    static OpcodeEntry grp(OpcodeEntry... byReg) {
        return OpcodeEntry.node(Kind.GROUP, pad(byReg, 8));
    }

    /** Selected by mandatory prefix: none, 66, F3, F2 (null = not defined: fall back, see Decoder). */
    static OpcodeEntry pfx(OpcodeEntry none, OpcodeEntry p66, OpcodeEntry pF3, OpcodeEntry pF2) {
        return OpcodeEntry.node(Kind.PREFIX, none, p66, pF3, pF2);
    }

    /** MMX form without prefix, SSE2 form with 66 (e.g. "PADDB": Pq,Qq / Vx,Wx). */
    static OpcodeEntry mmxSse(String name) {
        return mmxSse(name, "Pq,Qq", "Vx,Wx");
    }

    static OpcodeEntry mmxSse(String name, String mmxOps, String sseOps) {
        return pfx(op(name + " " + mmxOps), op(name + " " + sseOps), BAD, BAD);
    }

    /** Packed single / packed double / scalar single / scalar double: the 0F 5x arithmetic pattern. */
    static OpcodeEntry sse4(String base) {
        return pfx(op(base + "PS Vps,Wps"), op(base + "PD Vpd,Wpd"), op(base + "SS Vss,Wss"), op(base + "SD Vsd,Wsd"));
    }

    /** 66-only SSE instruction (0F 38 / 0F 3A maps). */
    static OpcodeEntry sse66(String sdm) {
        return pfx(BAD, op(sdm), BAD, BAD);
    }

    /** Selected by ModRM.mod: memory form, register form. */
    static OpcodeEntry mod(OpcodeEntry mem, OpcodeEntry reg) {
        return OpcodeEntry.node(Kind.MOD, mem, reg);
    }

    /** Selected by ModRM.rm (register forms of 0F 01, x87). */
    static OpcodeEntry rm(OpcodeEntry... byRm) {
        return OpcodeEntry.node(Kind.RM, pad(byRm, 8));
    }

    /** Selected by operand size 16, 32, 64 (cbw/cwde/cdqe). */
    static OpcodeEntry osz(OpcodeEntry o16, OpcodeEntry o32, OpcodeEntry o64) {
        return OpcodeEntry.node(Kind.OPSIZE, o16, o32, o64);
    }

    /** Selected by address size 16, 32, 64 (jcxz/jecxz/jrcxz). */
    static OpcodeEntry asz(OpcodeEntry a16, OpcodeEntry a32, OpcodeEntry a64) {
        return OpcodeEntry.node(Kind.ADSIZE, a16, a32, a64);
    }

    /** Selected by mode: outside 64-bit mode, in 64-bit mode. */
    static OpcodeEntry mode(OpcodeEntry legacy, OpcodeEntry long64) {
        return OpcodeEntry.node(Kind.MODE, legacy, long64);
    }

    private static OpcodeEntry[] pad(OpcodeEntry[] e, int n) {
        OpcodeEntry[] out = new OpcodeEntry[n];
        for (int i = 0; i < n; i++) {
            out[i] = i < e.length && e[i] != null ? e[i] : BAD;
        }
        return out;
    }

    /** Fills table[base..base+7] with the same leaf (opcodes with the register in their low bits). */
    static void plusR(OpcodeEntry[] table, int base, OpcodeEntry e) {
        for (int i = 0; i < 8; i++) {
            table[base + i] = e;
        }
    }

    static OpcodeEntry[] newTable() {
        OpcodeEntry[] t = new OpcodeEntry[256];
        java.util.Arrays.fill(t, BAD);
        return t;
    }
}
