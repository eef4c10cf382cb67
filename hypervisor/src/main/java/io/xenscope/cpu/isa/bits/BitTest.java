package io.xenscope.cpu.isa.bits;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.Segmentation;

/**
 * BT, BTS, BTR, BTC (SDM Vol. 2 BT, "bit base / bit offset"): CF = the selected bit, which BTS/BTR/BTC
 * then set, clear or complement. The offset is taken modulo the operand width, except for a register
 * offset on a memory operand: then it is a signed bit offset from the operand's address, and the
 * operand-sized word at {@code address + (offset SAR log2(width)) * width/8} is accessed.
 * OF, SF, AF and PF are undefined (Intel hardware leaves them unchanged, as we do); ZF is unaffected.
 */
final class BitTest implements Op {
    static final int BT = 0, BTS = 1, BTR = 2, BTC = 3;

    private final int kind, width, segment;
    private final long addressMask;
    private final boolean bits64;
    private final Location dst, offset;
    private final Locations.MemoryLocation memory; // non-null when the offset addresses beyond the operand

    BitTest(int kind, Location dst, Location offset, Locations.MemoryLocation memory, int addressSize, boolean bits64) {
        this.kind = kind;
        this.dst = dst;
        this.offset = offset;
        this.memory = memory;
        this.width = dst.size() * 8;
        this.segment = memory == null ? 0 : memory.segment();
        this.addressMask = Locations.mask(addressSize);
        this.bits64 = bits64;
    }

    @Override
    public void execute(Cpu c) {
        long off = offset.read(c);
        long at;
        long value;
        int bit;
        if (memory != null) {
            long signed = Locations.signExtend(off, offset.size());
            int shift = Integer.numberOfTrailingZeros(width);
            long ea = (memory.effectiveAddress().compute(c) + (signed >> shift) * (width / 8)) & addressMask;
            at = bits64 ? Segmentation.linear64(c, segment, ea)
                    : Segmentation.linearLegacy(c, segment, ea, width / 8, kind != BT);
            value = dst.readAt(c, at);
            bit = (int) (signed & (width - 1));
        } else {
            at = kind == BT ? 0 : dst.resolve(c);
            value = kind == BT ? dst.read(c) : dst.readAt(c, at);
            bit = (int) (off & (width - 1));
        }
        boolean cf = ((value >>> bit) & 1) != 0;
        if (kind != BT) {
            long m = 1L << bit;
            long r = kind == BTS ? value | m : kind == BTR ? value & ~m : value ^ m;
            dst.writeAt(c, at, r);
        }
        Flags.setFlag(c, Flags.CF, cf);
    }
}
