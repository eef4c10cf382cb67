package io.xenscope.cpu.decoder;

/**
 * Every register an x86-64 instruction can name. {@link #number} is the encoding (ModRM.reg/rm
 * with REX extension), {@link #size} the width in bytes. The legacy high-byte registers AH..BH
 * have numbers 4..7 like SPL..DIL but {@link #highByte} set: they alias bits 8..15 of RAX..RBX.
 */
public enum Register {
    RAX(Kind.GPR, 0, 8), RCX(Kind.GPR, 1, 8), RDX(Kind.GPR, 2, 8), RBX(Kind.GPR, 3, 8),
    RSP(Kind.GPR, 4, 8), RBP(Kind.GPR, 5, 8), RSI(Kind.GPR, 6, 8), RDI(Kind.GPR, 7, 8),
    R8(Kind.GPR, 8, 8), R9(Kind.GPR, 9, 8), R10(Kind.GPR, 10, 8), R11(Kind.GPR, 11, 8),
    R12(Kind.GPR, 12, 8), R13(Kind.GPR, 13, 8), R14(Kind.GPR, 14, 8), R15(Kind.GPR, 15, 8),

    EAX(Kind.GPR, 0, 4), ECX(Kind.GPR, 1, 4), EDX(Kind.GPR, 2, 4), EBX(Kind.GPR, 3, 4),
    ESP(Kind.GPR, 4, 4), EBP(Kind.GPR, 5, 4), ESI(Kind.GPR, 6, 4), EDI(Kind.GPR, 7, 4),
    R8D(Kind.GPR, 8, 4), R9D(Kind.GPR, 9, 4), R10D(Kind.GPR, 10, 4), R11D(Kind.GPR, 11, 4),
    R12D(Kind.GPR, 12, 4), R13D(Kind.GPR, 13, 4), R14D(Kind.GPR, 14, 4), R15D(Kind.GPR, 15, 4),

    AX(Kind.GPR, 0, 2), CX(Kind.GPR, 1, 2), DX(Kind.GPR, 2, 2), BX(Kind.GPR, 3, 2),
    SP(Kind.GPR, 4, 2), BP(Kind.GPR, 5, 2), SI(Kind.GPR, 6, 2), DI(Kind.GPR, 7, 2),
    R8W(Kind.GPR, 8, 2), R9W(Kind.GPR, 9, 2), R10W(Kind.GPR, 10, 2), R11W(Kind.GPR, 11, 2),
    R12W(Kind.GPR, 12, 2), R13W(Kind.GPR, 13, 2), R14W(Kind.GPR, 14, 2), R15W(Kind.GPR, 15, 2),

    AL(Kind.GPR, 0, 1), CL(Kind.GPR, 1, 1), DL(Kind.GPR, 2, 1), BL(Kind.GPR, 3, 1),
    SPL(Kind.GPR, 4, 1), BPL(Kind.GPR, 5, 1), SIL(Kind.GPR, 6, 1), DIL(Kind.GPR, 7, 1),
    R8B(Kind.GPR, 8, 1), R9B(Kind.GPR, 9, 1), R10B(Kind.GPR, 10, 1), R11B(Kind.GPR, 11, 1),
    R12B(Kind.GPR, 12, 1), R13B(Kind.GPR, 13, 1), R14B(Kind.GPR, 14, 1), R15B(Kind.GPR, 15, 1),
    AH(Kind.GPR, 0, 1, true), CH(Kind.GPR, 1, 1, true), DH(Kind.GPR, 2, 1, true), BH(Kind.GPR, 3, 1, true),

    ES(Kind.SEGMENT, 0, 2), CS(Kind.SEGMENT, 1, 2), SS(Kind.SEGMENT, 2, 2),
    DS(Kind.SEGMENT, 3, 2), FS(Kind.SEGMENT, 4, 2), GS(Kind.SEGMENT, 5, 2),

    CR0(Kind.CONTROL, 0, 8), CR1(Kind.CONTROL, 1, 8), CR2(Kind.CONTROL, 2, 8), CR3(Kind.CONTROL, 3, 8),
    CR4(Kind.CONTROL, 4, 8), CR5(Kind.CONTROL, 5, 8), CR6(Kind.CONTROL, 6, 8), CR7(Kind.CONTROL, 7, 8),
    CR8(Kind.CONTROL, 8, 8), CR9(Kind.CONTROL, 9, 8), CR10(Kind.CONTROL, 10, 8), CR11(Kind.CONTROL, 11, 8),
    CR12(Kind.CONTROL, 12, 8), CR13(Kind.CONTROL, 13, 8), CR14(Kind.CONTROL, 14, 8), CR15(Kind.CONTROL, 15, 8),

    DR0(Kind.DEBUG, 0, 8), DR1(Kind.DEBUG, 1, 8), DR2(Kind.DEBUG, 2, 8), DR3(Kind.DEBUG, 3, 8),
    DR4(Kind.DEBUG, 4, 8), DR5(Kind.DEBUG, 5, 8), DR6(Kind.DEBUG, 6, 8), DR7(Kind.DEBUG, 7, 8),
    DR8(Kind.DEBUG, 8, 8), DR9(Kind.DEBUG, 9, 8), DR10(Kind.DEBUG, 10, 8), DR11(Kind.DEBUG, 11, 8),
    DR12(Kind.DEBUG, 12, 8), DR13(Kind.DEBUG, 13, 8), DR14(Kind.DEBUG, 14, 8), DR15(Kind.DEBUG, 15, 8),

    XMM0(Kind.XMM, 0, 16), XMM1(Kind.XMM, 1, 16), XMM2(Kind.XMM, 2, 16), XMM3(Kind.XMM, 3, 16),
    XMM4(Kind.XMM, 4, 16), XMM5(Kind.XMM, 5, 16), XMM6(Kind.XMM, 6, 16), XMM7(Kind.XMM, 7, 16),
    XMM8(Kind.XMM, 8, 16), XMM9(Kind.XMM, 9, 16), XMM10(Kind.XMM, 10, 16), XMM11(Kind.XMM, 11, 16),
    XMM12(Kind.XMM, 12, 16), XMM13(Kind.XMM, 13, 16), XMM14(Kind.XMM, 14, 16), XMM15(Kind.XMM, 15, 16),

    MM0(Kind.MMX, 0, 8), MM1(Kind.MMX, 1, 8), MM2(Kind.MMX, 2, 8), MM3(Kind.MMX, 3, 8),
    MM4(Kind.MMX, 4, 8), MM5(Kind.MMX, 5, 8), MM6(Kind.MMX, 6, 8), MM7(Kind.MMX, 7, 8),

    ST0(Kind.X87, 0, 10), ST1(Kind.X87, 1, 10), ST2(Kind.X87, 2, 10), ST3(Kind.X87, 3, 10),
    ST4(Kind.X87, 4, 10), ST5(Kind.X87, 5, 10), ST6(Kind.X87, 6, 10), ST7(Kind.X87, 7, 10),

    /** The instruction pointer, used as base of RIP-relative memory operands. */
    RIP(Kind.IP, 0, 8), EIP(Kind.IP, 0, 4);

    public enum Kind { GPR, SEGMENT, CONTROL, DEBUG, XMM, MMX, X87, IP }

    public final Kind kind;
    /** Encoding number: 0..15 for GPR/CR/DR/XMM, 0..5 for segments (ES CS SS DS FS GS), 0..7 for MM/ST. */
    public final int number;
    /** Width in bytes. */
    public final int size;
    /** AH, CH, DH, BH: bits 8..15 of register {@link #number}. */
    public final boolean highByte;

    Register(Kind kind, int number, int size) {
        this(kind, number, size, false);
    }

    Register(Kind kind, int number, int size, boolean highByte) {
        this.kind = kind;
        this.number = number;
        this.size = size;
        this.highByte = highByte;
    }

    private static final Register[] GPR64 = {RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15};
    private static final Register[] GPR32 = {EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI, R8D, R9D, R10D, R11D, R12D, R13D, R14D, R15D};
    private static final Register[] GPR16 = {AX, CX, DX, BX, SP, BP, SI, DI, R8W, R9W, R10W, R11W, R12W, R13W, R14W, R15W};
    private static final Register[] GPR8_REX = {AL, CL, DL, BL, SPL, BPL, SIL, DIL, R8B, R9B, R10B, R11B, R12B, R13B, R14B, R15B};
    private static final Register[] GPR8_LEGACY = {AL, CL, DL, BL, AH, CH, DH, BH};
    private static final Register[] SEGMENTS = {ES, CS, SS, DS, FS, GS};
    private static final Register[] CONTROLS = {CR0, CR1, CR2, CR3, CR4, CR5, CR6, CR7, CR8, CR9, CR10, CR11, CR12, CR13, CR14, CR15};
    private static final Register[] DEBUGS = {DR0, DR1, DR2, DR3, DR4, DR5, DR6, DR7, DR8, DR9, DR10, DR11, DR12, DR13, DR14, DR15};
    private static final Register[] XMMS = {XMM0, XMM1, XMM2, XMM3, XMM4, XMM5, XMM6, XMM7, XMM8, XMM9, XMM10, XMM11, XMM12, XMM13, XMM14, XMM15};
    private static final Register[] MMXS = {MM0, MM1, MM2, MM3, MM4, MM5, MM6, MM7};
    private static final Register[] X87S = {ST0, ST1, ST2, ST3, ST4, ST5, ST6, ST7};

    /**
     * The general-purpose register {@code number} (0..15) of {@code size} bytes. For byte registers,
     * {@code rexPresent} selects SPL..DIL over AH..BH for numbers 4..7 (SDM Vol. 2 §2.2.1.2).
     */
    public static Register gpr(int number, int size, boolean rexPresent) {
        return switch (size) {
            case 8 -> GPR64[number];
            case 4 -> GPR32[number];
            case 2 -> GPR16[number];
            case 1 -> rexPresent ? GPR8_REX[number] : GPR8_LEGACY[number];
            default -> throw new IllegalArgumentException("GPR size " + size);
        };
    }

    public static Register segment(int number) {
        return SEGMENTS[number];
    }

    public static Register control(int number) {
        return CONTROLS[number];
    }

    public static Register debug(int number) {
        return DEBUGS[number];
    }

    public static Register xmm(int number) {
        return XMMS[number];
    }

    public static Register mmx(int number) {
        return MMXS[number];
    }

    public static Register st(int number) {
        return X87S[number];
    }

    public boolean isGpr() {
        return kind == Kind.GPR;
    }

    /** The name as objdump and gdb print it: "rax", "r8d", "xmm3", "st(1)"... */
    public String asmName() {
        if (kind == Kind.X87) {
            return number == 0 ? "st" : "st(" + number + ")";
        }
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
