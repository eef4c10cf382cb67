package io.xenscope.cpu.decoder;

/** The three-byte opcode maps 0F 38 and 0F 3A, SDM Vol. 2 Tables A-4 and A-5 (legacy-encoded only). */
final class ThreeByteMaps extends TableBuilder {
    private ThreeByteMaps() {
    }

    static final OpcodeEntry[] MAP_0F38 = build38();
    static final OpcodeEntry[] MAP_0F3A = build3A();

    private static OpcodeEntry[] build38() {
        OpcodeEntry[] t = newTable();
        String[] ssse3 = {"PSHUFB", "PHADDW", "PHADDD", "PHADDSW", "PMADDUBSW", "PHSUBW", "PHSUBD", "PHSUBSW",
                "PSIGNB", "PSIGNW", "PSIGND", "PMULHRSW"};
        for (int i = 0; i < ssse3.length; i++) {
            t[i] = mmxSse(ssse3[i]);
        }
        // SDM: PBLENDVB xmm1, xmm2/m128, <XMM0>: XMM0 is implicit, so not listed (printers add it).
        t[0x10] = sse66("PBLENDVB Vx,Wx");
        t[0x14] = sse66("BLENDVPS Vx,Wx");
        t[0x15] = sse66("BLENDVPD Vx,Wx");
        t[0x17] = sse66("PTEST Vx,Wx");
        t[0x1C] = mmxSse("PABSB");
        t[0x1D] = mmxSse("PABSW");
        t[0x1E] = mmxSse("PABSD");
        String[] widths = {"Wq", "Wd", "Ww", "Wq", "Wd", "Wq"}; // memory source sizes of pmovsx/pmovzx
        String[] suffixes = {"BW", "BD", "BQ", "WD", "WQ", "DQ"};
        for (int i = 0; i < 6; i++) {
            t[0x20 + i] = sse66("PMOVSX" + suffixes[i] + " Vx," + widths[i]);
            t[0x30 + i] = sse66("PMOVZX" + suffixes[i] + " Vx," + widths[i]);
        }
        t[0x28] = sse66("PMULDQ Vx,Wx");
        t[0x29] = sse66("PCMPEQQ Vx,Wx");
        t[0x2A] = pfx(BAD, mod(op("MOVNTDQA Vx,Mx"), BAD), BAD, BAD);
        t[0x2B] = sse66("PACKUSDW Vx,Wx");
        String[] row3 = {null, null, null, null, null, null, null, "PCMPGTQ",
                "PMINSB", "PMINSD", "PMINUW", "PMINUD", "PMAXSB", "PMAXSD", "PMAXUW", "PMAXUD"};
        for (int i = 7; i < 16; i++) {
            t[0x30 + i] = sse66(row3[i] + " Vx,Wx");
        }
        t[0x40] = sse66("PMULLD Vx,Wx");
        t[0x41] = sse66("PHMINPOSUW Vx,Wx");
        t[0x80] = pfx(BAD, mod(op("INVEPT Gy,Mdq", F64), BAD), BAD, BAD);
        t[0x81] = pfx(BAD, mod(op("INVVPID Gy,Mdq", F64), BAD), BAD, BAD);
        t[0x82] = pfx(BAD, mod(op("INVPCID Gy,Mdq", F64), BAD), BAD, BAD);
        t[0xC8] = pfx(op("SHA1NEXTE Vx,Wx"), BAD, BAD, BAD);
        t[0xC9] = pfx(op("SHA1MSG1 Vx,Wx"), BAD, BAD, BAD);
        t[0xCA] = pfx(op("SHA1MSG2 Vx,Wx"), BAD, BAD, BAD);
        t[0xCB] = pfx(op("SHA256RNDS2 Vx,Wx"), BAD, BAD, BAD);
        t[0xCC] = pfx(op("SHA256MSG1 Vx,Wx"), BAD, BAD, BAD);
        t[0xCD] = pfx(op("SHA256MSG2 Vx,Wx"), BAD, BAD, BAD);
        t[0xDB] = sse66("AESIMC Vx,Wx");
        t[0xDC] = sse66("AESENC Vx,Wx");
        t[0xDD] = sse66("AESENCLAST Vx,Wx");
        t[0xDE] = sse66("AESDEC Vx,Wx");
        t[0xDF] = sse66("AESDECLAST Vx,Wx");
        // F0/F1: MOVBE (memory only) without prefix or with 66 (operand size); CRC32 with F2.
        t[0xF0] = pfx(mod(op("MOVBE Gv,Mv"), BAD), null, BAD, op("CRC32 Gy,Eb"));
        t[0xF1] = pfx(mod(op("MOVBE Mv,Gv"), BAD), null, BAD, op("CRC32 Gy,Ev"));
        t[0xF6] = pfx(BAD, op("ADCX Gy,Ey"), op("ADOX Gy,Ey"), BAD);
        return t;
    }

    private static OpcodeEntry[] build3A() {
        OpcodeEntry[] t = newTable();
        t[0x08] = sse66("ROUNDPS Vx,Wx,Ib");
        t[0x09] = sse66("ROUNDPD Vx,Wx,Ib");
        t[0x0A] = sse66("ROUNDSS Vss,Wss,Ib");
        t[0x0B] = sse66("ROUNDSD Vsd,Wsd,Ib");
        t[0x0C] = sse66("BLENDPS Vx,Wx,Ib");
        t[0x0D] = sse66("BLENDPD Vx,Wx,Ib");
        t[0x0E] = sse66("PBLENDW Vx,Wx,Ib");
        t[0x0F] = mmxSse("PALIGNR", "Pq,Qq,Ib", "Vx,Wx,Ib");
        t[0x14] = pfx(BAD, mod(op("PEXTRB Mb,Vx,Ib"), op("PEXTRB Rd,Vx,Ib")), BAD, BAD);
        t[0x15] = pfx(BAD, mod(op("PEXTRW Mw,Vx,Ib"), op("PEXTRW Rd,Vx,Ib")), BAD, BAD);
        t[0x16] = pfx(BAD, osz(op("PEXTRD Ed,Vx,Ib"), op("PEXTRD Ed,Vx,Ib"), op("PEXTRQ Eq,Vx,Ib")), BAD, BAD);
        t[0x17] = sse66("EXTRACTPS Ed,Vx,Ib");
        t[0x20] = pfx(BAD, mod(op("PINSRB Vx,Mb,Ib"), op("PINSRB Vx,Rd,Ib")), BAD, BAD);
        t[0x21] = sse66("INSERTPS Vx,Wd,Ib");
        t[0x22] = pfx(BAD, osz(op("PINSRD Vx,Ed,Ib"), op("PINSRD Vx,Ed,Ib"), op("PINSRQ Vx,Eq,Ib")), BAD, BAD);
        t[0x40] = sse66("DPPS Vx,Wx,Ib");
        t[0x41] = sse66("DPPD Vx,Wx,Ib");
        t[0x42] = sse66("MPSADBW Vx,Wx,Ib");
        t[0x44] = sse66("PCLMULQDQ Vx,Wx,Ib");
        t[0x60] = sse66("PCMPESTRM Vx,Wx,Ib");
        t[0x61] = sse66("PCMPESTRI Vx,Wx,Ib");
        t[0x62] = sse66("PCMPISTRM Vx,Wx,Ib");
        t[0x63] = sse66("PCMPISTRI Vx,Wx,Ib");
        t[0xCC] = pfx(op("SHA1RNDS4 Vx,Wx,Ib"), BAD, BAD, BAD);
        t[0xDF] = sse66("AESKEYGENASSIST Vx,Wx,Ib");
        return t;
    }
}
