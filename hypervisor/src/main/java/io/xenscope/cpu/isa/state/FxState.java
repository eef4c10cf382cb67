package io.xenscope.cpu.isa.state;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.X87State;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.isa.sse.Mxcsr;
import io.xenscope.cpu.isa.x87.X87Registers;

/**
 * The 512-byte FXSAVE image (SDM Vol. 1 §10.5.1, Tables 10-2 and 10-3): FCW, FSW, abridged FTW,
 * FOP, FIP/FDP (64-bit with REX.W, else 32-bit offset + 16-bit selector), MXCSR, MXCSR_MASK,
 * ST0..ST7 (stack order, 16 bytes each), XMM0..XMM15 (XMM8..15 only in 64-bit mode). Bytes
 * 416..511 are neither written nor read. Also the legacy region of XSAVE.
 */
public final class FxState {
    private FxState() {
    }

    public static final int SIZE = 512;
    /** MXCSR_MASK as stored by FXSAVE: every bit LDMXCSR accepts (DAZ supported). */
    public static final int MXCSR_MASK = Mxcsr.WRITABLE;

    static int xmmCount(Cpu c) {
        return c.mode == CpuMode.LONG_64 ? 16 : 8;
    }

    public static void storeX87(Cpu c, long la, boolean rexW) {
        X87State s = c.x87;
        c.mmu.write16(la, s.controlWord);
        c.mmu.write16(la + 2, s.statusWord);
        c.mmu.write16(la + 4, s.tagWord & 0xff); // abridged tag + reserved byte 5
        c.mmu.write16(la + 6, s.lastOpcode & 0x7ff);
        if (rexW) {
            c.mmu.write64(la + 8, s.lastIp);
            c.mmu.write64(la + 16, s.lastDp);
        } else {
            c.mmu.write32(la + 8, (int) s.lastIp);
            c.mmu.write32(la + 12, 0); // FCS, reserved
            c.mmu.write32(la + 16, (int) s.lastDp);
            c.mmu.write32(la + 20, 0); // FDS, reserved
        }
        for (int i = 0; i < 8; i++) {
            int p = X87Registers.physical(s, i);
            long a = la + 32 + 16L * i;
            c.mmu.write64(a, s.significand[p]);
            c.mmu.write64(a + 8, s.signExponent[p] & 0xffff); // 6 reserved bytes written as 0
        }
    }

    public static void storeMxcsr(Cpu c, long la) {
        c.mmu.write32(la + 24, c.mxcsr);
        c.mmu.write32(la + 28, MXCSR_MASK);
    }

    public static void storeXmm(Cpu c, long la) {
        for (int i = 0; i < xmmCount(c); i++) {
            c.mmu.write64(la + 160 + 16L * i, c.xmm[2 * i]);
            c.mmu.write64(la + 168 + 16L * i, c.xmm[2 * i + 1]);
        }
    }

    /** MXCSR from an image; #GP(0) when reserved bits are set (SDM FXRSTOR). */
    public static int readMxcsr(Cpu c, long la) {
        int m = c.mmu.read32(la + 24);
        if ((m & ~Mxcsr.WRITABLE) != 0) {
            throw new GeneralProtection(0, String.format("MXCSR image 0x%x sets reserved bits", m));
        }
        return m;
    }

    /** Reads the x87 part into scratch arrays first (so a fault leaves the state unchanged), then loads it. */
    public static void loadX87(Cpu c, long la, boolean rexW) {
        int cw = c.mmu.read16(la);
        int sw = c.mmu.read16(la + 2);
        int tw = c.mmu.read8(la + 4);
        int fop = c.mmu.read16(la + 6) & 0x7ff;
        long ip = rexW ? c.mmu.read64(la + 8) : c.mmu.read32(la + 8) & 0xffffffffL;
        long dp = rexW ? c.mmu.read64(la + 16) : c.mmu.read32(la + 16) & 0xffffffffL;
        long[] sig = new long[8];
        int[] se = new int[8];
        for (int i = 0; i < 8; i++) {
            sig[i] = c.mmu.read64(la + 32 + 16L * i);
            se[i] = c.mmu.read16(la + 40 + 16L * i);
        }
        X87State s = c.x87;
        s.controlWord = cw;
        s.statusWord = sw;
        s.tagWord = tw;
        s.lastOpcode = fop;
        s.lastIp = ip;
        s.lastDp = dp;
        for (int i = 0; i < 8; i++) {
            int p = X87Registers.physical(s, i);
            s.significand[p] = sig[i];
            s.signExponent[p] = se[i];
        }
    }

    public static void loadXmm(Cpu c, long la) {
        int n = xmmCount(c);
        long[] v = new long[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            v[i] = c.mmu.read64(la + 160 + 8L * i);
        }
        System.arraycopy(v, 0, c.xmm, 0, 2 * n);
    }
}
