package io.xenscope.xen.ring;

import io.xenscope.memory.PhysicalMemory;

/**
 * One direction of a byte ring in a shared page (the xenstore req/rsp rings, the console in/out
 * rings): an array of {@code size} bytes plus u32 cons and prod indices, all at guest-physical
 * addresses. The backend uses {@link #read} when it is the consumer and {@link #write} when it is the
 * producer; each reads both indices once, checks them, copies, and only then publishes the moved
 * index (the order of xenstored's readchn/writechn; barriers are no-ops for us).
 */
public final class ByteRing {
    /** Returned by {@link #read}/{@link #write} when the indices are corrupt. */
    public static final int CORRUPT = -1;

    private final String name;
    private final PhysicalMemory mem;
    private final long data;
    private final int size;
    private final long consAddr;
    private final long prodAddr;
    private RingCorruption corruption;

    public ByteRing(String name, PhysicalMemory mem, long data, int size, long consAddr, long prodAddr) {
        if (!RingIndex.isPowerOfTwo(size)) {
            throw new IllegalArgumentException("ring size must be a power of two: " + size);
        }
        this.name = name;
        this.mem = mem;
        this.data = data;
        this.size = size;
        this.consAddr = consAddr;
        this.prodAddr = prodAddr;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public int cons() {
        return mem.read32(consAddr);
    }

    public int prod() {
        return mem.read32(prodAddr);
    }

    /** The last corruption seen by {@link #read}/{@link #write}/{@link #check}, or null. */
    public RingCorruption corruption() {
        return corruption;
    }

    /** Checks the indices as they are now; null when sane. */
    public RingCorruption check() {
        int cons = cons();
        int prod = prod();
        if (RingIndex.corrupt(cons, prod, size)) {
            corruption = new RingCorruption(name, cons, prod, size);
            return corruption;
        }
        return null;
    }

    /** Unconsumed bytes, or {@link #CORRUPT}. */
    public int available() {
        int cons = cons();
        int prod = prod();
        if (RingIndex.corrupt(cons, prod, size)) {
            corruption = new RingCorruption(name, cons, prod, size);
            return CORRUPT;
        }
        return prod - cons;
    }

    /** Free space for a producer, or {@link #CORRUPT}. */
    public int space() {
        int used = available();
        return used == CORRUPT ? CORRUPT : size - used;
    }

    /**
     * Consumer side: copies up to {@code len} unconsumed bytes to {@code dst}, then advances cons.
     * Returns the number of bytes copied (0 when empty) or {@link #CORRUPT}.
     */
    public int read(byte[] dst, int off, int len) {
        int cons = cons();
        int prod = prod();
        if (RingIndex.corrupt(cons, prod, size)) {
            corruption = new RingCorruption(name, cons, prod, size);
            return CORRUPT;
        }
        int n = (int) Math.min(len, RingIndex.used(cons, prod));
        int done = 0;
        while (done < n) {
            int idx = RingIndex.mask(cons + done, size);
            int chunk = Math.min(n - done, size - idx);
            mem.readBytes(data + idx, dst, off + done, chunk);
            done += chunk;
        }
        if (n > 0) {
            mem.write32(consAddr, cons + n);
        }
        return n;
    }

    /**
     * Producer side: copies as much of {@code src[off, off+len)} as fits, then advances prod.
     * Returns the number of bytes written (0 when full) or {@link #CORRUPT}.
     */
    public int write(byte[] src, int off, int len) {
        int cons = cons();
        int prod = prod();
        if (RingIndex.corrupt(cons, prod, size)) {
            corruption = new RingCorruption(name, cons, prod, size);
            return CORRUPT;
        }
        int n = (int) Math.min(len, size - RingIndex.used(cons, prod));
        int done = 0;
        while (done < n) {
            int idx = RingIndex.mask(prod + done, size);
            int chunk = Math.min(n - done, size - idx);
            mem.writeBytes(data + idx, src, off + done, chunk);
            done += chunk;
        }
        if (n > 0) {
            mem.write32(prodAddr, prod + n);
        }
        return n;
    }
}
