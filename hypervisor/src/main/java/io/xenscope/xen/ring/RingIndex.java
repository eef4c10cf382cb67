package io.xenscope.xen.ring;

/**
 * The index rules every Xen shared ring follows (io/ring.h, io/console.h, io/xs_wire.h): indices are
 * u32 counters that run free and wrap modulo 2^32; {@code idx & (size - 1)} addresses the array
 * (size is a power of two); {@code prod - cons} (u32 arithmetic) is the number of unconsumed items
 * and is never more than the size on a sane ring.
 */
public final class RingIndex {
    private RingIndex() {
    }

    /** Items between cons and prod, as an unsigned 32-bit quantity held in a long. */
    public static long used(int cons, int prod) {
        return Integer.toUnsignedLong(prod - cons);
    }

    /** True when no correct producer could have produced these indices (xenstored's check_indexes, negated). */
    public static boolean corrupt(int cons, int prod, int size) {
        return used(cons, prod) > size;
    }

    public static int mask(int idx, int size) {
        return idx & (size - 1);
    }

    public static boolean isPowerOfTwo(int size) {
        return size > 0 && (size & (size - 1)) == 0;
    }
}
