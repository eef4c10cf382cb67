package io.xenscope.xen.mm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.xenscope.xen.mm.PvMmuFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Happy paths, type-count transitions, batches, and what Xen writes into validated tables. */
class PvMmuBehaviourTest {
    final PvMmuFixture f = new PvMmuFixture();

    @Test
    void builderPinsTheL4AndTypesTheWholeHierarchy() {
        f.boot();
        assertEquals(FrameType.L4, f.ft.type(L4));
        assertTrue(f.ft.isPinned(L4) && f.ft.isValidated(L4));
        assertEquals(2, f.ft.typeCount(L4)); // the pin and vCPU 0's guest_table
        assertEquals(FrameType.L3, f.ft.type(L3));
        assertEquals(FrameType.L2, f.ft.type(L2));
        assertEquals(FrameType.L1, f.ft.type(L1));
        assertEquals(FrameType.WRITABLE, f.ft.type(110));
        assertEquals(1, f.ft.typeCount(110));
        assertEquals(FrameType.NONE, f.ft.type(150));
        assertEquals(L4, f.mmu.domain(D).vcpu(0).guestTable());
    }

    @Test
    void validationAdjustsEntriesAsXenDoes() {
        f.boot();
        assertEquals(pte(L3, RW | Pte.USER | Pte.ACCESSED), f.get(L4, 0));
        assertEquals(pte(L2, RW | Pte.USER), f.get(L3, 0));
        assertEquals(pte(110, RW | Pte.USER | Pte.GUEST_KERNEL), f.get(L1, 0));
    }

    @Test
    void validatedL4GetsXenSlotsAndTheM2pOnceItIsTheBasePointer() {
        f.boot();
        assertEquals(pte(L4, Pte.PRESENT | Pte.RW | Pte.ACCESSED | Pte.DIRTY), f.get(L4, 258));
        assertEquals(f.m2p.l4Entry(), f.get(L4, 256));
    }

    @Test
    void m2pStrictPutsTheM2pInAtValidation() {
        f.mmu.domain(D).setM2pStrict(true);
        f.set(104, 256, 0x1234_5000L | RW);
        assertTrue(f.ext(MmuextOp.PIN_L4_TABLE, 104).ok());
        assertEquals(f.m2p.l4Entry(), f.get(104, 256));
    }

    @Test
    void guestValuesInXenSlotsAreClobberedNotRefused() {
        f.set(L4, 300, 0);
        f.set(L4, 260, pte(999, RW));
        f.boot();
        assertEquals(0, f.get(L4, 260));
    }

    @Test
    void mapAndUnmapAPageMovesItsWritableTypeCount() {
        f.boot();
        assertTrue(f.update(ma(L1, 5), pte(115, RW)).ok());
        assertEquals(FrameType.WRITABLE, f.ft.type(115));
        assertEquals(1, f.ft.typeCount(115));
        assertTrue(f.update(ma(L1, 5), 0).ok());
        assertEquals(0, f.ft.typeCount(115));
        assertEquals(1, f.ft.refCount(115));
    }

    @Test
    void nonPresentEntriesMayHoldAnything() {
        f.boot();
        assertTrue(f.update(ma(L1, 6), 0xDEAD_BEEF_0000_0F9EL).ok());
        assertTrue(f.update(ma(L2, 7), 0xFFFF_FFFF_FFFF_FFFEL).ok());
        assertEquals(0xFFFF_FFFF_FFFF_FFFEL, f.get(L2, 7));
    }

    @Test
    void m2pUpdateSetsTheMachineToPhysEntry() {
        f.boot();
        MmuResult r = f.mmu.mmuUpdate(D, 0, List.of(MmuUpdate.machphys(110, 42)), FrameTable.DOMID_SELF);
        assertTrue(r.ok());
        assertEquals(42, f.m2p.get(110));
        assertEquals(57, f.m2p.get(157));
    }

    @Test
    void updateVaMappingMapsANewPageAndRequestsTheFlush() {
        f.boot();
        MmuResult r = f.mmu.updateVaMapping(D, 0, 0x5000, pte(115, RW), 2 | 4);
        assertTrue(r.ok());
        assertEquals(pte(115, RW | Pte.USER | Pte.GUEST_KERNEL), f.get(L1, 5));
        assertEquals(List.of(new FlushRequest(FlushRequest.Kind.INVLPG_ALL, 0x5000, 0)), r.flushes());
    }

    @Test
    void updateVaMappingWithAVcpuMaskReportsThePointer() {
        f.boot();
        MmuResult r = f.mmu.updateVaMapping(D, 0, 0x5000, pte(115, RO), 1 | 0x7000);
        assertEquals(List.of(new FlushRequest(FlushRequest.Kind.TLB_FLUSH_MULTI, 0, 0x7000)), r.flushes());
    }

    @Test
    void switchingBasePointerMovesTypeReferences() {
        f.boot();
        f.set(104, 0, pte(L3, RW));
        MmuResult r = f.ext(MmuextOp.NEW_BASEPTR, 104);
        assertTrue(r.ok(), () -> String.valueOf(r.rejection()));
        assertEquals(104, f.mmu.domain(D).vcpu(0).guestTable());
        assertEquals(1, f.ft.typeCount(L4)); // only the pin remains
        assertEquals(1, f.ft.typeCount(104));
        assertEquals(2, f.ft.typeCount(L3));
        assertTrue(r.flushes().contains(FlushRequest.of(FlushRequest.Kind.BASEPTR_RELOAD)));
    }

    @Test
    void newBaseptrOfAnL1IsATypeConflict() {
        f.boot();
        assertRejected(f.ext(MmuextOp.NEW_BASEPTR, L1), Errno.EINVAL, PvMmuRule.PAGE_TABLE_TYPE_CONFLICT);
        assertEquals(L4, f.mmu.domain(D).vcpu(0).guestTable());
    }

    @Test
    void userBasePointerTakesAnL4Reference() {
        f.boot();
        assertTrue(f.ext(MmuextOp.NEW_USER_BASEPTR, 104).ok());
        assertEquals(FrameType.L4, f.ft.type(104));
        assertTrue(f.ext(MmuextOp.NEW_USER_BASEPTR, 0).ok());
        assertEquals(0, f.ft.typeCount(104));
    }

    @Test
    void unpinnedTableCanBeReusedAsData() {
        f.boot();
        assertTrue(f.ext(MmuextOp.PIN_L1_TABLE, 120).ok());
        assertEquals(FrameType.L1, f.ft.type(120));
        assertRejected(f.update(ma(L1, 5), pte(120, RW)), Errno.EBUSY, PvMmuRule.WRITABLE_MAPPING_OF_PAGE_TABLE);
        assertTrue(f.ext(MmuextOp.UNPIN_TABLE, 120).ok());
        assertEquals(0, f.ft.typeCount(120));
        assertFalse(f.ft.isValidated(120));
        assertTrue(f.update(ma(L1, 5), pte(120, RW)).ok());
        assertEquals(FrameType.WRITABLE, f.ft.type(120));
    }

    @Test
    void dataFrameBecomesAPageTableOnceItsWritableMappingsAreGone() {
        f.boot();
        assertRejected(f.ext(MmuextOp.PIN_L1_TABLE, 110), Errno.EINVAL, PvMmuRule.PAGE_TABLE_FRAME_MAPPED_WRITABLE);
        assertTrue(f.update(ma(L1, 0), pte(110, RO)).ok());
        assertTrue(f.ext(MmuextOp.PIN_L1_TABLE, 110).ok());
        assertEquals(FrameType.L1, f.ft.type(110));
    }

    @Test
    void unmappingAnL2EntryDevalidatesTheUnreferencedL1() {
        f.boot();
        assertTrue(f.update(ma(L2, 0), 0).ok());
        assertEquals(0, f.ft.typeCount(L1));
        assertFalse(f.ft.isValidated(L1));
        assertEquals(0, f.ft.typeCount(110)); // the L1's writable mapping was dropped
    }

    @Test
    void batchStopsAtTheFirstFailureWithTheDoneCount() {
        f.boot();
        MmuResult r = f.mmu.mmuUpdate(D, 0, List.of(MmuUpdate.normal(ma(L1, 5), pte(115, RW)),
                MmuUpdate.normal(ma(L1, 6), pte(L1, RW)),
                MmuUpdate.normal(ma(L1, 7), pte(117, RW))), FrameTable.DOMID_SELF);
        assertEquals(-Errno.EBUSY, r.rc());
        assertEquals(1, r.done());
        assertTrue(Pte.present(f.get(L1, 5)));
        assertEquals(0, f.get(L1, 7));
        assertEquals(1, f.events.size());
    }

    @Test
    void mmuextBatchReportsDoneAndEarlierFlushes() {
        f.boot();
        MmuResult r = f.mmu.mmuextOp(D, 0, List.of(MmuextOp.of(MmuextOp.TLB_FLUSH_LOCAL, 0),
                MmuextOp.of(MmuextOp.UNPIN_TABLE, L1)), FrameTable.DOMID_SELF);
        assertEquals(1, r.done());
        assertEquals("mmuext_op(MMUEXT_UNPIN_TABLE)", r.rejection().hypercall());
        assertEquals(List.of(FlushRequest.of(FlushRequest.Kind.TLB_FLUSH_LOCAL)), r.flushes());
    }

    @Test
    void preserveAdKeepsAccessedAndDirty() {
        f.boot();
        f.set(L1, 0, f.get(L1, 0) | Pte.ACCESSED | Pte.DIRTY);
        MmuResult r = f.mmu.mmuUpdate(D, 0, List.of(MmuUpdate.preserveAd(ma(L1, 0), pte(110, RW))), FrameTable.DOMID_SELF);
        assertTrue(r.ok());
        assertEquals(Pte.ACCESSED | Pte.DIRTY, (int) (f.get(L1, 0) & (Pte.ACCESSED | Pte.DIRTY)));
    }

    @Test
    void fastPathFlagChangeKeepsReferenceCounts() {
        f.boot();
        long refs = f.ft.refCount(110);
        assertTrue(f.update(ma(L1, 0), pte(110, RW | Pte.ACCESSED | Pte.NX)).ok());
        assertEquals(refs, f.ft.refCount(110));
        assertEquals(1, f.ft.typeCount(110));
    }

    @Test
    void noTranslateUpdateActsAsNormalForPvGuests() {
        f.boot();
        MmuResult r = f.mmu.mmuUpdate(D, 0, List.of(new MmuUpdate(ma(L1, 5) | 3, pte(115, RW))), FrameTable.DOMID_SELF);
        assertTrue(r.ok());
        assertEquals(1, f.ft.typeCount(115));
    }

    @Test
    void updateOfAPlainDataFrameIsAPlainWrite() {
        f.boot();
        assertTrue(f.update(ma(150, 3), pte(L2, RW)).ok());
        assertEquals(pte(L2, RW), f.get(150, 3));
        assertEquals(0, f.ft.typeCount(150));
    }

    @Test
    void readOnlyLinearSelfMapIsAllowed() {
        f.boot();
        assertTrue(f.update(ma(L4, 511), pte(L4, RO)).ok());
        assertEquals(2, f.ft.typeCount(L4)); // self-maps take no reference
    }

    @Test
    void deepValidationFailureNamesThePathAndRollsBack() {
        f.set(L1, 20, pte(L2, RW)); // the L1 maps its own L2 writable
        MmuResult r = f.mmu.installInitialPageTables(D, L4);
        PageTableUpdateRejected why = r.rejection();
        assertEquals(-Errno.EBUSY, r.rc());
        assertEquals(PvMmuRule.WRITABLE_MAPPING_OF_PAGE_TABLE, why.rule());
        assertEquals(ma(L1, 20), why.pteAddress());
        assertEquals(4, why.validationPath().size());
        assertTrue(why.explanation().contains("MMUEXT_PIN_L4_TABLE of mfn 0x64"), why.explanation());
        assertEquals(0, f.ft.typeCount(L3));
        assertEquals(0, f.ft.typeCount(110));
        assertEquals(1, f.ft.refCount(L4));
        assertEquals(1, f.ft.refCount(110));
    }

    @Test
    void privilegedDomainMapsMmioUncachedByForce() {
        f.mmu.createDomain(0, 1).setPrivileged(true);
        for (long m = 200; m <= 203; m++) {
            f.mmu.assignFrame(0, m, m - 200);
        }
        assertTrue(f.mmu.mmuextOp(0, 0, List.of(MmuextOp.of(MmuextOp.PIN_L1_TABLE, 203)), FrameTable.DOMID_SELF).ok());
        MmuResult r = f.mmu.mmuUpdate(0, 0, List.of(MmuUpdate.normal(ma(203, 0), pte(0xFEE00, RW))), FrameTable.DOMID_SELF);
        assertTrue(r.ok());
        assertEquals(Pte.PWT | Pte.PCD, Pte.flags(f.get(203, 0)) & (Pte.PWT | Pte.PCD));
    }

    @Test
    void setLdtAndClearAndCopyPage() {
        f.boot();
        f.mem.write64(110L << 12, 0x1122_3344L);
        assertTrue(f.ext(new MmuextOp(MmuextOp.COPY_PAGE, 111, 110)).ok());
        assertEquals(0x1122_3344L, f.mem.read64(111L << 12));
        assertTrue(f.ext(MmuextOp.CLEAR_PAGE, 111).ok());
        assertEquals(0, f.mem.read64(111L << 12));
        assertTrue(f.ext(new MmuextOp(MmuextOp.SET_LDT, 0x40_0000, 32)).ok());
        assertEquals(32, f.mmu.domain(D).vcpu(0).ldtEnts());
    }

    @Test
    void rejectionCarriesTheGuestRipTheCallerFills() {
        f.boot();
        PageTableUpdateRejected r = f.update(ma(L4, 256), 0).rejection().withGuestRip(0xFFFF_FFFF_8000_1234L);
        assertTrue(r.explanation().endsWith("at guest RIP 0xffffffff80001234"), r.explanation());
        assertEquals("mmu_update", r.hypercall());
    }

    @Test
    void aDirectL1WriteTakesTheNewFramesReferencesAndDropsTheOldOnes() {
        f.boot();
        MmuResult r = f.mmu.ptwrEmulatedUpdate(D, L1, 0, pte(115, RW), false, 0);
        assertEquals(1, r.done());
        assertEquals(pte(115, RW | Pte.USER | Pte.GUEST_KERNEL), f.get(L1, 0));
        assertEquals(FrameType.WRITABLE, f.ft.type(115));
        assertEquals(1, f.ft.typeCount(115));
        assertEquals(0, f.ft.typeCount(110), "the old frame is no longer mapped writable");
    }

    @Test
    void aDirectL1CmpxchgWithAStaleValueWritesNothingAndKeepsNoReference() {
        f.boot();
        MmuResult r = f.mmu.ptwrEmulatedUpdate(D, L1, 0, pte(115, RW), true, 0);
        assertTrue(r.ok());
        assertEquals(0, r.done(), "compare failed");
        assertEquals(pte(110, RW | Pte.USER | Pte.GUEST_KERNEL), f.get(L1, 0));
        assertEquals(0, f.ft.typeCount(115));
        assertEquals(1, f.ft.typeCount(110));
    }
}
