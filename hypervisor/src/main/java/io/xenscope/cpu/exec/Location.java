package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;

/**
 * Where an operand lives, resolved at translation time: a register, a memory operand, or an
 * immediate. Values are zero-extended to 64 bits; {@link #size()} says how many bytes count.
 *
 * <p>Read-modify-write instructions call {@link #resolve} once and then {@link #readAt} /
 * {@link #writeAt}, so the effective address is computed once and a fault on the write happens
 * before anything changed.
 */
public interface Location {
    int size();

    long read(Cpu c);

    void write(Cpu c, long value);

    /** Computes the linear address (memory) or nothing (registers); pass the result to readAt/writeAt. */
    default long resolve(Cpu c) {
        return 0;
    }

    default long readAt(Cpu c, long resolved) {
        return read(c);
    }

    default void writeAt(Cpu c, long resolved, long value) {
        write(c, value);
    }

    default boolean isMemory() {
        return false;
    }
}
