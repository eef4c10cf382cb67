package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/** {@code op r/m, xmm-lane}: a value of at most 64 bits computed from a lane and written to a GPR or memory. */
public record XmmToOp(Location dst, Location src, ScalarFunction f) implements Op {
    @Override
    public void execute(Cpu c) {
        SseAvailability.check(c);
        long v = f.apply(c, src.read(c));
        dst.write(c, v);
    }
}
