package io.xenscope.cpu.isa.bits;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/**
 * BSWAP r32/r64 (SDM Vol. 2 BSWAP). With a 16-bit operand the result is undefined; Intel hardware
 * clears the low 16 bits, and so do we.
 */
final class ByteSwap implements Op {
    private final Location reg;

    ByteSwap(Location reg) {
        this.reg = reg;
    }

    @Override
    public void execute(Cpu c) {
        long v = reg.read(c);
        reg.write(c, switch (reg.size()) {
            case 8 -> Long.reverseBytes(v);
            case 4 -> Integer.reverseBytes((int) v) & 0xffffffffL;
            default -> 0;
        });
    }
}
