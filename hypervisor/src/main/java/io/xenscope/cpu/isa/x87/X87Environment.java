package io.xenscope.cpu.isa.x87;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.X87State;

/**
 * The x87 environment and state images of FNSTENV/FLDENV (14 or 28 bytes) and FNSAVE/FRSTOR (94 or
 * 108 bytes), protected-mode formats (SDM Vol. 1 Figures 8-9..8-12). The real-mode formats (which
 * split FIP/FDP into 20-bit linear pieces) are not distinguished: real-mode code gets the protected
 * layout. FCS/FDS are stored as 0 (not tracked).
 */
public final class X87Environment {
    private X87Environment() {
    }

    public static int size(boolean bits16) {
        return bits16 ? 14 : 28;
    }

    public static void store(Cpu c, long la, boolean bits16) {
        X87State s = c.x87;
        int tw = X87Registers.fullTagWord(s);
        if (bits16) {
            c.mmu.write16(la, s.controlWord);
            c.mmu.write16(la + 2, s.statusWord);
            c.mmu.write16(la + 4, tw);
            c.mmu.write16(la + 6, (int) s.lastIp);
            c.mmu.write16(la + 8, 0);
            c.mmu.write16(la + 10, (int) s.lastDp);
            c.mmu.write16(la + 12, 0);
        } else {
            c.mmu.write32(la, 0xffff0000 | s.controlWord);
            c.mmu.write32(la + 4, 0xffff0000 | s.statusWord);
            c.mmu.write32(la + 8, 0xffff0000 | tw);
            c.mmu.write32(la + 12, (int) s.lastIp);
            c.mmu.write32(la + 16, (s.lastOpcode & 0x7ff) << 16);
            c.mmu.write32(la + 20, (int) s.lastDp);
            c.mmu.write32(la + 24, 0xffff0000);
        }
    }

    public static void load(Cpu c, long la, boolean bits16) {
        X87State s = c.x87;
        int cw;
        int sw;
        int tw;
        long ip;
        long dp;
        int fop = s.lastOpcode;
        if (bits16) {
            cw = c.mmu.read16(la);
            sw = c.mmu.read16(la + 2);
            tw = c.mmu.read16(la + 4);
            ip = c.mmu.read16(la + 6);
            dp = c.mmu.read16(la + 10);
        } else {
            cw = c.mmu.read16(la);
            sw = c.mmu.read16(la + 4);
            tw = c.mmu.read16(la + 8);
            ip = c.mmu.read32(la + 12) & 0xffffffffL;
            fop = (c.mmu.read32(la + 16) >>> 16) & 0x7ff;
            dp = c.mmu.read32(la + 20) & 0xffffffffL;
        }
        s.controlWord = cw & 0x1f7f | 0x40;
        s.statusWord = sw;
        s.tagWord = X87Registers.abridgedTagWord(tw);
        s.lastIp = ip;
        s.lastDp = dp;
        s.lastOpcode = fop;
        X87Registers.updateSummary(s);
    }

    /** The 8 registers in stack order, 10 bytes each (FNSAVE/FRSTOR after the environment). */
    public static void storeRegisters(Cpu c, long la) {
        X87State s = c.x87;
        for (int i = 0; i < 8; i++) {
            int p = X87Registers.physical(s, i);
            c.mmu.write64(la + 10L * i, s.significand[p]);
            c.mmu.write16(la + 10L * i + 8, s.signExponent[p]);
        }
    }

    public static void loadRegisters(Cpu c, long la, long[] sig, int[] se) {
        for (int i = 0; i < 8; i++) {
            sig[i] = c.mmu.read64(la + 10L * i);
            se[i] = c.mmu.read16(la + 10L * i + 8);
        }
    }
}
