package io.xenscope.cpu.decoder;

/**
 * The x87 escape opcodes D8..DF, SDM Vol. 2 Tables A-7..A-22: memory forms by ModRM.reg, register
 * forms by ModRM.reg and, for D9/DA/DB/DE/DF, ModRM.rm. Memory sizes: d = m32fp/m32int, q = m64,
 * w = m16int/m2byte, t = m80fp/m80bcd, env = 14/28-byte environment, save = 94/108-byte state.
 * The undocumented register aliases (fcom2, fxch4, fstp1, ...) decode as BAD, as objdump prints them.
 */
final class X87Map extends TableBuilder {
    private X87Map() {
    }

    static final OpcodeEntry[] ESCAPES = {
            mod(mem("FADD Md", "FMUL Md", "FCOM Md", "FCOMP Md", "FSUB Md", "FSUBR Md", "FDIV Md", "FDIVR Md"),
                    reg("FADD ST0,STi", "FMUL ST0,STi", "FCOM STi", "FCOMP STi", "FSUB ST0,STi", "FSUBR ST0,STi",
                            "FDIV ST0,STi", "FDIVR ST0,STi")),
            mod(mem("FLD Md", null, "FST Md", "FSTP Md", "FLDENV Menv", "FLDCW Mw", "FNSTENV Menv", "FNSTCW Mw"),
                    grp(op("FLD STi"), op("FXCH STi"), rm(op("FNOP")), null,
                            rm(op("FCHS"), op("FABS"), null, null, op("FTST"), op("FXAM")),
                            rm(op("FLD1"), op("FLDL2T"), op("FLDL2E"), op("FLDPI"), op("FLDLG2"), op("FLDLN2"), op("FLDZ")),
                            rm(op("F2XM1"), op("FYL2X"), op("FPTAN"), op("FPATAN"), op("FXTRACT"), op("FPREM1"),
                                    op("FDECSTP"), op("FINCSTP")),
                            rm(op("FPREM"), op("FYL2XP1"), op("FSQRT"), op("FSINCOS"), op("FRNDINT"), op("FSCALE"),
                                    op("FSIN"), op("FCOS")))),
            mod(mem("FIADD Md", "FIMUL Md", "FICOM Md", "FICOMP Md", "FISUB Md", "FISUBR Md", "FIDIV Md", "FIDIVR Md"),
                    grp(op("FCMOVB ST0,STi"), op("FCMOVE ST0,STi"), op("FCMOVBE ST0,STi"), op("FCMOVU ST0,STi"), null,
                            rm(null, op("FUCOMPP")))),
            mod(mem("FILD Md", "FISTTP Md", "FIST Md", "FISTP Md", null, "FLD Mt", null, "FSTP Mt"),
                    grp(op("FCMOVNB ST0,STi"), op("FCMOVNE ST0,STi"), op("FCMOVNBE ST0,STi"), op("FCMOVNU ST0,STi"),
                            rm(op("FNENI"), op("FNDISI"), op("FNCLEX"), op("FNINIT"), op("FNSETPM"), op("FRSTPM")),
                            op("FUCOMI ST0,STi"), op("FCOMI ST0,STi"))),
            mod(mem("FADD Mq", "FMUL Mq", "FCOM Mq", "FCOMP Mq", "FSUB Mq", "FSUBR Mq", "FDIV Mq", "FDIVR Mq"),
                    // SDM Vol. 2 FSUB/FDIV: DC E0+i is FSUBR ST(i),ST(0) and DC E8+i is FSUB (likewise F0/F8)
                    reg("FADD STi,ST0", "FMUL STi,ST0", null, null, "FSUBR STi,ST0", "FSUB STi,ST0",
                            "FDIVR STi,ST0", "FDIV STi,ST0")),
            mod(mem("FLD Mq", "FISTTP Mq", "FST Mq", "FSTP Mq", "FRSTOR Msave", null, "FNSAVE Msave", "FNSTSW Mw"),
                    reg("FFREE STi", null, "FST STi", "FSTP STi", "FUCOM STi", "FUCOMP STi", null, null)),
            mod(mem("FIADD Mw", "FIMUL Mw", "FICOM Mw", "FICOMP Mw", "FISUB Mw", "FISUBR Mw", "FIDIV Mw", "FIDIVR Mw"),
                    grp(op("FADDP STi,ST0"), op("FMULP STi,ST0"), null, rm(null, op("FCOMPP")),
                            op("FSUBRP STi,ST0"), op("FSUBP STi,ST0"), op("FDIVRP STi,ST0"), op("FDIVP STi,ST0"))),
            mod(mem("FILD Mw", "FISTTP Mw", "FIST Mw", "FISTP Mw", "FBLD Mt", "FILD Mq", "FBSTP Mt", "FISTP Mq"),
                    grp(op("FFREEP STi"), null, null, null, rm(op("FNSTSW AX")),
                            op("FUCOMIP ST0,STi"), op("FCOMIP ST0,STi"))),
    };

    private static OpcodeEntry mem(String... byReg) {
        return reg(byReg);
    }

    private static OpcodeEntry reg(String... byReg) {
        OpcodeEntry[] g = new OpcodeEntry[8];
        for (int i = 0; i < 8; i++) {
            g[i] = byReg[i] == null ? BAD : op(byReg[i]);
        }
        return grp(g);
    }
}
