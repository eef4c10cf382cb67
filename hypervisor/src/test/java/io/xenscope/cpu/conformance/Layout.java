package io.xenscope.cpu.conformance;

/** The fixed addresses shared by the host harness (hostcpu.c) and the emulator. */
public final class Layout {
    public static final long CODE_BASE = 0x1000_0000L;
    public static final long DATA_BASE = 0x2000_0000L;
    public static final int DATA_SIZE = 512;
    public static final long STACK_BASE = 0x3000_0000L;
    public static final long STACK_TOP = STACK_BASE + 0x8000;

    private Layout() {
    }
}
