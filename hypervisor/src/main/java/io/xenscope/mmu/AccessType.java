package io.xenscope.mmu;

/** The kind of a memory access, for permission checks and the #PF error code (SDM Vol. 3 §4.6). */
public final class AccessType {
    public static final int READ = 0, WRITE = 1, EXECUTE = 2;

    private AccessType() {
    }
}
