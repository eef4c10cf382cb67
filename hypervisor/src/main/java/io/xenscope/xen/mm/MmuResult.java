package io.xenscope.xen.mm;

import java.util.List;

/**
 * The outcome of one MMU hypercall.
 *
 * @param rc        the hypercall's return value (0 or a negative errno)
 * @param done      how many requests were completed (the {@code *done} out parameter)
 * @param rejection why the failing request was refused, or null on success
 * @param flushes   flushes requested, in order, for the caller to carry out
 */
public record MmuResult(int rc, int done, PageTableUpdateRejected rejection, List<FlushRequest> flushes) {
    public MmuResult {
        flushes = List.copyOf(flushes);
    }

    public boolean ok() {
        return rc == 0;
    }
}
