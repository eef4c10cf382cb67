package io.xenscope.cpu.isa.bits;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/** MOVBE (SDM Vol. 2): a load or store with the bytes reversed; no flag changes. */
final class MoveBigEndian implements Op {
    private final Location dst, src;

    MoveBigEndian(Location dst, Location src) {
        this.dst = dst;
        this.src = src;
    }

    @Override
    public void execute(Cpu c) {
        long v = src.read(c);
        dst.write(c, switch (src.size()) {
            case 8 -> Long.reverseBytes(v);
            case 4 -> Integer.reverseBytes((int) v) & 0xffffffffL;
            default -> Short.reverseBytes((short) v) & 0xffff;
        });
    }
}
