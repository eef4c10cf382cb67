package io.xenscope.xen;

/**
 * How to build a PV domain: guest memory, kernel command line, machine-frame layout (shuffled
 * by default, deterministic from {@code seed}; identity pfn == mfn as an option), the domain's id and
 * name, whether the wallclock follows the host clock, and whether the emulated Xen behaves as a
 * debug build ({@code debugXen}, the default: console_io writes allowed for a domU
 * (CONFIG_VERBOSE_DEBUG), argument registers of a hypercall clobbered with 0xdeadbeefdeadf00d
 * afterwards) or as a release build (console_io → -EPERM for a domU, registers left alone), and the
 * number of vCPUs (xl's {@code vcpus}: vCPU 0 starts, the others are down until the guest brings
 * them up with VCPUOP_initialise and VCPUOP_up).
 */
public record PvBootOptions(long memoryBytes, String cmdline, boolean identityP2m, long seed, int domid, String name,
                            boolean realTime, boolean debugXen, int vcpus) {
    /** The most vCPUs XenScope gives a domain (each vCPU is emulated in turn on one host thread). */
    public static final int MAX_VCPUS = 8;

    public PvBootOptions {
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw new IllegalArgumentException("vcpus = " + vcpus + ": a domain has 1 to " + MAX_VCPUS + " vCPUs");
        }
    }

    public PvBootOptions(long memoryBytes, String cmdline, boolean identityP2m, long seed, int domid, String name,
                         boolean realTime, boolean debugXen) {
        this(memoryBytes, cmdline, identityP2m, seed, domid, name, realTime, debugXen, 1);
    }

    public PvBootOptions(long memoryBytes, String cmdline, boolean identityP2m, long seed, int domid, String name,
                         boolean realTime) {
        this(memoryBytes, cmdline, identityP2m, seed, domid, name, realTime, true, 1);
    }

    public static PvBootOptions defaults() {
        return new PvBootOptions(32L << 20, "", false, 0x5eed, 1, "guest", false, true, 1);
    }

    public PvBootOptions withDebugXen(boolean debug) {
        return new PvBootOptions(memoryBytes, cmdline, identityP2m, seed, domid, name, realTime, debug, vcpus);
    }

    public PvBootOptions withMemory(long bytes) {
        return new PvBootOptions(bytes, cmdline, identityP2m, seed, domid, name, realTime, debugXen, vcpus);
    }

    public PvBootOptions withCmdline(String c) {
        return new PvBootOptions(memoryBytes, c, identityP2m, seed, domid, name, realTime, debugXen, vcpus);
    }

    public PvBootOptions withIdentityP2m(boolean identity) {
        return new PvBootOptions(memoryBytes, cmdline, identity, seed, domid, name, realTime, debugXen, vcpus);
    }

    public PvBootOptions withSeed(long s) {
        return new PvBootOptions(memoryBytes, cmdline, identityP2m, s, domid, name, realTime, debugXen, vcpus);
    }

    public PvBootOptions withName(String n) {
        return new PvBootOptions(memoryBytes, cmdline, identityP2m, seed, domid, n, realTime, debugXen, vcpus);
    }

    public PvBootOptions withVcpus(int n) {
        return new PvBootOptions(memoryBytes, cmdline, identityP2m, seed, domid, name, realTime, debugXen, n);
    }
}
