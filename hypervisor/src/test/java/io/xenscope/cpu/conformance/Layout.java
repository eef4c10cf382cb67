package io.xenscope.cpu.conformance;

import io.xenscope.testing.NativeCpu;

/** The addresses shared by the host harness ({@link NativeCpu}) and the emulator. */
public final class Layout {
    /** Where the emulator runs a batch's code blob (natively each snippet runs alone at the same address). */
    public static final long CODE_BASE = NativeCpu.CODE_BASE;
    /** The data block, compared whole after every case; cases initialise its first {@link #CASE_DATA} bytes. */
    public static final long DATA_BASE = NativeCpu.DATA_BASE;
    public static final int DATA_SIZE = NativeCpu.DATA_SIZE;
    public static final int CASE_DATA = 512;
    /** Initial RSP: the top of the data block, so that anything pushed is compared too. */
    public static final long STACK_TOP = DATA_BASE + DATA_SIZE;

    private Layout() {
    }
}
