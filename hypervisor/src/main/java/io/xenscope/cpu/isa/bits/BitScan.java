package io.xenscope.cpu.isa.bits;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/**
 * BSF, BSR, TZCNT, LZCNT, POPCNT (SDM Vol. 2).
 * BSF/BSR: ZF = (source == 0); a zero source leaves the destination unchanged (what Intel and AMD
 * hardware do; the SDM says undefined) — but a 32-bit destination is still zero-extended on the host
 * only when written, so it stays untouched here. CF, OF, SF, AF, PF are undefined: we compute them as
 * the host does (see the differential suite). TZCNT/LZCNT: CF = (source == 0), ZF = (result == 0).
 * POPCNT: ZF = (source == 0), the other five cleared.
 */
final class BitScan implements Op {
    static final int BSF = 0, BSR = 1, TZCNT = 2, LZCNT = 3, POPCNT = 4;

    private final int kind, width, size;
    private final long mask;
    private final Location dst, src;

    BitScan(int kind, Location dst, Location src) {
        this.kind = kind;
        this.dst = dst;
        this.src = src;
        this.width = src.size() * 8;
        this.size = Flags.sizeCode(src.size());
        this.mask = width == 64 ? -1L : (1L << width) - 1;
    }

    @Override
    public void execute(Cpu c) {
        long s = src.read(c) & mask;
        switch (kind) {
            case BSF, BSR -> {
                if (s == 0) {
                    Flags.materialize(c);
                    c.rflags |= Flags.ZF;
                    return;
                }
                long r = kind == BSF ? Long.numberOfTrailingZeros(s) : 63 - Long.numberOfLeadingZeros(s);
                dst.write(c, r);
                Flags.materialize(c);
                c.rflags &= ~Flags.ZF;
            }
            case TZCNT -> {
                long r = s == 0 ? width : Long.numberOfTrailingZeros(s);
                dst.write(c, r);
                explicit(c, s == 0, r == 0);
            }
            case LZCNT -> {
                long r = Long.numberOfLeadingZeros(s) - (64 - width);
                dst.write(c, r);
                explicit(c, s == 0, r == 0);
            }
            default -> {
                long r = Long.bitCount(s);
                dst.write(c, r);
                Flags.write(c, (Flags.read(c) & ~Flags.ARITH) | (s == 0 ? Flags.ZF : 0));
            }
        }
    }

    /** Sets CF and ZF, leaving the other (undefined) flags unchanged. */
    private static void explicit(Cpu c, boolean cf, boolean zf) {
        Flags.materialize(c);
        long f = c.rflags & ~(Flags.CF | Flags.ZF);
        c.rflags = f | (cf ? Flags.CF : 0) | (zf ? Flags.ZF : 0);
    }
}
