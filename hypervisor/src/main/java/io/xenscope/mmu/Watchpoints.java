package io.xenscope.mmu;

import java.util.Collection;
import java.util.List;

/**
 * The armed data breakpoints of a machine, immutable (the MMU swaps the whole set). The MMU asks it
 * two things: whether a page may be cached in a TLB for reads or writes (no page holding a byte of
 * a watch of that kind ever is, so only accesses to those pages leave the fast path), and, on the
 * slow path, which watch an access hits.
 */
public final class Watchpoints {
    public static final Watchpoints NONE = new Watchpoints(List.of());

    private final Watchpoint[] watches;

    private Watchpoints(Collection<Watchpoint> watches) {
        this.watches = watches.toArray(new Watchpoint[0]);
    }

    public static Watchpoints of(Collection<Watchpoint> watches) {
        return watches.isEmpty() ? NONE : new Watchpoints(watches);
    }

    public boolean isEmpty() {
        return watches.length == 0;
    }

    public List<Watchpoint> list() {
        return List.of(watches);
    }

    /**
     * Whether an access of this direction to the 4 KiB page at linear {@code linear} (physical
     * {@code physical}) may hit a watch: such a page must not enter the read or write TLB.
     */
    public boolean watchesPage(long linear, long physical, boolean write) {
        for (Watchpoint w : watches) {
            if (w.kind().triggersOn(write) && w.overlaps(w.space() == Watchpoint.Space.LINEAR
                    ? linear & ~0xfffL : physical & ~0xfffL, 4096)) {
                return true;
            }
        }
        return false;
    }

    /** The first watch that an access of {@code size} bytes at {@code linear} / {@code physical} (one page) hits, or null. */
    public Watchpoint hit(long linear, long physical, long size, boolean write) {
        for (Watchpoint w : watches) {
            if (w.kind().triggersOn(write)
                    && w.overlaps(w.space() == Watchpoint.Space.LINEAR ? linear : physical, size)) {
                return w;
            }
        }
        return null;
    }
}
