package io.xenscope.cpu.isa.muldiv;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/**
 * Two- and three-operand IMUL (SDM Vol. 2 IMUL): {@code dst = a * b} truncated to the operand size.
 * CF = OF = the truncated product differs from the full one. SF and PF follow the truncated
 * product, ZF and AF are clear (undefined by the SDM; what the host's Intel CPU does).
 */
final class MultiplyInto implements Op {
    private final Location dst, a, b;
    private final int width, size;

    MultiplyInto(Location dst, Location a, Location b) {
        this.dst = dst;
        this.a = a;
        this.b = b;
        this.width = dst.size() * 8;
        this.size = Flags.sizeCode(dst.size());
    }

    @Override
    public void execute(Cpu c) {
        long x = a.read(c), y = b.read(c);
        long r;
        boolean significant;
        if (width == 64) {
            r = x * y;
            significant = Math.multiplyHigh(x, y) != (r >> 63);
        } else {
            int up = 64 - width;
            long p = ((x << up) >> up) * ((y << up) >> up);
            r = p;
            significant = ((p << up) >> up) != p;
        }
        dst.write(c, r);
        MultiplyFlags.record(c, size, r, significant);
    }
}
