package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/** {@code op xmm, r/m} with a source of at most 64 bits (GPR, memory or the low lane of an XMM register). */
public record XmmFromOp(int d, Location src, XmmScalar f) implements Op {
    @Override
    public void execute(Cpu c) {
        SseAvailability.check(c);
        f.apply(c, d, src.read(c));
    }
}
