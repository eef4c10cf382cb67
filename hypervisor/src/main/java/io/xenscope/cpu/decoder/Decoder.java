package io.xenscope.cpu.decoder;

import io.xenscope.cpu.decoder.OpcodeEntry.Kind;
import java.util.List;

/**
 * The x86 instruction decoder: bytes + code size to an immutable {@link Instruction}. A pure
 * function driven by the opcode tables ({@link OneByteMap}, {@link TwoByteMap}, {@link ThreeByteMaps},
 * {@link X87Map}). Any byte sequence yields an Instruction; the only exceptions that escape are those
 * the {@link CodeSource} throws (guest faults, {@link CodeSource.CodeSourceExhausted}).
 *
 * <p>Invalid encodings give {@link Mnemonic#BAD} (#UD), with the bytes consumed so far as length.
 * An instruction that would exceed 15 bytes gives {@link Mnemonic#BAD} with length 15 and
 * {@link Instruction#TOO_LONG} set: the executor raises #GP(0) for it (SDM Vol. 2 §2.3.11).
 * A LOCK prefix on an instruction or form that is not lockable decodes normally with
 * {@link Instruction#LOCK_INVALID} set: the executor raises #UD (SDM Vol. 2 LOCK, §2.1.1).
 * VEX (C4/C5), EVEX (62), XOP (8F /1..7) and 3DNow! (0F 0F) encodings decode as BAD for now.
 */
public final class Decoder {
    private Decoder() {
    }

    public static Instruction decode(CodeSource src, long address, CodeSize mode) {
        DecodeState s = new DecodeState(src, address, mode);
        try {
            return decode(s);
        } catch (DecodeState.TooLong e) {
            return new Instruction(address, DecodeState.MAX_LENGTH, Mnemonic.BAD, List.of(), s.operandSize(0),
                    s.addressSize(), s.prefixes | Instruction.TOO_LONG, s.map << 8 | s.opcode, -1, mode);
        } catch (OperandDecoder.Invalid e) {
            return bad(s);
        }
    }

    private static Instruction decode(DecodeState s) {
        int b = Prefixes.scan(s);
        OpcodeEntry e;
        if (b == 0x0F) {
            b = s.next();
            if (b == 0x38) {
                s.map = 2;
                b = s.next();
                e = ThreeByteMaps.MAP_0F38[b];
            } else if (b == 0x3A) {
                s.map = 3;
                b = s.next();
                e = ThreeByteMaps.MAP_0F3A[b];
            } else {
                s.map = 1;
                e = TwoByteMap.TABLE[b];
            }
        } else {
            e = OneByteMap.TABLE[b];
            if (b == 0x90 && (s.rexB() != 0 || s.has(Instruction.PREFIX_OPSIZE) && s.lastRep != 0xF3)) {
                e = XCHG_R8; // SDM: 90 is NOP, but REX.B 90 is xchg r8, rAX (and 66 90 is xchg ax, ax)
            }
        }
        s.opcode = b;
        e = select(e, s);
        if (e.mnemonic == Mnemonic.BAD || !validInMode(e, s)) {
            return bad(s);
        }
        if (e.needsModRm()) {
            s.readModRm();
            if (s.mod != 3 && e.has(OpcodeEntry.REGONLY)) { // U/N operands; M with mod=11 fails in OperandDecoder
                return bad(s);
            }
        }
        int opsize = s.operandSize(e.flags);
        int n = e.operands.length;
        Operand[] ops = new Operand[n];
        for (int i = 0; i < n; i++) {
            ops[i] = OperandDecoder.decode(e.operands[i], s, opsize);
        }
        int prefixes = s.prefixes;
        if ((prefixes & Instruction.PREFIX_LOCK) != 0 && !(e.has(OpcodeEntry.LOCK) && n > 0 && ops[0] instanceof Operand.Mem)) {
            prefixes |= Instruction.LOCK_INVALID;
        }
        int size = e.has(OpcodeEntry.BYTE) ? 1 : opsize;
        return new Instruction(s.address, s.length, e.mnemonic, List.of(ops), size, s.addressSize(), prefixes,
                s.map << 8 | b, e.condition, s.mode);
    }

    private static final OpcodeEntry XCHG_R8 = TableBuilder.op("XCHG Zv,rAX", OpcodeEntry.LOCK);

    /** Walks selector nodes down to a leaf, reading ModRM when a node needs it. */
    private static OpcodeEntry select(OpcodeEntry e, DecodeState s) {
        while (e.kind != Kind.LEAF) {
            e = switch (e.kind) {
                case GROUP -> {
                    s.readModRm();
                    yield e.children[s.reg];
                }
                case MOD -> {
                    s.readModRm();
                    yield e.children[s.mod == 3 ? 1 : 0];
                }
                case RM -> {
                    s.readModRm();
                    yield e.children[s.rm];
                }
                case PREFIX -> mandatoryPrefix(e, s);
                case OPSIZE -> e.children[switch (s.operandSize(0)) { case 2 -> 0; case 4 -> 1; default -> 2; }];
                case ADSIZE -> e.children[switch (s.addressSize()) { case 2 -> 0; case 4 -> 1; default -> 2; }];
                case MODE -> e.children[s.mode64 ? 1 : 0];
                default -> throw new IllegalStateException();
            };
        }
        return e;
    }

    /**
     * SSE mandatory prefixes (SDM Vol. 2 §2.1.2): the last of F2/F3 selects its column if the
     * instruction defines one, else 66 selects its column if defined, else the no-prefix column.
     * A prefix used this way is removed from the instruction's prefix bits (it is part of the opcode).
     */
    private static OpcodeEntry mandatoryPrefix(OpcodeEntry e, DecodeState s) {
        OpcodeEntry[] c = e.children;
        if (s.lastRep == 0xF3 && c[2] != null) {
            s.prefixes &= ~Instruction.PREFIX_REP;
            return c[2];
        }
        if (s.lastRep == 0xF2 && c[3] != null) {
            s.prefixes &= ~Instruction.PREFIX_REPNE;
            return c[3];
        }
        if (s.has(Instruction.PREFIX_OPSIZE) && c[1] != null && s.map == 0) {
            return c[1]; // 66 90 is xchg ax, ax: there the 66 is an operand-size prefix, not part of the opcode
        }
        if (s.has(Instruction.PREFIX_OPSIZE) && c[1] != null) {
            s.opsizeConsumed = true;
            s.prefixes &= ~Instruction.PREFIX_OPSIZE;
            return c[1];
        }
        return c[0];
    }

    private static boolean validInMode(OpcodeEntry e, DecodeState s) {
        return s.mode64 ? !e.has(OpcodeEntry.I64) : !e.has(OpcodeEntry.O64);
    }

    private static Instruction bad(DecodeState s) {
        return new Instruction(s.address, Math.max(1, s.length), Mnemonic.BAD, List.of(), s.operandSize(0),
                s.addressSize(), s.prefixes, s.map << 8 | s.opcode, -1, s.mode);
    }
}
