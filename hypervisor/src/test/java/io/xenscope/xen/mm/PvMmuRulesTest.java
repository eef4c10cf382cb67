package io.xenscope.xen.mm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.xenscope.xen.mm.PvMmuFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One specification per refusal rule: Xen's error code, the rule, and what the explanation names. */
class PvMmuRulesTest {
    final PvMmuFixture f = new PvMmuFixture().boot();

    @Test
    void updateOfAFrameTheDomainDoesNotOwnIsEinval() {
        String why = assertRejected(f.update(ma(300, 0), 0), Errno.EINVAL, PvMmuRule.TABLE_FRAME_NOT_OWNED);
        assertTrue(why.contains("0x12c"), why);
    }

    @Test
    void updateInsideADescriptorTableFrameIsEinval() {
        f.ft.getPage(120, D);
        assertEquals(0, f.ft.getPageType(120, FrameType.SEG_DESC, f.mmu));
        String why = assertRejected(f.update(ma(120, 0), 0), Errno.EINVAL, PvMmuRule.NOT_A_PAGE_TABLE);
        assertTrue(why.contains("descriptor table"), why);
    }

    @Test
    void pinningAFrameOfNobodyIsEinval() {
        String why = assertRejected(f.ext(MmuextOp.PIN_L1_TABLE, 300), Errno.EINVAL, PvMmuRule.OPERAND_FRAME_NOT_OWNED);
        assertTrue(why.contains("MMUEXT_PIN_L1_TABLE"), why);
    }

    @Test
    void l1CacheAttributeBitsAreDisallowedWithoutIoCapabilities() {
        String why = assertRejected(f.update(ma(L1, 5), pte(115, RW | Pte.PCD)), Errno.EINVAL,
                PvMmuRule.DISALLOWED_FLAGS_L1);
        assertTrue(why.contains("PCD (bit 4)"), why);
    }

    @Test
    void l1GrantBitIsDisallowed() {
        String why = assertRejected(f.update(ma(L1, 5), pte(115, RW | Pte.GNTTAB)), Errno.EINVAL,
                PvMmuRule.DISALLOWED_FLAGS_L1);
        assertTrue(why.contains("GNTTAB (bit 62)"), why);
    }

    @Test
    void l2GlobalBitIsDisallowed() {
        f.set(104, 0, 0);
        String why = assertRejected(f.update(ma(L2, 1), pte(104, RW | Pte.GLOBAL)), Errno.EINVAL,
                PvMmuRule.DISALLOWED_FLAGS_L2);
        assertTrue(why.contains("GLOBAL (bit 8)"), why);
    }

    @Test
    void l3WriteThroughBitIsDisallowed() {
        assertRejected(f.update(ma(L3, 1), pte(104, RW | Pte.PWT)), Errno.EINVAL, PvMmuRule.DISALLOWED_FLAGS_L3);
    }

    @Test
    void l4GlobalBitIsDisallowed() {
        assertRejected(f.update(ma(L4, 1), pte(104, RW | Pte.GLOBAL)), Errno.EINVAL, PvMmuRule.DISALLOWED_FLAGS_L4);
    }

    @Test
    void l2SuperpageIsRefused() {
        PageTableUpdateRejected r = f.update(ma(L2, 1), pte(0x1200 >> 3, RW | Pte.PSE)).rejection();
        assertEquals(PvMmuRule.SUPERPAGE_L2, r.rule());
        assertEquals(-Errno.EINVAL, r.errno());
        assertTrue(r.explanation().contains("PSE (bit 7)") && r.explanation().contains("2 MiB"), r.explanation());
        assertEquals(2, r.level());
        assertEquals(FrameType.L2, r.tableFrameType());
    }

    @Test
    void l3SuperpageIsRefused() {
        String why = assertRejected(f.update(ma(L3, 1), pte(104, RW | Pte.PSE)), Errno.EINVAL, PvMmuRule.SUPERPAGE_L3);
        assertTrue(why.contains("1 GiB"), why);
    }

    @Test
    void mappingMachineAddressesBeyondRamIsEperm() {
        String why = assertRejected(f.update(ma(L1, 5), pte(0x10000, RW)), Errno.EPERM, PvMmuRule.MMIO_NOT_PERMITTED);
        assertTrue(why.contains("beyond the end of machine memory"), why);
    }

    @Test
    void mappingDomIoFramesWithoutPermissionIsEperm() {
        f.ft.shareXenPage(900, FrameTable.DOMID_IO, true);
        assertRejected(f.update(ma(L1, 5), pte(900, RO)), Errno.EPERM, PvMmuRule.MMIO_NOT_PERMITTED);
    }

    @Test
    void mappingInvalidMfnIsEinvalNotEperm() {
        assertRejected(f.update(ma(L1, 5), pte(Pte.INVALID_MFN, RO)), Errno.EINVAL, PvMmuRule.MMIO_NOT_PERMITTED);
    }

    @Test
    void l1MappingOfAnotherDomainsFrameIsEbusy() {
        f.mmu.createDomain(2, 1);
        f.mmu.assignFrame(2, 300, 0);
        String why = assertRejected(f.update(ma(L1, 5), pte(300, RO)), Errno.EBUSY,
                PvMmuRule.REFERENCED_FRAME_NOT_OWNED);
        assertTrue(why.contains("belongs to d2"), why);
    }

    @Test
    void l1MappingOfAnUnallocatedFrameIsEbusy() {
        String why = assertRejected(f.update(ma(L1, 5), pte(500, RO)), Errno.EBUSY, PvMmuRule.REFERENCED_FRAME_NOT_OWNED);
        assertTrue(why.contains("not allocated to any domain"), why);
    }

    @Test
    void l1MappingOfXensM2pFrameIsEbusy() {
        String why = assertRejected(f.update(ma(L1, 5), pte(1000, RO)), Errno.EBUSY, PvMmuRule.REFERENCED_FRAME_NOT_OWNED);
        assertTrue(why.contains("belongs to Xen"), why);
    }

    @Test
    void l2ReferenceToAFrameNotOwnedIsEinval() {
        PageTableUpdateRejected r = f.update(ma(L2, 1), pte(500, RW)).rejection();
        assertEquals(PvMmuRule.REFERENCED_FRAME_NOT_OWNED, r.rule());
        assertEquals(-Errno.EINVAL, r.errno());
    }

    @Test
    void writableMappingOfAPageTableIsEbusy() {
        PageTableUpdateRejected r = f.update(ma(L1, 5), pte(L2, RW)).rejection();
        assertEquals(PvMmuRule.WRITABLE_MAPPING_OF_PAGE_TABLE, r.rule());
        assertEquals(-Errno.EBUSY, r.errno());
        assertEquals(FrameType.L2, r.referencedType());
        assertEquals(FrameType.L1, r.tableFrameType());
        assertEquals(ma(L1, 5), r.pteAddress());
        assertEquals(pte(L2, RW), r.newValue());
        assertTrue(r.explanation().contains("L2 page table"), r.explanation());
    }

    @Test
    void writableMappingOfADescriptorTableIsEbusy() {
        f.ft.getPage(120, D);
        f.ft.getPageType(120, FrameType.SEG_DESC, f.mmu);
        assertRejected(f.update(ma(L1, 5), pte(120, RW)), Errno.EBUSY, PvMmuRule.WRITABLE_MAPPING_OF_DESCRIPTOR_TABLE);
    }

    @Test
    void frameStillMappedWritableCannotBecomeAPageTable() {
        String why = assertRejected(f.update(ma(L2, 1), pte(110, RW)), Errno.EINVAL,
                PvMmuRule.PAGE_TABLE_FRAME_MAPPED_WRITABLE);
        assertTrue(why.contains("still mapped writable by 1 L1 entry"), why);
    }

    @Test
    void frameInUseAsAnotherLevelCannotBeUsedAtThisOne() {
        String why = assertRejected(f.update(ma(L2, 1), pte(L3, RW)), Errno.EINVAL, PvMmuRule.PAGE_TABLE_TYPE_CONFLICT);
        assertTrue(why.contains("already in use as a L3 page table"), why);
    }

    @Test
    void xenReservedL4SlotsCannotBeUpdated() {
        PageTableUpdateRejected r = f.update(ma(L4, 256), 0).rejection();
        assertEquals(PvMmuRule.XEN_RESERVED_L4_SLOT, r.rule());
        assertEquals(-Errno.EINVAL, r.errno());
        assertTrue(r.explanation().contains("slot 256"), r.explanation());
        assertRejected(f.update(ma(L4, 271), 0), Errno.EINVAL, PvMmuRule.XEN_RESERVED_L4_SLOT);
    }

    @Test
    void writableLinearSelfMapIsRefused() {
        String why = assertRejected(f.update(ma(L4, 511), pte(L4, RW)), Errno.EINVAL, PvMmuRule.LINEAR_MAPPING_WRITABLE);
        assertTrue(why.contains("must be read-only"), why);
    }

    @Test
    void linearMappingsMayNotChain() {
        assertTrue(f.ext(MmuextOp.PIN_L4_TABLE, 104).ok());
        assertTrue(f.update(ma(L4, 510), pte(104, RO)).ok());
        String why = assertRejected(f.update(ma(104, 510), pte(L4, RO)), Errno.EINVAL, PvMmuRule.LINEAR_MAPPING_CHAIN);
        assertTrue(why.contains("is itself the target of a linear entry"), why);
    }

    @Test
    void namingItselfAsForeignDomainIsEsrch() {
        MmuResult r = f.mmu.mmuUpdate(D, 0, List.of(MmuUpdate.normal(ma(L1, 5), 0)), D);
        assertRejected(r, Errno.ESRCH, PvMmuRule.FOREIGN_DOMAIN_IS_SELF);
        assertEquals(0, r.done());
    }

    @Test
    void namingAMissingForeignDomainIsEsrch() {
        assertRejected(f.mmu.mmuextOp(D, 0, List.of(MmuextOp.of(MmuextOp.TLB_FLUSH_LOCAL, 0)), 7), Errno.ESRCH,
                PvMmuRule.NO_SUCH_DOMAIN);
    }

    @Test
    void unprivilegedForeignMappingIsEperm() {
        f.mmu.createDomain(2, 1);
        assertRejected(f.mmu.mmuUpdate(D, 0, List.of(MmuUpdate.normal(ma(L1, 5), 0)), 2), Errno.EPERM,
                PvMmuRule.FOREIGN_DOMAIN_NOT_PERMITTED);
    }

    @Test
    void foreignPageOwnerOnlyForL1Entries() {
        PvMmuFixture g = privilegedDom0();
        MmuResult r = g.mmu.mmuUpdate(0, 0, List.of(MmuUpdate.normal(ma(202, 1), pte(104, RW))), D);
        assertRejected(r, Errno.EINVAL, PvMmuRule.FOREIGN_OWNER_FOR_UPPER_LEVEL);
    }

    @Test
    void baseptrWithForeignDomainIsEperm() {
        PvMmuFixture g = privilegedDom0();
        assertRejected(g.mmu.mmuextOp(0, 0, List.of(MmuextOp.of(MmuextOp.NEW_BASEPTR, 100)), D), Errno.EPERM,
                PvMmuRule.FOREIGN_DOMAIN_OPERATION);
    }

    @Test
    void machphysUpdateForForeignPageTablesIsEperm() {
        PvMmuFixture g = privilegedDom0();
        MmuResult r = g.mmu.mmuUpdate(0, 0, List.of(MmuUpdate.machphys(200, 1)), ((D + 1) << 16) | FrameTable.DOMID_SELF);
        assertRejected(r, Errno.EPERM, PvMmuRule.M2P_UPDATE_FOREIGN_TABLES);
    }

    @Test
    void machphysUpdateOfAFrameNotOwnedIsEinval() {
        String why = assertRejected(f.mmu.mmuUpdate(D, 0, List.of(MmuUpdate.machphys(300, 5)), FrameTable.DOMID_SELF),
                Errno.EINVAL, PvMmuRule.M2P_FRAME_NOT_OWNED);
        assertTrue(why.contains("M2P[0x12c] = 0x5"), why);
        assertEquals(M2pTable.INVALID_M2P_ENTRY, f.m2p.get(300));
    }

    @Test
    void updateVaMappingInXensRangeIsEinval() {
        assertRejected(f.mmu.updateVaMapping(D, 0, 0xFFFF_8000_0000_1000L, 0, 0), Errno.EINVAL,
                PvMmuRule.VA_NOT_GUEST_ADDRESS);
        assertRejected(f.mmu.updateVaMapping(D, 0, 0x0000_8000_0000_0000L, 0, 0), Errno.EINVAL,
                PvMmuRule.VA_NOT_GUEST_ADDRESS);
    }

    @Test
    void updateVaMappingWithoutAnL1IsEinval() {
        String why = assertRejected(f.mmu.updateVaMapping(D, 0, 0x4000_0000L, pte(115, RW), 0), Errno.EINVAL,
                PvMmuRule.VA_HAS_NO_L1);
        assertTrue(why.contains("L3 entry"), why);
    }

    @Test
    void updateVaMappingThroughALinearL2FindsNoL1() {
        assertTrue(f.update(ma(L2, 1), pte(L2, RO)).ok());
        assertRejected(f.mmu.updateVaMapping(D, 0, 0x20_0000L, 0, 0), Errno.EINVAL, PvMmuRule.VA_L1_NOT_A_PAGE_TABLE);
    }

    @Test
    void pinningTwiceIsEinvalAndLeavesCountsAlone() {
        int before = f.ft.typeCount(L4);
        long refs = f.ft.refCount(L4);
        assertRejected(f.ext(MmuextOp.PIN_L4_TABLE, L4), Errno.EINVAL, PvMmuRule.ALREADY_PINNED);
        assertEquals(before, f.ft.typeCount(L4));
        assertEquals(refs, f.ft.refCount(L4));
        assertTrue(f.ft.isPinned(L4));
    }

    @Test
    void unpinningAnUnpinnedTableIsEinval() {
        assertRejected(f.ext(MmuextOp.UNPIN_TABLE, L1), Errno.EINVAL, PvMmuRule.NOT_PINNED);
    }

    @Test
    void cacheFlushNeedsIoCapabilities() {
        assertRejected(f.ext(MmuextOp.FLUSH_CACHE, 0), Errno.EACCES, PvMmuRule.CACHE_FLUSH_NOT_PERMITTED);
        assertRejected(f.ext(MmuextOp.FLUSH_CACHE_GLOBAL, 0), Errno.EINVAL, PvMmuRule.CACHE_FLUSH_NOT_PERMITTED);
    }

    @Test
    void setLdtWithUnalignedBaseIsEinval() {
        String why = assertRejected(f.ext(new MmuextOp(MmuextOp.SET_LDT, 0x1008, 4)), Errno.EINVAL,
                PvMmuRule.SET_LDT_BAD_ARGS);
        assertTrue(why.contains("not page aligned"), why);
        assertRejected(f.ext(new MmuextOp(MmuextOp.SET_LDT, 0x1000, 8193)), Errno.EINVAL, PvMmuRule.SET_LDT_BAD_ARGS);
    }

    @Test
    void clearPageOfAPageTableIsEinval() {
        assertRejected(f.ext(MmuextOp.CLEAR_PAGE, L1), Errno.EINVAL, PvMmuRule.PAGE_NOT_WRITABLE_DATA);
        assertEquals(pte(110, RW), f.get(L1, 0) & ~Pte.putFlags(Pte.GUEST_KERNEL | Pte.USER));
    }

    @Test
    void copyPageOntoAPageTableIsEinval() {
        assertRejected(f.ext(new MmuextOp(MmuextOp.COPY_PAGE, L2, 110)), Errno.EINVAL, PvMmuRule.PAGE_NOT_WRITABLE_DATA);
    }

    @Test
    void markSuperIsEopnotsupp() {
        assertRejected(f.ext(MmuextOp.MARK_SUPER, 110), Errno.EOPNOTSUPP, PvMmuRule.SUPERPAGE_OPS_REMOVED);
        assertRejected(f.ext(MmuextOp.UNMARK_SUPER, 110), Errno.EOPNOTSUPP, PvMmuRule.SUPERPAGE_OPS_REMOVED);
    }

    @Test
    void unknownMmuextCommandIsEnosys() {
        assertRejected(f.ext(14, 0), Errno.ENOSYS, PvMmuRule.UNKNOWN_MMUEXT_COMMAND);
    }

    @Test
    void aMisalignedDirectL1WriteIsRefusedAsABadAccess() {
        String why = assertRejected(f.mmu.ptwrBadAccess(L1, 4, pte(115, RW), "8 bytes at offset 4"), Errno.EINVAL,
                PvMmuRule.PTWR_BAD_ACCESS);
        assertTrue(why.startsWith("ptwr (direct write to an L1 table; the guest gets the #PF)"), why);
    }

    @Test
    void everyRuleHasATest() {
        // Guard: a new PvMmuRule constant needs its own specification above.
        assertEquals(36, PvMmuRule.values().length);
    }

    /** The fixture plus a privileged domain 0 owning mfns 200..210 with an empty pinned L2 at 202. */
    private static PvMmuFixture privilegedDom0() {
        PvMmuFixture g = new PvMmuFixture().boot();
        g.mmu.createDomain(0, 1).setPrivileged(true);
        for (long m = 200; m <= 210; m++) {
            g.mmu.assignFrame(0, m, m - 200);
        }
        assertTrue(g.mmu.mmuextOp(0, 0, List.of(MmuextOp.of(MmuextOp.PIN_L2_TABLE, 202)), FrameTable.DOMID_SELF).ok());
        return g;
    }
}
