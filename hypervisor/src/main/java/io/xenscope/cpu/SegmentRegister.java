package io.xenscope.cpu;

/**
 * A segment register with its hidden descriptor cache (Intel SDM Vol. 3 §3.4.3). Attributes use the
 * VMX access-rights layout (SDM Vol. 3 §24.4.1): type 0-3, S 4, DPL 5-6, P 7, AVL 12, L 13, D/B 14,
 * G 15, unusable 16. {@link #limit} is the expanded byte-granular limit.
 */
public final class SegmentRegister {
    public static final int TYPE_MASK = 0xf, S = 1 << 4, DPL_SHIFT = 5, P = 1 << 7, AVL = 1 << 12, L = 1 << 13,
            DB = 1 << 14, G = 1 << 15, UNUSABLE = 1 << 16;
    /** Code-segment type bits (with S set): executable, conforming, readable; data: writable, expand-down. */
    public static final int TYPE_ACCESSED = 1, TYPE_RW = 2, TYPE_DC = 4, TYPE_CODE = 8;

    public int selector;
    public long base;
    public long limit;
    public int attributes;

    public SegmentRegister() {
        loadReal(0);
    }

    /** Real-mode / virtual-8086 load: base = selector << 4, 64 KiB limit, attributes untouched except present. */
    public void loadReal(int selector) {
        this.selector = selector & 0xffff;
        this.base = (long) this.selector << 4;
        this.limit = 0xffff;
        this.attributes = P | S | TYPE_RW | TYPE_ACCESSED;
    }

    /** Loads the cache from the two dwords of a segment descriptor (SDM Vol. 3 §3.4.5, Figure 3-8). */
    public void loadDescriptor(int selector, long descriptor) {
        int lo = (int) descriptor;
        int hi = (int) (descriptor >>> 32);
        this.selector = selector & 0xffff;
        this.base = ((lo >>> 16) & 0xffff) | ((long) (hi & 0xff) << 16) | ((long) (hi >>> 24) << 24);
        long rawLimit = (lo & 0xffff) | (hi & 0xf0000);
        this.attributes = ((hi >>> 8) & 0xff) | ((hi >>> 8) & 0xf000);
        this.limit = (attributes & G) != 0 ? (rawLimit << 12) | 0xfff : rawLimit;
    }

    public void set(int selector, long base, long limit, int attributes) {
        this.selector = selector & 0xffff;
        this.base = base;
        this.limit = limit;
        this.attributes = attributes;
    }

    public void copyFrom(SegmentRegister other) {
        set(other.selector, other.base, other.limit, other.attributes);
    }

    public int dpl() {
        return (attributes >>> DPL_SHIFT) & 3;
    }

    public int rpl() {
        return selector & 3;
    }

    public boolean present() {
        return (attributes & P) != 0;
    }

    public boolean isCode() {
        return (attributes & S) != 0 && (attributes & TYPE_CODE) != 0;
    }

    public boolean longMode() {
        return (attributes & L) != 0;
    }

    public boolean defaultBig() {
        return (attributes & DB) != 0;
    }

    @Override
    public String toString() {
        return String.format("sel=%04x base=%x limit=%x attr=%x", selector, base, limit, attributes);
    }
}
