package io.xenscope.boot;

import io.xenscope.memory.PhysicalMemory;

/**
 * 4-level page tables that identity-map the first 1 GiB with 2 MiB pages: one PML4, one PDPT and
 * one page directory, in three consecutive 4 KiB frames. Enough for a flat 64-bit program; real
 * guests build their own.
 */
public final class IdentityPageTables {
    /** Bytes the three tables occupy. */
    public static final int SIZE = 3 * PhysicalMemory.PAGE_SIZE;
    private static final long PRESENT = 1, WRITABLE = 2, PAGE_SIZE_2M = 1 << 7;

    private IdentityPageTables() {
    }

    /** Writes the tables at {@code pml4} (4 KiB aligned) and returns the value for CR3. */
    public static long write(PhysicalMemory memory, long pml4) {
        if ((pml4 & PhysicalMemory.PAGE_MASK) != 0) {
            throw new IllegalArgumentException("page tables must be 4 KiB aligned: " + Long.toHexString(pml4));
        }
        long pdpt = pml4 + PhysicalMemory.PAGE_SIZE;
        long pd = pdpt + PhysicalMemory.PAGE_SIZE;
        memory.fill(pml4, 0, SIZE);
        memory.write64(pml4, pdpt | PRESENT | WRITABLE);
        memory.write64(pdpt, pd | PRESENT | WRITABLE);
        for (int i = 0; i < 512; i++) {
            memory.write64(pd + 8L * i, ((long) i << 21) | PRESENT | WRITABLE | PAGE_SIZE_2M);
        }
        return pml4;
    }
}
