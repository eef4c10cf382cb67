package io.xenscope.xen;

/**
 * How to build a PV domain: guest memory, kernel command line, machine-frame layout (shuffled
 * by default, deterministic from {@code seed}; identity pfn == mfn as an option), the domain's id and
 * name, and whether the wallclock follows the host clock.
 */
public record PvBootOptions(long memoryBytes, String cmdline, boolean identityP2m, long seed, int domid, String name,
                            boolean realTime) {
    public static PvBootOptions defaults() {
        return new PvBootOptions(32L << 20, "", false, 0x5eed, 1, "guest", false);
    }

    public PvBootOptions withMemory(long bytes) {
        return new PvBootOptions(bytes, cmdline, identityP2m, seed, domid, name, realTime);
    }

    public PvBootOptions withCmdline(String c) {
        return new PvBootOptions(memoryBytes, c, identityP2m, seed, domid, name, realTime);
    }

    public PvBootOptions withIdentityP2m(boolean identity) {
        return new PvBootOptions(memoryBytes, cmdline, identity, seed, domid, name, realTime);
    }

    public PvBootOptions withSeed(long s) {
        return new PvBootOptions(memoryBytes, cmdline, identityP2m, s, domid, name, realTime);
    }

    public PvBootOptions withName(String n) {
        return new PvBootOptions(memoryBytes, cmdline, identityP2m, seed, domid, n, realTime);
    }
}
