package io.xenscope.xen;

/** Tiny assembled PV guests ({@link PvTestGuest}) for tests in other packages. */
public final class PvTestGuestAccess {
    private PvTestGuestAccess() {
    }

    /** A booted guest and the addresses of its labels. */
    public record Guest(XenMachine machine, java.util.function.ToLongFunction<String> symbols) {
        public long symbol(String label) {
            return symbols.applyAsLong(label);
        }
    }

    public static Guest boot(String body, String text, String data) {
        BootedGuest g = PvTestGuest.boot(body, text, data);
        return new Guest(g.machine(), g::symbol);
    }

    /** A trap table with one entry, labelled {@code traps}. */
    public static String trapTable(int vector, String handler) {
        return PvTrapsTest.trapTable(vector, 0, handler);
    }

    public static final String SET_TRAPS = PvTrapsTest.SET_TRAPS;

    /** The SMP test guest ({@link SmpTestGuest}) as an ELF file (for a debugger's symbols). */
    public static java.nio.file.Path smpGuestElf() throws java.io.IOException {
        java.nio.file.Path p = java.nio.file.Path.of("target", "pv-test-guests", "smp-guest.elf").toAbsolutePath();
        java.nio.file.Files.write(p, SmpTestGuest.elf());
        return p;
    }

    /** What the SMP test guest prints. */
    public static final String SMP_TRANSCRIPT = SmpTestGuest.TRANSCRIPT;
}
