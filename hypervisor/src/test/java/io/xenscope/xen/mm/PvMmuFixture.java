package io.xenscope.xen.mm;

import io.xenscope.memory.PhysicalMemory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 4 MiB machine (1024 frames; the M2P at mfn 1000) with domain 1 owning mfns 100..199 (pfn =
 * mfn - 100) and a small hierarchy: L4 100 -> L3 101 -> L2 102 -> L1 103, whose slots 0..3 map
 * data frames 110..113 writable and slots 16..19 map the four table frames read-only.
 */
class PvMmuFixture {
    static final int D = 1;
    static final long L4 = 100, L3 = 101, L2 = 102, L1 = 103;
    static final int RW = Pte.PRESENT | Pte.RW;
    static final int RO = Pte.PRESENT;

    final PhysicalMemory mem = new PhysicalMemory(4L << 20);
    final FrameTable ft = new FrameTable(mem.frameCount());
    final M2pTable m2p = new M2pTable(mem, ft, 1000);
    final PvMmu mmu = new PvMmu(mem, ft, m2p);
    final List<PageTableUpdateRejected> events = new ArrayList<>();

    PvMmuFixture() {
        mmu.createDomain(D, 2);
        for (long m = 100; m < 200; m++) {
            mmu.assignFrame(D, m, m - 100);
        }
        mmu.setRejectionListener(events::add);
        set(L4, 0, pte(L3, RW));
        set(L3, 0, pte(L2, RW));
        set(L2, 0, pte(L1, RW));
        for (int i = 0; i < 4; i++) {
            set(L1, i, pte(110 + i, RW));
        }
        for (int i = 0; i < 4; i++) {
            set(L1, 16 + i, pte(100 + i, RO));
        }
    }

    static long pte(long mfn, int flags) {
        return Pte.make(mfn, flags);
    }

    static long ma(long mfn, int slot) {
        return (mfn << 12) + slot * 8L;
    }

    void set(long mfn, int slot, long val) {
        mem.write64(ma(mfn, slot), val);
    }

    long get(long mfn, int slot) {
        return mem.read64(ma(mfn, slot));
    }

    PvMmuFixture boot() {
        MmuResult r = mmu.installInitialPageTables(D, L4);
        assertTrue(r.ok(), () -> String.valueOf(r.rejection()));
        return this;
    }

    MmuResult update(long ptr, long val) {
        return mmu.mmuUpdate(D, 0, List.of(MmuUpdate.normal(ptr, val)), FrameTable.DOMID_SELF);
    }

    MmuResult ext(int cmd, long arg1) {
        return mmu.mmuextOp(D, 0, List.of(MmuextOp.of(cmd, arg1)), FrameTable.DOMID_SELF);
    }

    MmuResult ext(MmuextOp op) {
        return mmu.mmuextOp(D, 0, List.of(op), FrameTable.DOMID_SELF);
    }

    /** Asserts Xen's error code and the rule, and returns the explanation. */
    static String assertRejected(MmuResult r, int errno, PvMmuRule rule) {
        assertEquals(-errno, r.rc(), () -> "rc; rejection: " + r.rejection());
        assertNotNull(r.rejection());
        assertEquals(rule, r.rejection().rule(), () -> r.rejection().explanation());
        assertEquals(-errno, r.rejection().errno());
        return r.rejection().explanation();
    }
}
