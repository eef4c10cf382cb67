package io.xenscope.devices;

import io.xenscope.memory.IoBus;
import io.xenscope.memory.IoPortHandler;

/**
 * Bochs/QEMU's debug console at port 0xE9: each byte written goes to the console as it is; reading
 * the port gives 0xE9, which is how a guest tells the console is there (QEMU hw/char/debugcon.c).
 */
public final class DebugConsole implements IoPortHandler {
    public static final int PORT = 0xe9;
    private final PlatformSink sink;

    public DebugConsole(IoBus io, PlatformSink sink) {
        this.sink = sink;
        io.register(PORT, 1, this);
    }

    @Override
    public int in(int port, int size) {
        return PORT;
    }

    @Override
    public void out(int port, int size, int value) {
        sink.consoleOutput("port 0xe9", new byte[] {(byte) value});
    }
}
