package io.xenscope.devices;

/** What the PC platform's devices tell the machine around them. */
public interface PlatformSink {
    /** Bytes a guest wrote to a console device ({@code source}: "com1", "port 0xe9"). */
    void consoleOutput(String source, byte[] bytes);

    /** QEMU's isa-debug-exit: the guest asked to end the machine with {@code status} = (value << 1) | 1. */
    void exitRequested(int status);

    /** A reset (port 0xCF9, the 8042 pulse, or a triple fault the platform saw). */
    void resetRequested();
}
