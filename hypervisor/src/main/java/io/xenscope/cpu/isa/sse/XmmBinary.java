package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;

/** What an instruction does to XMM register {@code d} given its 128-bit source (lo, hi). */
@FunctionalInterface
public interface XmmBinary {
    void apply(Cpu c, int d, long lo, long hi);
}
