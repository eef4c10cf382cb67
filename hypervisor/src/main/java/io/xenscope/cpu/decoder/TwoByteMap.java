package io.xenscope.cpu.decoder;

/**
 * The two-byte opcode map (0F xx), SDM Vol. 2 Table A-3, with groups 6..16 of Table A-6.
 * Columns with mandatory prefixes are {@code pfx(none, 66, F3, F2)}. 0F 0F (3DNow!) is not decoded.
 */
final class TwoByteMap extends TableBuilder {
    private TwoByteMap() {
    }

    static final OpcodeEntry[] TABLE = build();

    private static OpcodeEntry[] build() {
        OpcodeEntry[] t = newTable();
        t[0x00] = grp(mod(op("SLDT Mw"), op("SLDT Rv")), mod(op("STR Mw"), op("STR Rv")), op("LLDT Ew"), op("LTR Ew"),
                op("VERR Ew"), op("VERW Ew")); // group 6
        t[0x01] = mod(grp(op("SGDT Ms"), op("SIDT Ms"), op("LGDT Ms"), op("LIDT Ms"), op("SMSW Mw"), BAD,
                        op("LMSW Ew"), op("INVLPG Mb")), // group 7, memory forms
                grp(rm(op("ENCLV"), op("VMCALL"), op("VMLAUNCH"), op("VMRESUME"), op("VMXOFF")),
                        rm(op("MONITOR"), op("MWAIT"), op("CLAC"), op("STAC"), null, null, null, pfx(op("ENCLS"), BAD, BAD, BAD)),
                        rm(op("XGETBV"), op("XSETBV"), null, null, null, op("XEND"), op("XTEST"), op("ENCLU")),
                        rm(op("VMRUN"), pfx(op("VMMCALL"), BAD, BAD, BAD), op("VMLOAD"), op("VMSAVE"), op("STGI"), op("CLGI"),
                                op("SKINIT"), op("INVLPGA")),
                        op("SMSW Rv"),
                        rm(null, null, null, null, null, null, pfx(op("RDPKRU"), BAD, BAD, BAD), pfx(op("WRPKRU"), BAD, BAD, BAD)),
                        op("LMSW Ew"),
                        rm(op("SWAPGS", O64), op("RDTSCP"))));
        t[0x02] = mod(op("LAR Gv,Mw"), op("LAR Gv,Rv"));
        t[0x03] = mod(op("LSL Gv,Mw"), op("LSL Gv,Rv"));
        t[0x05] = op("SYSCALL");
        t[0x06] = op("CLTS");
        t[0x07] = op("SYSRET");
        t[0x08] = op("INVD");
        t[0x09] = pfx(op("WBINVD"), BAD, BAD, BAD); // F3: WBNOINVD (not decoded)
        t[0x0B] = op("UD2");
        t[0x0E] = op("FEMMS"); // AMD 3DNow!
        t[0x0D] = mod(grp(op("PREFETCH Mb"), op("PREFETCHW Mb"), op("PREFETCHWT1 Mb"), op("PREFETCH Mb"),
                op("PREFETCH Mb"), op("PREFETCH Mb"), op("PREFETCH Mb"), op("PREFETCH Mb")), BAD);
        t[0x10] = pfx(op("MOVUPS Vps,Wps"), op("MOVUPD Vpd,Wpd"), op("MOVSS Vss,Wss"), op("MOVSD Vsd,Wsd"));
        t[0x11] = pfx(op("MOVUPS Wps,Vps"), op("MOVUPD Wpd,Vpd"), op("MOVSS Wss,Vss"), op("MOVSD Wsd,Vsd"));
        t[0x12] = pfx(mod(op("MOVLPS Vq,Mq"), op("MOVHLPS Vq,Uq")), mod(op("MOVLPD Vq,Mq"), BAD),
                op("MOVSLDUP Vx,Wx"), op("MOVDDUP Vx,Wsd"));
        t[0x13] = pfx(mod(op("MOVLPS Mq,Vq"), BAD), mod(op("MOVLPD Mq,Vq"), BAD), BAD, BAD);
        t[0x14] = pfx(op("UNPCKLPS Vx,Wx"), op("UNPCKLPD Vx,Wx"), BAD, BAD);
        t[0x15] = pfx(op("UNPCKHPS Vx,Wx"), op("UNPCKHPD Vx,Wx"), BAD, BAD);
        t[0x16] = pfx(mod(op("MOVHPS Vq,Mq"), op("MOVLHPS Vq,Uq")), mod(op("MOVHPD Vq,Mq"), BAD),
                op("MOVSHDUP Vx,Wx"), BAD);
        t[0x17] = pfx(mod(op("MOVHPS Mq,Vq"), BAD), mod(op("MOVHPD Mq,Vq"), BAD), BAD, BAD);
        OpcodeEntry hintNop = op("NOP Ev");
        t[0x18] = mod(grp(op("PREFETCHNTA Mb"), op("PREFETCHT0 Mb"), op("PREFETCHT1 Mb"), op("PREFETCHT2 Mb"),
                hintNop, hintNop, hintNop, hintNop), hintNop); // group 16
        for (int i = 0x19; i <= 0x1F; i++) {
            t[i] = hintNop;
        }
        // F3 0F 1E FA/FB: endbr64/endbr32 (CET); other encodings stay hint NOPs.
        t[0x1E] = mod(hintNop, grp(hintNop, hintNop, hintNop, hintNop, hintNop, hintNop, hintNop,
                rm(hintNop, hintNop, pfx(hintNop, null, op("ENDBR64"), null), pfx(hintNop, null, op("ENDBR32"), null),
                        hintNop, hintNop, hintNop, hintNop)));
        t[0x20] = op("MOV Ry,Cy", F64); // SDM: Rd,Cd; 64 bits in 64-bit mode; mod is ignored
        t[0x21] = op("MOV Ry,Dy", F64);
        t[0x22] = op("MOV Cy,Ry", F64);
        t[0x23] = op("MOV Dy,Ry", F64);
        t[0x28] = pfx(op("MOVAPS Vps,Wps"), op("MOVAPD Vpd,Wpd"), BAD, BAD);
        t[0x29] = pfx(op("MOVAPS Wps,Vps"), op("MOVAPD Wpd,Vpd"), BAD, BAD);
        t[0x2A] = pfx(op("CVTPI2PS Vps,Qpi"), op("CVTPI2PD Vpd,Qpi"), op("CVTSI2SS Vss,Ey"), op("CVTSI2SD Vsd,Ey"));
        t[0x2B] = pfx(mod(op("MOVNTPS Mps,Vps"), BAD), mod(op("MOVNTPD Mpd,Vpd"), BAD), BAD, BAD);
        t[0x2C] = pfx(op("CVTTPS2PI Ppi,Wq"), op("CVTTPD2PI Ppi,Wpd"), op("CVTTSS2SI Gy,Wss"), op("CVTTSD2SI Gy,Wsd"));
        t[0x2D] = pfx(op("CVTPS2PI Ppi,Wq"), op("CVTPD2PI Ppi,Wpd"), op("CVTSS2SI Gy,Wss"), op("CVTSD2SI Gy,Wsd"));
        t[0x2E] = pfx(op("UCOMISS Vss,Wss"), op("UCOMISD Vsd,Wsd"), BAD, BAD);
        t[0x2F] = pfx(op("COMISS Vss,Wss"), op("COMISD Vsd,Wsd"), BAD, BAD);
        t[0x30] = op("WRMSR");
        t[0x31] = op("RDTSC");
        t[0x32] = op("RDMSR");
        t[0x33] = op("RDPMC");
        t[0x34] = op("SYSENTER");
        t[0x35] = op("SYSEXIT");
        t[0x37] = op("GETSEC");
        String[] cc = {"O", "NO", "B", "AE", "E", "NE", "BE", "A", "S", "NS", "P", "NP", "L", "GE", "LE", "G"};
        for (int i = 0; i < 16; i++) {
            t[0x40 + i] = op("CMOV" + cc[i] + " Gv,Ev");
            t[0x80 + i] = op("J" + cc[i] + " Jz", F64);
            t[0x90 + i] = op("SET" + cc[i] + " Eb");
        }
        t[0x50] = pfx(op("MOVMSKPS Gy,Ups"), op("MOVMSKPD Gy,Upd"), BAD, BAD);
        t[0x51] = sse4("SQRT");
        t[0x52] = pfx(op("RSQRTPS Vps,Wps"), BAD, op("RSQRTSS Vss,Wss"), BAD);
        t[0x53] = pfx(op("RCPPS Vps,Wps"), BAD, op("RCPSS Vss,Wss"), BAD);
        t[0x54] = pfx(op("ANDPS Vps,Wps"), op("ANDPD Vpd,Wpd"), BAD, BAD);
        t[0x55] = pfx(op("ANDNPS Vps,Wps"), op("ANDNPD Vpd,Wpd"), BAD, BAD);
        t[0x56] = pfx(op("ORPS Vps,Wps"), op("ORPD Vpd,Wpd"), BAD, BAD);
        t[0x57] = pfx(op("XORPS Vps,Wps"), op("XORPD Vpd,Wpd"), BAD, BAD);
        t[0x58] = sse4("ADD");
        t[0x59] = sse4("MUL");
        t[0x5A] = pfx(op("CVTPS2PD Vpd,Wq"), op("CVTPD2PS Vps,Wpd"), op("CVTSS2SD Vsd,Wss"), op("CVTSD2SS Vss,Wsd"));
        t[0x5B] = pfx(op("CVTDQ2PS Vps,Wdq"), op("CVTPS2DQ Vdq,Wps"), op("CVTTPS2DQ Vdq,Wps"), BAD);
        t[0x5C] = sse4("SUB");
        t[0x5D] = sse4("MIN");
        t[0x5E] = sse4("DIV");
        t[0x5F] = sse4("MAX");
        String[] row6 = {"PUNPCKLBW", "PUNPCKLWD", "PUNPCKLDQ", "PACKSSWB", "PCMPGTB", "PCMPGTW", "PCMPGTD", "PACKUSWB",
                "PUNPCKHBW", "PUNPCKHWD", "PUNPCKHDQ", "PACKSSDW"};
        for (int i = 0; i < row6.length; i++) {
            t[0x60 + i] = mmxSse(row6[i], i < 3 ? "Pq,Qd" : "Pq,Qq", "Vx,Wx");
        }
        t[0x6C] = sse66("PUNPCKLQDQ Vx,Wx");
        t[0x6D] = sse66("PUNPCKHQDQ Vx,Wx");
        t[0x6E] = pfx(osz(op("MOVD Pq,Ed"), op("MOVD Pq,Ed"), op("MOVQ Pq,Eq")),
                osz(op("MOVD Vx,Ed"), op("MOVD Vx,Ed"), op("MOVQ Vx,Eq")), BAD, BAD);
        t[0x6F] = pfx(op("MOVQ Pq,Qq"), op("MOVDQA Vx,Wx"), op("MOVDQU Vx,Wx"), BAD);
        t[0x70] = pfx(op("PSHUFW Pq,Qq,Ib"), op("PSHUFD Vx,Wx,Ib"), op("PSHUFHW Vx,Wx,Ib"), op("PSHUFLW Vx,Wx,Ib"));
        t[0x71] = grp(null, null, shiftImm("PSRLW"), null, shiftImm("PSRAW"), null, shiftImm("PSLLW")); // group 12
        t[0x72] = grp(null, null, shiftImm("PSRLD"), null, shiftImm("PSRAD"), null, shiftImm("PSLLD")); // group 13
        t[0x73] = grp(null, null, shiftImm("PSRLQ"), pfx(BAD, op("PSRLDQ Ux,Ib"), BAD, BAD), null, null,
                shiftImm("PSLLQ"), pfx(BAD, op("PSLLDQ Ux,Ib"), BAD, BAD)); // group 14
        t[0x74] = mmxSse("PCMPEQB");
        t[0x75] = mmxSse("PCMPEQW");
        t[0x76] = mmxSse("PCMPEQD");
        t[0x77] = pfx(op("EMMS"), BAD, BAD, BAD);
        t[0x78] = pfx(op("VMREAD Ey,Gy", F64), BAD, BAD, BAD);
        t[0x79] = pfx(op("VMWRITE Gy,Ey", F64), BAD, BAD, BAD);
        t[0x7C] = pfx(BAD, op("HADDPD Vpd,Wpd"), BAD, op("HADDPS Vps,Wps"));
        t[0x7D] = pfx(BAD, op("HSUBPD Vpd,Wpd"), BAD, op("HSUBPS Vps,Wps"));
        t[0x7E] = pfx(osz(op("MOVD Ed,Pq"), op("MOVD Ed,Pq"), op("MOVQ Eq,Pq")),
                osz(op("MOVD Ed,Vx"), op("MOVD Ed,Vx"), op("MOVQ Eq,Vx")), op("MOVQ Vx,Wq"), BAD);
        t[0x7F] = pfx(op("MOVQ Qq,Pq"), op("MOVDQA Wx,Vx"), op("MOVDQU Wx,Vx"), BAD);
        t[0xA0] = op("PUSH FS", D64);
        t[0xA1] = op("POP FS", D64);
        t[0xA2] = op("CPUID");
        t[0xA3] = op("BT Ev,Gv");
        t[0xA4] = op("SHLD Ev,Gv,Ib");
        t[0xA5] = op("SHLD Ev,Gv,CL");
        t[0xA8] = op("PUSH GS", D64);
        t[0xA9] = op("POP GS", D64);
        t[0xAA] = op("RSM");
        t[0xAB] = op("BTS Ev,Gv", LOCK);
        t[0xAC] = op("SHRD Ev,Gv,Ib");
        t[0xAD] = op("SHRD Ev,Gv,CL");
        t[0xAE] = mod(grp(pfx(op("FXSAVE Mfx"), null, null, null), pfx(op("FXRSTOR Mfx"), null, null, null),
                        pfx(op("LDMXCSR Md"), null, null, null), pfx(op("STMXCSR Md"), null, null, null),
                        pfx(op("XSAVE M"), BAD, BAD, BAD), pfx(op("XRSTOR M"), BAD, BAD, BAD),
                        pfx(op("XSAVEOPT M"), op("CLWB Mb"), BAD, BAD), pfx(op("CLFLUSH Mb"), op("CLFLUSHOPT Mb"), BAD, BAD)),
                grp(pfx(BAD, BAD, op("RDFSBASE Ry", O64), BAD), pfx(BAD, BAD, op("RDGSBASE Ry", O64), BAD),
                        pfx(BAD, BAD, op("WRFSBASE Ry", O64), BAD), pfx(BAD, BAD, op("WRGSBASE Ry", O64), BAD),
                        null, pfx(op("LFENCE"), null, BAD, BAD), pfx(op("MFENCE"), BAD, BAD, BAD),
                        pfx(op("SFENCE"), null, null, null))); // group 15 (66/F3/F2 /6: TPAUSE etc., not decoded)
        t[0xAF] = op("IMUL Gv,Ev");
        t[0xB0] = op("CMPXCHG Eb,Gb", LOCK);
        t[0xB1] = op("CMPXCHG Ev,Gv", LOCK);
        t[0xB2] = mod(op("LSS Gv,Mp"), BAD);
        t[0xB3] = op("BTR Ev,Gv", LOCK);
        t[0xB4] = mod(op("LFS Gv,Mp"), BAD);
        t[0xB5] = mod(op("LGS Gv,Mp"), BAD);
        t[0xB6] = op("MOVZX Gv,Eb");
        t[0xB7] = op("MOVZX Gv,Ew");
        t[0xB8] = pfx(BAD, null, op("POPCNT Gv,Ev"), null); // no prefix: JMPE (IA-64), not decoded
        t[0xB9] = op("UD1 Gv,Ev"); // group 10
        t[0xBA] = grp(null, null, null, null, op("BT Ev,Ib"), op("BTS Ev,Ib", LOCK), op("BTR Ev,Ib", LOCK),
                op("BTC Ev,Ib", LOCK)); // group 8
        t[0xBB] = op("BTC Ev,Gv", LOCK);
        t[0xBC] = pfx(op("BSF Gv,Ev"), null, op("TZCNT Gv,Ev"), BAD);
        t[0xBD] = pfx(op("BSR Gv,Ev"), null, op("LZCNT Gv,Ev"), BAD);
        t[0xBE] = op("MOVSX Gv,Eb");
        t[0xBF] = op("MOVSX Gv,Ew");
        t[0xC0] = op("XADD Eb,Gb", LOCK);
        t[0xC1] = op("XADD Ev,Gv", LOCK);
        t[0xC2] = pfx(op("CMPPS Vps,Wps,Ib"), op("CMPPD Vpd,Wpd,Ib"), op("CMPSS Vss,Wss,Ib"), op("CMPSD Vsd,Wsd,Ib"));
        t[0xC3] = pfx(mod(op("MOVNTI My,Gy"), BAD), BAD, BAD, BAD);
        t[0xC4] = pfx(mod(op("PINSRW Pq,Mw,Ib"), op("PINSRW Pq,Rd,Ib")),
                mod(op("PINSRW Vx,Mw,Ib"), op("PINSRW Vx,Rd,Ib")), BAD, BAD);
        t[0xC5] = pfx(op("PEXTRW Gd,Nq,Ib"), op("PEXTRW Gd,Ux,Ib"), BAD, BAD);
        t[0xC6] = pfx(op("SHUFPS Vps,Wps,Ib"), op("SHUFPD Vpd,Wpd,Ib"), BAD, BAD);
        t[0xC7] = mod(grp(null, osz(op("CMPXCHG8B Mq", LOCK), op("CMPXCHG8B Mq", LOCK), op("CMPXCHG16B Mdq", LOCK)),
                        null, op("XRSTORS M"), op("XSAVEC M"), op("XSAVES M"),
                        pfx(op("VMPTRLD Mq"), op("VMCLEAR Mq"), op("VMXON Mq"), BAD), pfx(op("VMPTRST Mq"), null, null, null)),
                grp(null, null, null, null, null, null, pfx(op("RDRAND Rv"), null, BAD, BAD),
                        pfx(op("RDSEED Rv"), null, op("RDPID Ry", F64), BAD))); // group 9
        plusR(t, 0xC8, op("BSWAP Zv"));
        t[0xD0] = pfx(BAD, op("ADDSUBPD Vpd,Wpd"), BAD, op("ADDSUBPS Vps,Wps"));
        String[] rowD = {null, "PSRLW", "PSRLD", "PSRLQ", "PADDQ", "PMULLW", null, null,
                "PSUBUSB", "PSUBUSW", "PMINUB", "PAND", "PADDUSB", "PADDUSW", "PMAXUB", "PANDN",
                "PAVGB", "PSRAW", "PSRAD", "PAVGW", "PMULHUW", "PMULHW", null, null,
                "PSUBSB", "PSUBSW", "PMINSW", "POR", "PADDSB", "PADDSW", "PMAXSW", "PXOR",
                null, "PSLLW", "PSLLD", "PSLLQ", "PMULUDQ", "PMADDWD", "PSADBW", null,
                "PSUBB", "PSUBW", "PSUBD", "PSUBQ", "PADDB", "PADDW", "PADDD", null};
        for (int i = 0; i < rowD.length; i++) {
            if (rowD[i] != null) {
                t[0xD0 + i] = mmxSse(rowD[i]);
            }
        }
        t[0xD6] = pfx(BAD, op("MOVQ Wq,Vx"), op("MOVQ2DQ Vx,Nq"), op("MOVDQ2Q Pq,Ux"));
        t[0xD7] = pfx(op("PMOVMSKB Gy,Nq"), op("PMOVMSKB Gy,Ux"), null, null);
        t[0xE6] = pfx(BAD, op("CVTTPD2DQ Vx,Wpd"), op("CVTDQ2PD Vx,Wq"), op("CVTPD2DQ Vx,Wpd"));
        t[0xE7] = pfx(mod(op("MOVNTQ Mq,Pq"), BAD), mod(op("MOVNTDQ Mx,Vx"), BAD), BAD, BAD);
        t[0xF0] = pfx(BAD, BAD, BAD, mod(op("LDDQU Vx,Mx"), BAD));
        t[0xF7] = pfx(op("MASKMOVQ Pq,Nq"), op("MASKMOVDQU Vx,Ux"), BAD, BAD);
        t[0xFF] = op("UD0 Gv,Ev");
        return t;
    }

    /** Groups 12..14: MMX shift by immediate (N) or, with 66, the SSE2 form (U). */
    private static OpcodeEntry shiftImm(String name) {
        return pfx(op(name + " Nq,Ib"), op(name + " Ux,Ib"), BAD, BAD);
    }
}
