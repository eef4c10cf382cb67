package io.xenscope.mmu;

/**
 * One access that hit a {@link Watchpoint}: at {@code linear} (physical {@code physical}),
 * {@code size} bytes (at most 8 values are kept: for a longer access by Xen, the 8 bytes from the
 * first watched one), a write or a read; {@code oldValue}/{@code newValue} are the bytes before and
 * after a write (both the value read, for a read). {@code byXen}: Xen made the access on the guest's
 * behalf (a hypercall copying to or from guest memory). {@code rip}: the instruction that made the
 * access (the hypercall, for Xen's), known once the engine stopped; -1 before.
 */
public record WatchHit(Watchpoint watch, long linear, long physical, int size, boolean write, long oldValue,
                       long newValue, boolean byXen, long rip) {
    public WatchHit withRip(long rip) {
        return new WatchHit(watch, linear, physical, size, write, oldValue, newValue, byXen, rip);
    }

    /** The address in the watch's own space. */
    public long address() {
        return watch.space() == Watchpoint.Space.LINEAR ? linear : physical;
    }
}
