package io.xenscope.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.fault.PageFault;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

/** The page walker of SDM Vol. 3 chapter 4, called directly: translations, #PF error codes, A/D bits. */
class PageWalkerTest {
    private static final long P = PageWalker.P, RW = PageWalker.RW, US = PageWalker.US, PS = PageWalker.PS,
            G = PageWalker.G, A = PageWalker.A, D = PageWalker.D, NX = PageWalker.NX;
    private static final long ROOT = 0x10000, L2 = 0x11000, L3 = 0x12000, L4 = 0x13000;

    private final PhysicalMemory mem = new PhysicalMemory(16 << 20);
    private final Cpu cpu = new Cpu(mem, new IoBus(), new CpuModel());

    private void bits32() {
        cpu.cr3 = ROOT;
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_PG;
        cpu.cr4 = Cpu.CR4_PSE;
    }

    private void pae() {
        cpu.cr3 = ROOT;
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_PG;
        cpu.cr4 = Cpu.CR4_PAE;
    }

    private void level4() {
        cpu.cr3 = ROOT;
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_PG;
        cpu.cr4 = Cpu.CR4_PAE;
        cpu.efer = Cpu.EFER_LME | Cpu.EFER_LMA;
    }

    private long translate(long la, int type, boolean user) {
        return PageWalker.translate(cpu, mem, la, type, user).physical();
    }

    private int faultCode(long la, int type, boolean user) {
        PageFault f = assertThrows(PageFault.class, () -> translate(la, type, user));
        assertEquals(la, f.linearAddress());
        return f.errorCode();
    }

    /** 32-bit paging: PDE 1 -> page table L2, PTE 5 -> frame 0x200000 (linear 0x405000). */
    private void map32(long pdeBits, long pteBits) {
        bits32();
        mem.write32(ROOT + 4, (int) (L2 | pdeBits));
        mem.write32(L2 + 5 * 4, (int) (0x200000 | pteBits));
    }

    // ---- 32-bit paging --------------------------------------------------------------------------

    @Test
    void bits32TranslatesThroughPdeAndPte() {
        map32(P | RW | US, P | RW | US);
        assertEquals(0x200123, translate(0x405123, AccessType.READ, false));
    }

    @Test
    void bits32NotPresentIsErrorCodeZeroForASupervisorRead() {
        map32(P | RW | US, 0);
        assertEquals(0, faultCode(0x405000, AccessType.READ, false));
    }

    @Test
    void bits32UserWriteToANotPresentPageReportsWAndU() {
        map32(0, 0);
        assertEquals(PageFault.W | PageFault.U, faultCode(0x405000, AccessType.WRITE, true));
    }

    @Test
    void userAccessToASupervisorPageIsAProtectionFault() {
        map32(P | RW | US, P | RW);
        assertEquals(PageFault.P | PageFault.U, faultCode(0x405000, AccessType.READ, true));
    }

    @Test
    void supervisorWriteToReadOnlyPageSucceedsWithoutWp() {
        map32(P | RW | US, P | US);
        assertEquals(0x200000, translate(0x405000, AccessType.WRITE, false));
    }

    @Test
    void supervisorWriteToReadOnlyPageFaultsWithWp() {
        map32(P | RW | US, P | US);
        cpu.cr0 |= Cpu.CR0_WP;
        assertEquals(PageFault.P | PageFault.W, faultCode(0x405000, AccessType.WRITE, false));
    }

    @Test
    void bits32FourMegabytePageWithPse() {
        bits32();
        mem.write32(ROOT + 4, (int) (0x800000 | P | RW | PS));
        assertEquals(0x812345, translate(0x412345, AccessType.READ, false));
    }

    @Test
    void readSetsAccessedOnBothLevelsAndWriteSetsDirtyOnlyOnThePte() {
        map32(P | RW | US, P | RW | US);
        translate(0x405000, AccessType.READ, false);
        assertEquals(A, mem.read32(ROOT + 4) & (A | D));
        assertEquals(A, mem.read32(L2 + 20) & (A | D));
        translate(0x405000, AccessType.WRITE, false);
        assertEquals(A, mem.read32(ROOT + 4) & (A | D));
        assertEquals(A | D, mem.read32(L2 + 20) & (A | D));
    }

    @Test
    void aFaultingWalkSetsNoAccessedBit() {
        map32(P | RW | US, P | RW);
        faultCode(0x405000, AccessType.READ, true);
        assertEquals(0, mem.read32(L2 + 20) & A);
    }

    // ---- PAE ------------------------------------------------------------------------------------

    @Test
    void paeTwoMegabytePage() {
        pae();
        mem.write64(ROOT, L2 | P);
        mem.write64(L2 + 8, 0x600000 | P | RW | PS);
        assertEquals(0x612345, translate(0x212345, AccessType.READ, false));
    }

    @Test
    void paeReservedAddressBitIsRsvdFault() {
        pae();
        mem.write64(ROOT, L2 | P);
        mem.write64(L2 + 8, 1L << 45 | 0x600000 | P | RW | PS);
        assertEquals(PageFault.RSVD | PageFault.P, faultCode(0x212345, AccessType.READ, false));
    }

    @Test
    void paeFetchFromAnNxPageReportsTheInstructionFetchBit() {
        pae();
        cpu.efer = Cpu.EFER_NXE;
        mem.write64(ROOT, L2 | P);
        mem.write64(L2 + 8, L3 | P | RW);
        mem.write64(L3, 0x700000 | P | RW | NX);
        assertEquals(PageFault.P | PageFault.I, faultCode(0x200000, AccessType.EXECUTE, false));
    }

    @Test
    void nxBitWithoutEferNxeIsReserved() {
        pae();
        mem.write64(ROOT, L2 | P);
        mem.write64(L2 + 8, L3 | P | RW);
        mem.write64(L3, 0x700000 | P | RW | NX);
        assertEquals(PageFault.RSVD | PageFault.P, faultCode(0x200000, AccessType.READ, false));
    }

    // ---- 4-level paging -------------------------------------------------------------------------

    private void map4(long pteBits) {
        level4();
        mem.write64(ROOT, L2 | P | RW | US);
        mem.write64(L2, L3 | P | RW | US);
        mem.write64(L3, L4 | P | RW | US);
        mem.write64(L4 + 8, 0x300000 | pteBits);
    }

    @Test
    void level4FourKilobytePage() {
        map4(P | RW);
        assertEquals(0x300abc, translate(0x1abc, AccessType.READ, false));
    }

    @Test
    void level4TwoMegabytePage() {
        level4();
        mem.write64(ROOT, L2 | P | RW);
        mem.write64(L2, L3 | P | RW);
        mem.write64(L3 + 8, 0x400000 | P | RW | PS);
        assertEquals(0x412345, translate(0x212345, AccessType.READ, false));
    }

    @Test
    void level4OneGigabytePage() {
        level4();
        mem.write64(ROOT + 8 * 0x1ff, L2 | P | RW);
        mem.write64(L2 + 8 * 0x1fe, 0x40000000L | P | RW | PS);
        assertEquals(0x40012345L, translate(0xffff_ffff_8001_2345L, AccessType.READ, false));
    }

    @Test
    void psInAPml4EntryIsReserved() {
        level4();
        mem.write64(ROOT, L2 | P | RW | PS);
        assertEquals(PageFault.RSVD | PageFault.P, faultCode(0x1000, AccessType.READ, false));
    }

    @Test
    void level4UserFetchOfASupervisorPage() {
        map4(P | RW);
        cpu.efer |= Cpu.EFER_NXE;
        assertEquals(PageFault.P | PageFault.U | PageFault.I, faultCode(0x1000, AccessType.EXECUTE, true));
    }

    @Test
    void level4WriteSetsDirtyOnTheLeafOnly() {
        map4(P | RW);
        translate(0x1000, AccessType.WRITE, false);
        assertEquals(A | D, mem.read64(L4 + 8) & (A | D));
        assertEquals(A, mem.read64(L3) & (A | D));
    }

    // ---- the TLB in front of the walker ---------------------------------------------------------

    @Test
    void globalPagesSurviveACr3WriteWithPge() {
        map4(P | RW | G);
        cpu.cr4 |= Cpu.CR4_PGE;
        mem.write32(0x300000 + 0x10, 0xaaaa);
        mem.write32(0x500000 + 0x10, 0xbbbb);
        assertEquals(0xaaaa, cpu.mmu.read32(0x1010));
        mem.write64(L4 + 8, 0x500000 | P | RW | G);
        cpu.setCr3(ROOT);
        assertEquals(0xaaaa, cpu.mmu.read32(0x1010), "global translation kept");
        cpu.mmu.invlpg(0x1000);
        assertEquals(0xbbbb, cpu.mmu.read32(0x1010), "invlpg drops it");
    }

    @Test
    void nonGlobalPagesAreFlushedByACr3Write() {
        map4(P | RW);
        cpu.cr4 |= Cpu.CR4_PGE;
        mem.write32(0x300000 + 0x10, 0xaaaa);
        mem.write32(0x500000 + 0x10, 0xbbbb);
        assertEquals(0xaaaa, cpu.mmu.read32(0x1010));
        mem.write64(L4 + 8, 0x500000 | P | RW);
        cpu.setCr3(ROOT);
        assertEquals(0xbbbb, cpu.mmu.read32(0x1010));
    }

    @Test
    void readCrossingIntoANotPresentPageFaultsOnTheSecondPage() {
        map4(P | RW);
        PageFault f = assertThrows(PageFault.class, () -> cpu.mmu.read32(0x1ffe));
        assertEquals(0x2000, f.linearAddress());
        assertTrue((f.errorCode() & PageFault.P) == 0);
    }
}
