package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Op;

/** {@code op xmm, xmm}: the source register's 128 bits to {@link XmmBinary}. */
public record XmmXmmOp(int d, int s, XmmBinary f) implements Op {
    @Override
    public void execute(Cpu c) {
        SseAvailability.check(c);
        f.apply(c, d, c.xmm[2 * s], c.xmm[2 * s + 1]);
    }
}
