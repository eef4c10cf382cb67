package io.xenscope.cpu.isa.shift;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/**
 * SHLD and SHRD (SDM Vol. 2): shift the destination, filling from the source. The count is masked to
 * 5 bits (6 for 64-bit operands); 0 changes nothing. A 16-bit operand with a count above 16 has an
 * undefined result: like Intel hardware, the bits keep coming from the 48-bit concatenation
 * dst:src:dst (SHLD) / dst:src:dst read the other way (SHRD).
 */
final class DoubleShift implements Op {
    private final boolean left;
    private final int size, width;
    private final long mask, sign;
    private final Location dst, src, count;

    DoubleShift(boolean left, Location dst, Location src, Location count) {
        this.left = left;
        this.dst = dst;
        this.src = src;
        this.count = count;
        this.width = dst.size() * 8;
        this.size = Flags.sizeCode(dst.size());
        this.mask = width == 64 ? -1L : (1L << width) - 1;
        this.sign = 1L << (width - 1);
    }

    @Override
    public void execute(Cpu c) {
        int n = (int) count.read(c) & (width == 64 ? 0x3f : 0x1f);
        long b = src.read(c) & mask;
        long at = dst.resolve(c);
        long a = dst.readAt(c, at) & mask;
        if (n == 0) {
            dst.writeAt(c, at, a);
            return;
        }
        long r;
        boolean cf;
        if (width == 16) {
            // 48-bit working value, as hardware does for counts 17..31
            if (left) {
                long v = (a << 32) | (b << 16) | a;
                long shifted = v << n;
                r = (shifted >>> 32) & mask;
                cf = ((shifted >>> 48) & 1) != 0;
            } else {
                long v = (a << 32) | (b << 16) | a;
                r = (v >>> n) & mask;
                cf = ((v >>> (n - 1)) & 1) != 0;
            }
        } else if (left) {
            r = ((a << n) | (b >>> (width - n))) & mask;
            cf = ((a >>> (width - n)) & 1) != 0;
        } else {
            r = ((a >>> n) | (b << (width - n))) & mask;
            cf = ((a >>> (n - 1)) & 1) != 0;
        }
        dst.writeAt(c, at, r);
        // OF: sign change of a one-bit shift (defined for a count of 1; the host computes the same for larger counts)
        boolean of = left ? (((a << 1) ^ a) & sign) != 0 : (((a & sign) != 0) ^ ((b & 1) != 0));
        ShiftFlags.shift(c, size, r, cf, of, false);
    }
}
