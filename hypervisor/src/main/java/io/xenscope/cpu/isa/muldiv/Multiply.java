package io.xenscope.cpu.isa.muldiv;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/**
 * One-operand MUL and IMUL (SDM Vol. 2 MUL, IMUL): AL/AX/EAX/RAX times the operand into AX, DX:AX,
 * EDX:EAX or RDX:RAX. CF = OF = the upper half is significant. SF, ZF, AF, PF are undefined; like
 * Intel hardware, SF/ZF/PF here follow the low half of the product and AF is clear.
 */
final class Multiply implements Op {
    private final boolean signed;
    private final int width, size;
    private final Location src;

    Multiply(boolean signed, Location src) {
        this.signed = signed;
        this.src = src;
        this.width = src.size() * 8;
        this.size = Flags.sizeCode(src.size());
    }

    @Override
    public void execute(Cpu c) {
        long b = src.read(c);
        long[] g = c.gpr;
        long lo, hi;
        boolean significant;
        switch (width) {
            case 8 -> {
                long p = signed ? (long) (byte) g[0] * (byte) b : (g[0] & 0xff) * (b & 0xff);
                g[0] = (g[0] & ~0xffffL) | (p & 0xffff);
                lo = p;
                significant = signed ? p != (byte) p : (p & 0xff00) != 0;
            }
            case 16 -> {
                long p = signed ? (long) (short) g[0] * (short) b : (g[0] & 0xffff) * (b & 0xffff);
                g[0] = (g[0] & ~0xffffL) | (p & 0xffff);
                g[2] = (g[2] & ~0xffffL) | ((p >>> 16) & 0xffff);
                lo = p;
                significant = signed ? p != (short) p : (p & 0xffff0000L) != 0;
            }
            case 32 -> {
                long p = signed ? (long) (int) g[0] * (int) b : (g[0] & 0xffffffffL) * (b & 0xffffffffL);
                g[0] = p & 0xffffffffL;
                g[2] = p >>> 32;
                lo = p;
                significant = signed ? p != (int) p : (p >>> 32) != 0;
            }
            default -> {
                long a = g[0];
                lo = a * b;
                hi = signed ? Math.multiplyHigh(a, b) : Wide.unsignedMultiplyHigh(a, b);
                g[0] = lo;
                g[2] = hi;
                significant = signed ? hi != (lo >> 63) : hi != 0;
            }
        }
        MultiplyFlags.record(c, size, lo, significant);
    }
}
