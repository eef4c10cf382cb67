package io.xenscope.memory;

/** A device's I/O ports (in/out). {@code size} is 1, 2 or 4 bytes. */
public interface IoPortHandler {
    int in(int port, int size);

    void out(int port, int size, int value);
}
