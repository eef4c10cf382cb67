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
        PvTestGuest.Booted g = PvTestGuest.boot(body, text, data);
        return new Guest(g.machine(), g::symbol);
    }

    /** A trap table with one entry, labelled {@code traps}. */
    public static String trapTable(int vector, String handler) {
        return PvTrapsTest.trapTable(vector, 0, handler);
    }

    public static final String SET_TRAPS = PvTrapsTest.SET_TRAPS;
}
