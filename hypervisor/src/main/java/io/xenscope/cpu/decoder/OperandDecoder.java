package io.xenscope.cpu.decoder;

import static io.xenscope.cpu.decoder.OperandType.*;

/**
 * Turns one operand type code of the matched table entry into an {@link Operand}, reading
 * displacement and immediate bytes as it goes (SDM Vol. 2 Appendix A.2).
 */
final class OperandDecoder {
    private OperandDecoder() {
    }

    /** Thrown for an encoding a table entry allows but an operand forbids (e.g. segment register 6). */
    static final class Invalid extends RuntimeException {
        static final Invalid INSTANCE = new Invalid();

        private Invalid() {
            super("invalid operand", null, false, false);
        }
    }

    static int size(int code, DecodeState s, int opsize) {
        return switch (code) {
            case SZ_B -> 1;
            case SZ_W -> 2;
            case SZ_D -> 4;
            case SZ_Q -> 8;
            case SZ_V -> opsize;
            case SZ_Z -> opsize == 2 ? 2 : 4;
            case SZ_Y -> opsize == 8 ? 8 : 4;
            case SZ_P -> opsize + 2;
            case SZ_S -> s.mode64 ? 10 : 6;
            case SZ_A -> 2 * opsize;
            case SZ_X -> 16;
            case SZ_T -> 10;
            case SZ_ENV -> opsize == 2 ? 14 : 28;
            case SZ_SAVE -> opsize == 2 ? 94 : 108;
            case SZ_FX -> 512;
            default -> 0;
        };
    }

    static Operand decode(int type, DecodeState s, int opsize) {
        int size = size(sizeCode(type), s, opsize);
        boolean rex = s.rex != 0;
        return switch (method(type)) {
            case E -> s.mod == 3 ? reg(Register.gpr(s.rm | s.rexB(), size, rex)) : ModRmDecoder.memory(s, size);
            case M, W, Q -> s.mod == 3 ? rmRegister(type, s) : ModRmDecoder.memory(s, size);
            case G -> reg(Register.gpr(s.reg | s.rexR(), size, rex));
            case R -> reg(Register.gpr(s.rm | s.rexB(), size, rex));
            case Z -> reg(Register.gpr((s.opcode & 7) | s.rexB(), size, rex));
            case REG -> reg(Register.gpr(register(type), size, rex));
            case SEG -> reg(Register.segment(register(type)));
            case S -> {
                if (s.reg > 5) {
                    throw Invalid.INSTANCE;
                }
                yield reg(Register.segment(s.reg));
            }
            case C -> reg(Register.control(s.reg | s.rexR()));
            case D -> reg(Register.debug(s.reg | s.rexR()));
            case V -> reg(Register.xmm(s.reg | s.rexR()));
            case U -> reg(Register.xmm(s.rm | s.rexB()));
            case P -> reg(Register.mmx(s.reg));
            case N -> reg(Register.mmx(s.rm));
            case ST0 -> reg(Register.ST0);
            case STI -> reg(Register.st(s.rm));
            case ONE -> new Operand.Imm(1, 1);
            case I -> sizeCode(type) == SZ_Z && opsize == 8
                    ? new Operand.Imm(s.nextSigned(4), 8) // Iz with a 64-bit operand: sign-extended imm32
                    : new Operand.Imm(s.nextUnsigned(size), size);
            case ISX -> new Operand.Imm(s.nextSigned(1) & mask(opsize), opsize);
            case J -> relative(s, size, opsize);
            case O -> ModRmDecoder.offset(s, size);
            case A -> {
                long offset = s.nextUnsigned(opsize);
                int selector = (int) s.nextUnsigned(2);
                yield new Operand.Far(selector, offset, opsize + 2);
            }
            default -> throw new IllegalStateException("operand type " + type);
        };
    }

    /** W/Q with mod=11: the XMM/MMX register; M with mod=11 is invalid. */
    private static Operand rmRegister(int type, DecodeState s) {
        return switch (method(type)) {
            case W -> reg(Register.xmm(s.rm | s.rexB()));
            case Q -> reg(Register.mmx(s.rm));
            default -> throw Invalid.INSTANCE;
        };
    }

    /** Jb/Jz: target = next instruction + displacement, truncated to the operand size. */
    private static Operand relative(DecodeState s, int size, int opsize) {
        long disp = s.nextSigned(size == 1 ? 1 : opsize == 2 ? 2 : 4);
        long target = (s.address + s.length + disp) & mask(opsize);
        return new Operand.Rel(target, opsize);
    }

    static long mask(int bytes) {
        return bytes >= 8 ? -1L : (1L << (8 * bytes)) - 1;
    }

    private static final Operand.Reg[] REGS = new Operand.Reg[Register.values().length];

    static {
        for (Register r : Register.values()) {
            REGS[r.ordinal()] = new Operand.Reg(r);
        }
    }

    /** Register operands are immutable and shared: decoding allocates only memory/immediate operands. */
    private static Operand reg(Register r) {
        return REGS[r.ordinal()];
    }
}
