package io.xenscope.mmu;

/**
 * A data breakpoint: stop after an instruction {@link Kind reads, writes or accesses} any byte of
 * [{@code address}, {@code address + length}) in the {@link Space linear or physical} address space.
 * Unlike the four x86 debug registers (1, 2, 4 or 8 aligned bytes, linear only: SDM Vol. 3 §17.2.4)
 * a watch may have any length and may name physical memory, so a write through any alias is seen.
 */
public record Watchpoint(Kind kind, Space space, long address, long length) {
    /** gdb's watch (write), rwatch (read) and awatch (access); the x86 R/W field's 01 and 11. */
    public enum Kind {
        WRITE, READ, ACCESS;

        public boolean triggersOn(boolean write) {
            return this == ACCESS || (this == WRITE) == write;
        }
    }

    /** Linear (guest-virtual: segment base added) or physical (what the page walk produced; for a PV guest a machine address). */
    public enum Space {
        LINEAR, PHYSICAL
    }

    public Watchpoint {
        if (kind == null || space == null) {
            throw new IllegalArgumentException("a watchpoint needs a kind and an address space");
        }
        if (length <= 0) {
            throw new IllegalArgumentException("a watchpoint covers at least one byte: length " + length);
        }
        if (Long.compareUnsigned(address + length - 1, address) < 0) {
            throw new IllegalArgumentException(String.format("watch range 0x%x+%d wraps the address space", address, length));
        }
    }

    public static Watchpoint linear(Kind kind, long address, long length) {
        return new Watchpoint(kind, Space.LINEAR, address, length);
    }

    public static Watchpoint physical(Kind kind, long address, long length) {
        return new Watchpoint(kind, Space.PHYSICAL, address, length);
    }

    /** Last byte covered (inclusive). */
    public long last() {
        return address + length - 1;
    }

    /** Whether [{@code start}, {@code start + size}) shares a byte with the watched range (unsigned). */
    public boolean overlaps(long start, long size) {
        return Long.compareUnsigned(start, last()) <= 0 && Long.compareUnsigned(start + size - 1, address) >= 0;
    }

    @Override
    public String toString() {
        return String.format("%s watch on %s 0x%x+%d", kind.name().toLowerCase(), space.name().toLowerCase(), address, length);
    }
}
