package io.xenscope.cpu.decoder;

/**
 * Decodes the memory operand named by ModRM (with SIB and displacement): SDM Vol. 2 §2.1.5,
 * Tables 2-1 (16-bit), 2-2 (32-bit) and 2-3 (SIB), §2.2.1.6 (RIP-relative addressing in 64-bit mode).
 * The default segment is SS when the base is (E/R)BP or (E/R)SP (or BP in 16-bit forms), else DS.
 */
final class ModRmDecoder {
    private ModRmDecoder() {
    }

    private static final int SS = 2, DS = 3;

    // 16-bit forms by rm: base, index (register numbers, -1 = none).
    private static final int[] BASE16 = {3, 3, 5, 5, 6, 7, 5, 3};
    private static final int[] INDEX16 = {6, 7, 6, 7, -1, -1, -1, -1};

    /** The memory operand of size {@code size} bytes; ModRM must be read and mod != 3. */
    static Operand.Mem memory(DecodeState s, int size) {
        int adsize = s.addressSize();
        return adsize == 2 ? memory16(s, size) : memory32or64(s, size, adsize);
    }

    private static Operand.Mem memory16(DecodeState s, int size) {
        Register base = null;
        Register index = null;
        int seg = DS;
        long disp = 0;
        if (s.mod == 0 && s.rm == 6) {
            disp = s.nextUnsigned(2);
        } else {
            base = Register.gpr(BASE16[s.rm], 2, false);
            if (INDEX16[s.rm] >= 0) {
                index = Register.gpr(INDEX16[s.rm], 2, false);
            }
            if (BASE16[s.rm] == 5) {
                seg = SS;
            }
            if (s.mod == 1) {
                disp = s.nextSigned(1);
            } else if (s.mod == 2) {
                disp = s.nextSigned(2);
            }
        }
        return mem(s, size, seg, base, index, 1, disp, 2);
    }

    private static Operand.Mem memory32or64(DecodeState s, int size, int adsize) {
        Register base = null;
        Register index = null;
        int scale = 1;
        int seg = DS;
        long disp;
        if (s.rm == 4) {
            int sib = s.next();
            scale = 1 << (sib >>> 6);
            int idx = ((sib >>> 3) & 7) | s.rexX();
            if (idx != 4) {
                index = Register.gpr(idx, adsize, false);
            }
            int b = sib & 7;
            if (b == 5 && s.mod == 0) {
                disp = s.nextSigned(4);
            } else {
                base = Register.gpr(b | s.rexB(), adsize, false);
                seg = (b == 4 || b == 5) && s.rexB() == 0 ? SS : DS;
                disp = displacement(s);
            }
        } else if (s.rm == 5 && s.mod == 0) {
            disp = s.nextSigned(4);
            if (s.mode64) {
                base = adsize == 8 ? Register.RIP : Register.EIP;
            }
        } else {
            base = Register.gpr(s.rm | s.rexB(), adsize, false);
            seg = s.rm == 5 && s.rexB() == 0 ? SS : DS;
            disp = displacement(s);
        }
        return mem(s, size, seg, base, index, scale, disp, adsize);
    }

    private static long displacement(DecodeState s) {
        return switch (s.mod) {
            case 1 -> s.nextSigned(1);
            case 2 -> s.nextSigned(4);
            default -> 0;
        };
    }

    /** A direct memory offset (moffs of A0..A3): address-size bytes, no ModRM. */
    static Operand.Mem offset(DecodeState s, int size) {
        int adsize = s.addressSize();
        return mem(s, size, DS, null, null, 1, s.nextUnsigned(adsize), adsize);
    }

    private static Operand.Mem mem(DecodeState s, int size, int defaultSeg, Register base, Register index, int scale,
                                   long disp, int adsize) {
        boolean override = s.segment >= 0;
        Register seg = Register.segment(override ? s.segment : defaultSeg);
        return new Operand.Mem(size, seg, override, base, index, scale, disp, adsize);
    }
}
