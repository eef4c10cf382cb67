package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;

/** What an instruction does to XMM register {@code d} given a source of at most 64 bits. */
@FunctionalInterface
public interface XmmScalar {
    void apply(Cpu c, int d, long value);
}
