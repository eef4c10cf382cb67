package io.xenscope.memory;

/** A device's memory-mapped registers. Offsets are relative to the region's base. */
public interface MmioHandler {
    long read(long offset, int size);

    void write(long offset, int size, long value);
}
