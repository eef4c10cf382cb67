package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;

/** A value of at most 64 bits computed from another (conversions, extractions). */
@FunctionalInterface
public interface ScalarFunction {
    long apply(Cpu c, long value);
}
