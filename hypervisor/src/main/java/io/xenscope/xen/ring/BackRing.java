package io.xenscope.xen.ring;

import io.xenscope.memory.PhysicalMemory;

/**
 * The backend end of an io/ring.h request/response ring (blkif, netif, ...): the shared page holds
 * {@code req_prod @0, req_event @4, rsp_prod @8, rsp_event @12}, 48 bytes of padding, then
 * {@link #size()} entries of the request/response union. The backend keeps its private
 * {@code req_cons} and {@code rsp_prod_pvt}, as {@code BACK_RING_INIT} does. Methods mirror the
 * macros: {@code RING_HAS_UNCONSUMED_REQUESTS}, {@code RING_GET_REQUEST},
 * {@code RING_PUSH_RESPONSES_AND_CHECK_NOTIFY}, {@code RING_FINAL_CHECK_FOR_REQUESTS}.
 */
public final class BackRing {
    public static final int REQ_PROD = 0;
    public static final int REQ_EVENT = 4;
    public static final int RSP_PROD = 8;
    public static final int RSP_EVENT = 12;
    public static final int ENTRIES = 64;

    private final String name;
    private final PhysicalMemory mem;
    private final long page;
    private final int entrySize;
    private final int size;
    private int reqCons;
    private int rspProdPvt;
    private RingCorruption corruption;

    /** @param entrySize sizeof(union of request and response), as __RING_SIZE uses */
    public BackRing(String name, PhysicalMemory mem, long page, int entrySize) {
        if (entrySize <= 0 || entrySize > PhysicalMemory.PAGE_SIZE - ENTRIES) {
            throw new IllegalArgumentException("bad entry size " + entrySize);
        }
        this.name = name;
        this.mem = mem;
        this.page = page;
        this.entrySize = entrySize;
        this.size = ringSize(PhysicalMemory.PAGE_SIZE, entrySize);
    }

    /** __RING_SIZE: entries that fit after the 64-byte header, rounded down to a power of two. */
    public static int ringSize(int pageBytes, int entrySize) {
        return Integer.highestOneBit((pageBytes - ENTRIES) / entrySize);
    }

    public int size() {
        return size;
    }

    public int reqCons() {
        return reqCons;
    }

    public int rspProdPvt() {
        return rspProdPvt;
    }

    public RingCorruption corruption() {
        return corruption;
    }

    /**
     * RING_HAS_UNCONSUMED_REQUESTS, with the overflow check of RING_REQUEST_PROD_OVERFLOW: returns the
     * number of requests ready, or {@link ByteRing#CORRUPT} when req_prod is more than a ring ahead of
     * the responses we produced.
     */
    public int unconsumedRequests() {
        int prod = mem.read32(page + REQ_PROD);
        if (RingIndex.used(rspProdPvt, prod) > size) {
            corruption = new RingCorruption(name + " req", rspProdPvt, prod, size);
            return ByteRing.CORRUPT;
        }
        int req = prod - reqCons;
        int rsp = size - (reqCons - rspProdPvt);
        return Math.min(req, rsp);
    }

    /** RING_GET_REQUEST(req_cons++): the guest-physical address of the next request entry. */
    public long takeRequest() {
        long addr = entry(reqCons);
        reqCons++;
        return addr;
    }

    /** RING_GET_RESPONSE(rsp_prod_pvt++): the address where the next response entry goes. */
    public long nextResponseSlot() {
        long addr = entry(rspProdPvt);
        rspProdPvt++;
        return addr;
    }

    private long entry(int idx) {
        return page + ENTRIES + (long) RingIndex.mask(idx, size) * entrySize;
    }

    /** RING_PUSH_RESPONSES_AND_CHECK_NOTIFY: publishes rsp_prod; true when the guest asked to be told. */
    public boolean pushResponsesAndCheckNotify() {
        int old = mem.read32(page + RSP_PROD);
        int now = rspProdPvt;
        mem.write32(page + RSP_PROD, now);
        int event = mem.read32(page + RSP_EVENT);
        return Integer.compareUnsigned(now - event, now - old) < 0;
    }

    /**
     * RING_FINAL_CHECK_FOR_REQUESTS: true when requests are pending; otherwise sets req_event so the
     * guest notifies on its next request and checks once more (closing the race).
     */
    public boolean finalCheckForRequests() {
        int n = unconsumedRequests();
        if (n != 0) {
            return n > 0;
        }
        mem.write32(page + REQ_EVENT, reqCons + 1);
        return unconsumedRequests() > 0;
    }
}
