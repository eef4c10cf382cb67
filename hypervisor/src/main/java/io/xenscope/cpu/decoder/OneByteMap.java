package io.xenscope.cpu.decoder;

/**
 * The one-byte opcode map, SDM Vol. 2 Table A-2, with the groups of Table A-6. Prefix bytes
 * (26 2E 36 3E 64 65 66 67 F0 F2 F3, and 40..4F in 64-bit mode) are consumed by {@link Prefixes}
 * before this table is consulted; 0F escapes to {@link TwoByteMap}; D8..DF to {@link X87Map}.
 */
final class OneByteMap extends TableBuilder {
    private OneByteMap() {
    }

    private static final String[] ALU = {"ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP"};

    static final OpcodeEntry[] TABLE = build();

    private static OpcodeEntry[] build() {
        OpcodeEntry[] t = newTable();
        // 00..3F: the eight ALU operations, six forms each (SDM A-2 rows 0..3, columns 0..5 and 8..D).
        for (int i = 0; i < 8; i++) {
            String m = ALU[i];
            int lock = m.equals("CMP") ? 0 : LOCK;
            int b = i * 8;
            t[b] = op(m + " Eb,Gb", lock);
            t[b + 1] = op(m + " Ev,Gv", lock);
            t[b + 2] = op(m + " Gb,Eb");
            t[b + 3] = op(m + " Gv,Ev");
            t[b + 4] = op(m + " AL,Ib");
            t[b + 5] = op(m + " rAX,Iz");
        }
        t[0x06] = op("PUSH ES", I64);
        t[0x07] = op("POP ES", I64);
        t[0x0E] = op("PUSH CS", I64);
        t[0x16] = op("PUSH SS", I64);
        t[0x17] = op("POP SS", I64);
        t[0x1E] = op("PUSH DS", I64);
        t[0x1F] = op("POP DS", I64);
        t[0x27] = op("DAA", I64);
        t[0x2F] = op("DAS", I64);
        t[0x37] = op("AAA", I64);
        t[0x3F] = op("AAS", I64);
        plusR(t, 0x40, op("INC Zv", I64)); // REX prefixes in 64-bit mode
        plusR(t, 0x48, op("DEC Zv", I64));
        plusR(t, 0x50, op("PUSH Zv", D64));
        plusR(t, 0x58, op("POP Zv", D64));
        t[0x60] = op("PUSHA", I64);
        t[0x61] = op("POPA", I64);
        t[0x62] = mod(op("BOUND Gv,Ma", I64), BAD); // mod=11: EVEX
        t[0x63] = mode(op("ARPL Ew,Gw"), op("MOVSXD Gv,Ed"));
        t[0x68] = op("PUSH Iz", D64);
        t[0x69] = op("IMUL Gv,Ev,Iz");
        t[0x6A] = op("PUSH Ibs", D64);
        t[0x6B] = op("IMUL Gv,Ev,Ibs");
        t[0x6C] = op("INS", BYTE);
        t[0x6D] = op("INS", Z32);
        t[0x6E] = op("OUTS", BYTE);
        t[0x6F] = op("OUTS", Z32);
        String[] jcc = {"JO", "JNO", "JB", "JAE", "JE", "JNE", "JBE", "JA", "JS", "JNS", "JP", "JNP", "JL", "JGE", "JLE", "JG"};
        for (int i = 0; i < 16; i++) {
            t[0x70 + i] = op(jcc[i] + " Jb", F64);
        }
        t[0x80] = group1("Eb,Ib", 0);
        t[0x81] = group1("Ev,Iz", 0);
        t[0x82] = group1("Eb,Ib", I64);
        t[0x83] = group1("Ev,Ibs", 0);
        t[0x84] = op("TEST Eb,Gb");
        t[0x85] = op("TEST Ev,Gv");
        t[0x86] = op("XCHG Eb,Gb", LOCK);
        t[0x87] = op("XCHG Ev,Gv", LOCK);
        t[0x88] = op("MOV Eb,Gb");
        t[0x89] = op("MOV Ev,Gv");
        t[0x8A] = op("MOV Gb,Eb");
        t[0x8B] = op("MOV Gv,Ev");
        t[0x8C] = mod(op("MOV Ew,Sw"), op("MOV Ev,Sw")); // SDM: Mw/Rv,Sw
        t[0x8D] = mod(op("LEA Gv,M"), BAD);
        t[0x8E] = mod(op("MOV Sw,Mw"), op("MOV Sw,Rv"));
        t[0x8F] = grp(op("POP Ev", D64)); // group 1A
        // 90: NOP; F3 90 PAUSE; with 66 or REX.B it is xchg (Decoder handles REX.B: "xchg r8,rax").
        t[0x90] = pfx(op("NOP"), null, op("PAUSE"), null);
        for (int i = 1; i < 8; i++) {
            t[0x90 + i] = op("XCHG Zv,rAX", LOCK);
        }
        t[0x98] = osz(op("CBW"), op("CWDE"), op("CDQE"));
        t[0x99] = osz(op("CWD"), op("CDQ"), op("CQO"));
        t[0x9A] = op("CALLF Ap", I64);
        t[0x9B] = op("WAIT");
        t[0x9C] = op("PUSHF", D64);
        t[0x9D] = op("POPF", D64);
        t[0x9E] = op("SAHF");
        t[0x9F] = op("LAHF");
        t[0xA0] = op("MOV AL,Ob");
        t[0xA1] = op("MOV rAX,Ov");
        t[0xA2] = op("MOV Ob,AL");
        t[0xA3] = op("MOV Ov,rAX");
        t[0xA4] = op("MOVS", BYTE);
        t[0xA5] = op("MOVS");
        t[0xA6] = op("CMPS", BYTE);
        t[0xA7] = op("CMPS");
        t[0xA8] = op("TEST AL,Ib");
        t[0xA9] = op("TEST rAX,Iz");
        t[0xAA] = op("STOS", BYTE);
        t[0xAB] = op("STOS");
        t[0xAC] = op("LODS", BYTE);
        t[0xAD] = op("LODS");
        t[0xAE] = op("SCAS", BYTE);
        t[0xAF] = op("SCAS");
        plusR(t, 0xB0, op("MOV Zb,Ib"));
        plusR(t, 0xB8, op("MOV Zv,Iv"));
        t[0xC0] = group2("Eb,Ib");
        t[0xC1] = group2("Ev,Ib");
        t[0xC2] = op("RET Iw", F64);
        t[0xC3] = op("RET", F64);
        t[0xC4] = mod(op("LES Gz,Mp", I64), BAD); // mod=11 or 64-bit mode: VEX (not decoded)
        t[0xC5] = mod(op("LDS Gz,Mp", I64), BAD);
        t[0xC6] = grp(op("MOV Eb,Ib"), null, null, null, null, null, null, mod(BAD, rm(op("XABORT Ib")))); // group 11
        t[0xC7] = grp(op("MOV Ev,Iz"), null, null, null, null, null, null, mod(BAD, rm(op("XBEGIN Jz", F64))));
        t[0xC8] = op("ENTER Iw,Ib", D64);
        t[0xC9] = op("LEAVE", D64);
        t[0xCA] = op("RETF Iw");
        t[0xCB] = op("RETF");
        t[0xCC] = op("INT3");
        t[0xCD] = op("INT Ib");
        t[0xCE] = op("INTO", I64);
        t[0xCF] = op("IRET");
        t[0xD0] = group2("Eb,1");
        t[0xD1] = group2("Ev,1");
        t[0xD2] = group2("Eb,CL");
        t[0xD3] = group2("Ev,CL");
        t[0xD4] = op("AAM Ib", I64);
        t[0xD5] = op("AAD Ib", I64);
        t[0xD7] = op("XLAT", BYTE);
        for (int i = 0; i < 8; i++) {
            t[0xD8 + i] = X87Map.ESCAPES[i];
        }
        t[0xE0] = op("LOOPNE Jb", F64);
        t[0xE1] = op("LOOPE Jb", F64);
        t[0xE2] = op("LOOP Jb", F64);
        t[0xE3] = asz(op("JCXZ Jb", F64), op("JECXZ Jb", F64), op("JRCXZ Jb", F64));
        t[0xE4] = op("IN AL,Ib");
        t[0xE5] = op("IN eAX,Ib");
        t[0xE6] = op("OUT Ib,AL");
        t[0xE7] = op("OUT Ib,eAX");
        t[0xE8] = op("CALL Jz", F64);
        t[0xE9] = op("JMP Jz", F64);
        t[0xEA] = op("JMPF Ap", I64);
        t[0xEB] = op("JMP Jb", F64);
        t[0xEC] = op("IN AL,DX");
        t[0xED] = op("IN eAX,DX");
        t[0xEE] = op("OUT DX,AL");
        t[0xEF] = op("OUT DX,eAX");
        t[0xF1] = op("INT1");
        t[0xF4] = op("HLT");
        t[0xF5] = op("CMC");
        t[0xF6] = group3("Eb", "Eb,Ib");
        t[0xF7] = group3("Ev", "Ev,Iz");
        t[0xF8] = op("CLC");
        t[0xF9] = op("STC");
        t[0xFA] = op("CLI");
        t[0xFB] = op("STI");
        t[0xFC] = op("CLD");
        t[0xFD] = op("STD");
        t[0xFE] = grp(op("INC Eb", LOCK), op("DEC Eb", LOCK)); // group 4
        t[0xFF] = grp(op("INC Ev", LOCK), op("DEC Ev", LOCK), op("CALL Ev", F64), mod(op("CALLF Mp"), BAD),
                op("JMP Ev", F64), mod(op("JMPF Mp"), BAD), op("PUSH Ev", D64)); // group 5
        return t;
    }

    /** Group 1 (80..83): the ALU operations with an immediate. */
    private static OpcodeEntry group1(String ops, int flags) {
        OpcodeEntry[] g = new OpcodeEntry[8];
        for (int i = 0; i < 8; i++) {
            g[i] = op(ALU[i] + " " + ops, flags | (i == 7 ? 0 : LOCK));
        }
        return grp(g);
    }

    /** Group 2 (C0 C1 D0..D3): rotates and shifts; /6 is the undocumented alias of SHL (decoded as SHL). */
    private static OpcodeEntry group2(String ops) {
        String[] names = {"ROL", "ROR", "RCL", "RCR", "SHL", "SHR", "SHL", "SAR"};
        OpcodeEntry[] g = new OpcodeEntry[8];
        for (int i = 0; i < 8; i++) {
            g[i] = op(names[i] + " " + ops);
        }
        return grp(g);
    }

    /** Group 3 (F6 F7): /1 is the undocumented alias of TEST. */
    private static OpcodeEntry group3(String e, String ei) {
        return grp(op("TEST " + ei), op("TEST " + ei), op("NOT " + e, LOCK), op("NEG " + e, LOCK),
                op("MUL " + e), op("IMUL " + e), op("DIV " + e), op("IDIV " + e));
    }
}
