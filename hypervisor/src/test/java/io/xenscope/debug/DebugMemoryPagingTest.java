package io.xenscope.debug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.mmu.PageWalker;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * DebugMemory follows the paging mode the vCPU's CR0/CR4/EFER select: none, 32-bit paging (SDM Vol. 3
 * §4.3), PAE (§4.4) and 4-level paging (§4.5), never faulting and never setting accessed/dirty bits.
 */
class DebugMemoryPagingTest {
    private static final long P = PageWalker.P, RW = PageWalker.RW, PS = PageWalker.PS;
    private static final long ROOT = 0x10000, PD = 0x11000, PT = 0x12000, PDPT_PAE = 0x10020;
    private static final long FRAME = 0x200000;
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private final PhysicalMemory mem = new PhysicalMemory(16 << 20);
    private final Cpu cpu = new Cpu(mem, new IoBus(), new CpuModel());
    private final DebugMemory memory = new DebugMemory(cpu);

    /** 32-bit paging: PDE 1 -> PT, PTE 5 -> FRAME: linear 0x405000 is FRAME. */
    private void bits32() {
        cpu.cr3 = ROOT;
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_PG;
        cpu.cr4 = Cpu.CR4_PSE;
        mem.write32(ROOT + 1 * 4, (int) (PT | P | RW));
        mem.write32(PT + 5 * 4, (int) (FRAME | P));
    }

    /** PAE: CR3 -> PDPT at a 32-byte (not page) boundary, PDPTE 3 -> PD, PDE 2 -> PT, PTE 5 -> FRAME. */
    private void pae() {
        cpu.cr3 = PDPT_PAE;
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_PG;
        cpu.cr4 = Cpu.CR4_PAE;
        mem.write64(PDPT_PAE + 3 * 8, PD | P);
        mem.write64(PD + 2 * 8, PT | P | RW);
        mem.write64(PT + 5 * 8, FRAME | P);
    }

    private void put(long pa) {
        mem.writeBytes(pa, HELLO, 0, HELLO.length);
    }

    private byte[] get(long pa, int length) {
        byte[] b = new byte[length];
        mem.readBytes(pa, b, 0, length);
        return b;
    }

    private static final long PAE_VA = 3L << 30 | 2L << 21 | 5L << 12; // 0xc0405000

    @Test
    void pagingOffReadsLinearAsPhysical() {
        cpu.cr0 = Cpu.CR0_PE;
        put(0x7c00);
        assertArrayEquals(HELLO, memory.read(0x7c00, 5));
    }

    @Test
    void pagingOffAddressBeyondFourGigabytesIsUnmapped() {
        cpu.cr0 = Cpu.CR0_PE;
        assertEquals(-1, memory.translate(0x1_0000_7c00L));
    }

    @Test
    void bits32ReadsThroughPdeAndPte() {
        bits32();
        put(FRAME + 0x123);
        assertArrayEquals(HELLO, memory.read(0x405123, 5));
    }

    @Test
    void bits32NotPresentPteIsUnmapped() {
        bits32();
        assertEquals(-1, memory.translate(0x406000));
        assertEquals(0, memory.read(0x406000, 4).length);
    }

    @Test
    void bits32FourMegabytePageWithPse() {
        bits32();
        mem.write32(ROOT + 2 * 4, (int) (0x800000 | P | PS));
        assertEquals(0x812345, memory.translate(0x812345));
    }

    @Test
    void bits32PsIsIgnoredWithoutCr4Pse() {
        bits32();
        cpu.cr4 = 0;
        mem.write32(ROOT + 2 * 4, (int) (PT | P | PS)); // a table, not a 4 MiB page
        mem.write32(PT + 7 * 4, (int) (FRAME | P));
        assertEquals(FRAME | 0x10, memory.translate(0x807010));
    }

    @Test
    void bits32Pse36PdeBitsThirteenToTwentyAreAddressBitsThirtyTwoUp() {
        bits32();
        mem.write32(ROOT + 2 * 4, (int) (0x400000 | 1 << 13 | P | PS));
        assertEquals("maps 0x100400010, which is not RAM", memory.walk(0x800010).fault());
    }

    @Test
    void bits32WriteGoesToTheMappedFrame() {
        bits32();
        assertTrue(memory.write(0x405100, HELLO));
        assertArrayEquals(HELLO, get(FRAME + 0x100, 5));
    }

    @Test
    void writeAcrossAnUnmappedPageWritesNothing() {
        bits32();
        assertFalse(memory.write(0x405ffe, HELLO));
        assertEquals(0, mem.read8(FRAME + 0xffe));
    }

    @Test
    void readStopsAtTheFirstUnmappedPage() {
        bits32();
        put(FRAME + 0xffe);
        assertArrayEquals(new byte[] {'h', 'e'}, memory.read(0x405ffe, 5));
    }

    @Test
    void walkSetsNoAccessedOrDirtyBits() {
        bits32();
        memory.write(0x405000, HELLO);
        assertEquals(PT | P | RW, mem.read32(ROOT + 4) & 0xffffffffL);
        assertEquals(FRAME | P, mem.read32(PT + 5 * 4) & 0xffffffffL);
    }

    @Test
    void paeReadsThroughPdptePdeAndPte() {
        pae();
        put(FRAME + 0x10);
        assertArrayEquals(HELLO, memory.read(PAE_VA | 0x10, 5));
    }

    @Test
    void paeTwoMegabytePage() {
        pae();
        mem.write64(PD + 4 * 8, 0x600000 | P | PS);
        assertEquals(0x612345, memory.translate(3L << 30 | 4L << 21 | 0x12345));
    }

    @Test
    void paeNotPresentPdpteIsUnmapped() {
        pae();
        assertEquals(-1, memory.translate(0x405000));
    }

    @Test
    void longModeStillWalksFourLevels() {
        cpu.cr3 = ROOT;
        cpu.cr0 = Cpu.CR0_PE | Cpu.CR0_PG;
        cpu.cr4 = Cpu.CR4_PAE;
        cpu.efer = Cpu.EFER_LME | Cpu.EFER_LMA;
        mem.write64(ROOT + 511 * 8, PD | P);
        mem.write64(PD + 510 * 8, PT | P);
        mem.write64(PT + 0, 0x400000 | P | PS); // 2 MiB page in the PD
        assertEquals(0x400abc, memory.translate(0xffffffff80000abcL));
    }

    @Test
    void describeWalkOfBits32ShowsThePdAndPteAsFourByteEntries() {
        bits32();
        assertEquals("""
                walk of 0x0000000000405123 with cr3 0x10000 (32-bit paging)
                  PD  [   1] @0x0000010004 = 0x00012003 P RW S
                  PT  [   5] @0x0000012014 = 0x00200001 P RO S
                  => physical address 0x200123 (4K page)
                """, memory.describeWalk(0x405123));
    }

    @Test
    void describeWalkOfPaeShowsThreeLevels() {
        pae();
        assertEquals("""
                walk of 0x00000000c0405000 with cr3 0x10020 (PAE paging)
                  PDPT[   3] @0x0000010038 = 0x0000000000011001 P
                  PD  [   2] @0x0000011010 = 0x0000000000012003 P RW S
                  PT  [   5] @0x0000012028 = 0x0000000000200001 P RO S
                  => physical address 0x200000 (4K page)
                """, memory.describeWalk(PAE_VA));
    }

    @Test
    void describeWalkOfAnUnmappedAddressSaysWhereItStopped() {
        bits32();
        assertEquals("""
                walk of 0x0000000000406000 with cr3 0x10000 (32-bit paging)
                  PD  [   1] @0x0000010004 = 0x00012003 P RW S
                  PT  [   6] @0x0000012018 = 0x00000000 - RO S
                  not present at PT[6]
                """, memory.describeWalk(0x406000));
    }

    @Test
    void describeWalkOfAFourMegabytePage() {
        bits32();
        mem.write32(ROOT + 2 * 4, (int) (0x800000 | P | RW | PS));
        assertEquals("""
                walk of 0x0000000000812345 with cr3 0x10000 (32-bit paging)
                  PD  [   2] @0x0000010008 = 0x00800083 P RW S PS
                  => physical address 0x812345 (4M page)
                """, memory.describeWalk(0x812345));
    }
}
