package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/** MOVNTI m32/m64, r: a plain store (the cache hint has no architectural effect; not subject to CR0.TS). */
public record NonTemporalStoreOp(Location dst, Location src) implements Op {
    @Override
    public void execute(Cpu c) {
        dst.write(c, src.read(c));
    }
}
