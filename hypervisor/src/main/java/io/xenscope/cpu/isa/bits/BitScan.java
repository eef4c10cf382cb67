package io.xenscope.cpu.isa.bits;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/**
 * BSF, BSR, TZCNT, LZCNT, POPCNT (SDM Vol. 2).
 * BSF/BSR: ZF = (source == 0), and a zero source leaves the destination unchanged (undefined in the
 * SDM; what Intel hardware does, a 32-bit destination keeps its upper half too). Their undefined
 * CF, OF, SF, AF are cleared and PF is the parity of the bit index (of 0 for a zero source), as on
 * the host. TZCNT/LZCNT: CF = (source == 0), ZF = (result == 0); the undefined OF, SF, AF, PF are
 * cleared as on the host. POPCNT: ZF = (source == 0), the other five cleared.
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
                    status(c, Flags.ZF | Flags.PF);
                    return;
                }
                long r = kind == BSF ? Long.numberOfTrailingZeros(s) : 63 - Long.numberOfLeadingZeros(s);
                dst.write(c, r);
                status(c, (Integer.bitCount((int) r) & 1) == 0 ? Flags.PF : 0);
            }
            case TZCNT -> {
                long r = s == 0 ? width : Long.numberOfTrailingZeros(s);
                dst.write(c, r);
                status(c, (s == 0 ? Flags.CF : 0) | (r == 0 ? Flags.ZF : 0));
            }
            case LZCNT -> {
                long r = Long.numberOfLeadingZeros(s) - (64 - width);
                dst.write(c, r);
                status(c, (s == 0 ? Flags.CF : 0) | (r == 0 ? Flags.ZF : 0));
            }
            default -> {
                long r = Long.bitCount(s);
                dst.write(c, r);
                status(c, s == 0 ? Flags.ZF : 0);
            }
        }
    }

    /** Replaces the six status flags with {@code set}. */
    private static void status(Cpu c, long set) {
        Flags.write(c, (Flags.read(c) & ~Flags.ARITH) | set);
    }
}
