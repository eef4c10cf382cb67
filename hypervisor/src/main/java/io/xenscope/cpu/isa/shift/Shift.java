package io.xenscope.cpu.isa.shift;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/**
 * ROL, ROR, RCL, RCR, SHL/SAL, SHR, SAR by 1, imm8 or CL (SDM Vol. 2 "RCL/RCR/ROL/ROR" and
 * "SAL/SAR/SHL/SHR"). The count is masked to 5 bits (6 with a 64-bit operand); a masked count of 0
 * changes no flag. OF is defined for a count of 1; for larger counts (undefined by the SDM) Intel
 * hardware computes the count-1 OF from the original operand, and so do we (measured on the host by
 * the differential suite: SHL/ROL/RCL: MSB xor next bit; SHR: MSB; SAR: 0; ROR: MSB xor LSB;
 * RCR: MSB xor CF), except ROL/ROR by an immediate count above 1, which leave OF unchanged.
 * An RCL/RCR whose count is a multiple of 9 or 17 (8/16-bit) changes nothing.
 */
final class Shift implements Op {
    static final int ROL = 0, ROR = 1, RCL = 2, RCR = 3, SHL = 4, SHR = 5, SAR = 7;

    private final int kind, size, width;
    private final long mask, sign;
    private final Location dst, count;
    private final boolean immediateCount;

    Shift(int kind, Location dst, Location count, boolean immediateCount) {
        this.kind = kind;
        this.immediateCount = immediateCount;
        this.dst = dst;
        this.count = count;
        this.width = dst.size() * 8;
        this.size = Flags.sizeCode(dst.size());
        this.mask = width == 64 ? -1L : (1L << width) - 1;
        this.sign = 1L << (width - 1);
    }

    @Override
    public void execute(Cpu c) {
        int n = (int) count.read(c) & (width == 64 ? 0x3f : 0x1f);
        long at = dst.resolve(c);
        long a = dst.readAt(c, at) & mask;
        if (n == 0) {
            dst.writeAt(c, at, a); // a 32-bit register destination is still zero-extended
            return;
        }
        switch (kind) {
            case SHL -> {
                long r = n >= 64 ? 0 : a << n; // n <= 63 for 64-bit operands
                boolean cf = width == 64 ? ((a >>> (64 - n)) & 1) != 0 : ((r >>> width) & 1) != 0;
                dst.writeAt(c, at, r);
                ShiftFlags.shift(c, size, r & mask, cf, topTwoDiffer(a), false);
            }
            case SHR -> {
                long r = a >>> n;
                boolean cf = ((a >>> (n - 1)) & 1) != 0;
                dst.writeAt(c, at, r);
                ShiftFlags.shift(c, size, r, cf, (a & sign) != 0, false);
            }
            case SAR -> {
                int up = 64 - width;
                long s = (a << up) >> up;
                long r = s >> n;
                boolean cf = ((s >> (n - 1)) & 1) != 0;
                dst.writeAt(c, at, r);
                ShiftFlags.shift(c, size, r & mask, cf, false, false);
            }
            case ROL -> {
                int t = n % width;
                long r = t == 0 ? a : ((a << t) | (a >>> (width - t))) & mask;
                dst.writeAt(c, at, r);
                ShiftFlags.rotate(c, (r & 1) != 0, n > 1 && immediateCount ? Flags.of(c) : topTwoDiffer(a));
            }
            case ROR -> {
                int t = n % width;
                long r = t == 0 ? a : ((a >>> t) | (a << (width - t))) & mask;
                dst.writeAt(c, at, r);
                ShiftFlags.rotate(c, (r & sign) != 0,
                        n > 1 && immediateCount ? Flags.of(c) : ((a & sign) != 0) ^ ((a & 1) != 0));
            }
            case RCL -> rcl(c, at, a, width < 32 ? n % (width + 1) : n);
            case RCR -> rcr(c, at, a, width < 32 ? n % (width + 1) : n);
            default -> throw new IllegalStateException("shift kind " + kind);
        }
    }

    /** The OF of a one-bit left shift or rotate of {@code a}: its sign changes. */
    private boolean topTwoDiffer(long a) {
        return (((a << 1) ^ a) & sign) != 0;
    }

    /** Rotate left through carry by {@code t} (0..width) over width+1 bits. */
    private void rcl(Cpu c, long at, long a, int t) {
        long cf = Flags.cf(c);
        long r;
        long newCf;
        if (t == 0) {
            return; // a whole turn through CF: nothing changes, flags included
        } else if (width == 64) {
            r = (a << t) | (cf << (t - 1)) | (t == 1 ? 0 : a >>> (65 - t));
            newCf = (a >>> (64 - t)) & 1;
        } else {
            long v = (cf << width) | a;
            long m = (mask << 1) | 1;
            long rot = ((v << t) | (v >>> (width + 1 - t))) & m;
            r = rot & mask;
            newCf = rot >>> width;
        }
        dst.writeAt(c, at, r);
        ShiftFlags.rotate(c, newCf != 0, topTwoDiffer(a));
    }

    /** Rotate right through carry by {@code t} (0..width) over width+1 bits. */
    private void rcr(Cpu c, long at, long a, int t) {
        long cf = Flags.cf(c);
        long r;
        long newCf;
        if (t == 0) {
            return; // a whole turn through CF: nothing changes, flags included
        } else if (width == 64) {
            r = (a >>> t) | (cf << (64 - t)) | (t == 1 ? 0 : a << (65 - t));
            newCf = (a >>> (t - 1)) & 1;
        } else {
            long v = (cf << width) | a;
            long m = (mask << 1) | 1;
            long rot = ((v >>> t) | (v << (width + 1 - t))) & m;
            r = rot & mask;
            newCf = rot >>> width;
        }
        dst.writeAt(c, at, r);
        // SDM: OF := MSB(DEST) XOR CF before rotating (count 1; the host does the same for larger counts)
        ShiftFlags.rotate(c, newCf != 0, ((a & sign) != 0) ^ (cf != 0));
    }
}
