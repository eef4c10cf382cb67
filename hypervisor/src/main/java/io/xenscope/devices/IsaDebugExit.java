package io.xenscope.devices;

import io.xenscope.memory.IoBus;
import io.xenscope.memory.IoPortHandler;

/**
 * QEMU's isa-debug-exit at iobase 0xF4, 4 ports wide (hw/misc/debugexit.c): a write ends the
 * machine with exit status {@code (value << 1) | 1}; reads float (all ones).
 */
public final class IsaDebugExit implements IoPortHandler {
    public static final int PORT = 0xf4;
    private final PlatformSink sink;

    public IsaDebugExit(IoBus io, PlatformSink sink) {
        this.sink = sink;
        io.register(PORT, 4, this);
    }

    @Override
    public int in(int port, int size) {
        return size == 4 ? -1 : (1 << (size * 8)) - 1;
    }

    @Override
    public void out(int port, int size, int value) {
        sink.exitRequested((value << 1) | 1);
    }
}
