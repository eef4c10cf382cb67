package io.xenscope.cpu.exec;

import java.util.Arrays;
import java.util.Collection;

/**
 * The linear addresses execution must stop at (debugger breakpoints). The {@link Translator} ends a
 * block before any instruction at one of them, so a breakpoint is always the start of a block and the
 * engine checks it once per block entry ({@link Block#breakpoint}), which costs nothing when no
 * breakpoint is hit. Immutable: {@link ExecutionEngine#setBreakpoints} swaps the whole set.
 */
public final class Breakpoints {
    public static final Breakpoints NONE = new Breakpoints(new long[0]);

    private final long[] sorted;

    private Breakpoints(long[] sorted) {
        this.sorted = sorted;
    }

    public static Breakpoints of(Collection<Long> linearAddresses) {
        long[] a = new long[linearAddresses.size()];
        int i = 0;
        for (long l : linearAddresses) {
            a[i++] = l;
        }
        Arrays.sort(a);
        return new Breakpoints(a);
    }

    public boolean contains(long linear) {
        return sorted.length != 0 && Arrays.binarySearch(sorted, linear) >= 0;
    }

    public boolean isEmpty() {
        return sorted.length == 0;
    }

    public long[] addresses() {
        return sorted.clone();
    }
}
