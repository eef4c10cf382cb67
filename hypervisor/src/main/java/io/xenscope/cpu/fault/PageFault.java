package io.xenscope.cpu.fault;

/**
 * #PF page fault (vector 14). The error code follows SDM Vol. 3 §4.7 (Figure 4-12); the faulting
 * linear address goes to CR2 when the fault is delivered.
 */
public final class PageFault extends GuestFault {
    /** Error code bits (SDM Vol. 3 §4.7). */
    public static final int P = 1, W = 1 << 1, U = 1 << 2, RSVD = 1 << 3, I = 1 << 4, PK = 1 << 5;

    private final long linearAddress;

    public PageFault(long linearAddress, int errorCode) {
        super(14, "#PF", errorCode, true, "at 0x" + Long.toHexString(linearAddress) + describe(errorCode));
        this.linearAddress = linearAddress;
    }

    /** The faulting linear address (what CR2 receives). */
    public long linearAddress() {
        return linearAddress;
    }

    private static String describe(int e) {
        return " (" + ((e & P) != 0 ? "protection" : "not present") + ", " + ((e & I) != 0 ? "fetch"
                : (e & W) != 0 ? "write" : "read") + ((e & U) != 0 ? ", user" : ", supervisor")
                + ((e & RSVD) != 0 ? ", reserved bit" : "") + ")";
    }
}
