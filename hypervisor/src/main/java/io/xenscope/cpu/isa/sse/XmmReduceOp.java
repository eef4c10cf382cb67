package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/** {@code op r32, xmm} computed from the whole register (movmskps/movmskpd/pmovmskb). */
public record XmmReduceOp(Location dst, int s, XmmReduce f) implements Op {
    @Override
    public void execute(Cpu c) {
        SseAvailability.check(c);
        dst.write(c, f.apply(c.xmm[2 * s], c.xmm[2 * s + 1]));
    }
}
