package io.xenscope.xen;

import io.xenscope.xen.mm.PvMmuRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writable page tables (xen/arch/x86/pv/ro-page-fault.c): with VMASST_TYPE_writable_pagetables the
 * guest kernel stores straight into its read-only L1 tables and Xen emulates the store; L2-L4
 * tables, bad entries and odd stores get the #PF.
 *
 * <p>Each guest finds, in {@code l1va}, the virtual address of the L1 table mapping {@code scratch}
 * and, in {@code newpte}, an entry mapping the page {@code target} (holding 0x5eed) read-write;
 * {@code slot} is the offset of scratch's entry in that table.
 */
class PvWritablePageTablesTest {
    static final int RBX = 3, R12 = 12;
    static final long PTE_FLAGS = 0x63; // present, RW, accessed, dirty
    static final long USER = 4, GUEST_KERNEL = 1L << 52;

    static final String ENABLE_PTWR = "mov $0,%edi; mov $2,%esi; HYPERCALL 21\n";
    static final String FLUSH_TLB = "lea flush(%rip),%rdi; mov $1,%esi; xor %edx,%edx; mov $0x7ff0,%r10d; HYPERCALL 26\n";
    static final String DATA = PvTrapsTest.trapTable(14, 0, "pf_handler") + """
            frame: .skip 72
            l1va: .quad 0
            l2va: .quad 0
            slot: .quad 0
            newpte: .quad 0
            selfpte: .quad 0
            flush: .long 6, 0
                   .quad 0, 0
            .p2align 12
            target: .quad 0x5eed
            .p2align 12
            """;
    static final String PF_HANDLER = "pf_handler:\n" + PvTrapsTest.SAVE_FRAME_AND_POWEROFF;

    /** Boots {@code body} after the trap table is set, with the addresses the guest needs filled in. */
    static BootedGuest boot(String body) {
        BootedGuest g = PvTestGuest.boot(PvTrapsTest.SET_TRAPS + body, PF_HANDLER, DATA);
        long scratch = g.symbol("scratch");
        g.vcpu().guest().write64(g.symbol("l1va"), tableVa(g, scratch, 1));
        g.vcpu().guest().write64(g.symbol("l2va"), tableVa(g, scratch, 2));
        g.vcpu().guest().write64(g.symbol("slot"), ((scratch >>> 12) & 511) * 8);
        g.vcpu().guest().write64(g.symbol("newpte"), mfnOf(g, g.symbol("target")) << 12 | PTE_FLAGS);
        g.vcpu().guest().write64(g.symbol("selfpte"), tableMfn(g, scratch, 1) << 12 | PTE_FLAGS);
        return g;
    }

    static BootedGuest runToPoweroff(String body) {
        BootedGuest g = boot(body);
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.toString());
        assertEquals(0, r.shutdownReason(), r.detail() + " " + r.faults());
        return g;
    }

    /** Machine frame of the level-{@code level} table on the walk of {@code va} (1 = the L1). */
    static long tableMfn(BootedGuest g, long va, int level) {
        long table = (g.vcpu().cpu().cr3 >>> 12) & 0xFFFFFFFFFFL;
        for (int l = 4; l > level; l--) {
            long e = g.vcpu().cpu().memory.read64((table << 12) + ((va >>> (12 + 9 * (l - 1))) & 511) * 8);
            table = (e >>> 12) & 0xFFFFFFFFFFL;
        }
        return table;
    }

    /** The guest's own virtual address of that table: the initial mapping maps pfn p at virt_base + p * 4 KiB. */
    static long tableVa(BootedGuest g, long va, int level) {
        return PvTestGuest.VIRT_BASE + (g.machine().domain().m2p.get(tableMfn(g, va, level)) << 12);
    }

    static long mfnOf(BootedGuest g, long va) {
        return g.vcpu().guest().translate(va, io.xenscope.mmu.AccessType.READ) >>> 12;
    }

    /** The L1 entry mapping scratch, read from machine memory. */
    static long scratchEntry(BootedGuest g) {
        long scratch = g.symbol("scratch");
        return g.vcpu().cpu().memory.read64((tableMfn(g, scratch, 1) << 12) + ((scratch >>> 12) & 511) * 8);
    }

    static List<MachineEvent.PageTableUpdateRejected> refusals(BootedGuest g) {
        return g.machine().events().stream().filter(e -> e instanceof MachineEvent.PageTableUpdateRejected)
                .map(e -> (MachineEvent.PageTableUpdateRejected) e).toList();
    }

    static final String STORE_NEWPTE = """
            mov l1va(%rip),%rax; add slot(%rip),%rax; mov newpte(%rip),%rbx
            store: mov %rbx,(%rax)
            """;

    @Test
    void aStoreIntoAnL1TableTakesEffectAsAValidatedEntry() {
        BootedGuest g = runToPoweroff(ENABLE_PTWR + STORE_NEWPTE + FLUSH_TLB
                + "mov scratch(%rip),%rbx\nPOWEROFF\n");
        assertEquals(0x5eed, g.reg(RBX), "scratch now maps target");
        long targetMfn = mfnOf(g, g.symbol("target"));
        assertEquals(targetMfn << 12 | PTE_FLAGS | USER | GUEST_KERNEL, scratchEntry(g),
                "adjust_guest_l1e: a kernel entry gains USER and _PAGE_GUEST_KERNEL");
        assertEquals(List.of(), refusals(g));
        assertTrue(g.machine().events().stream().anyMatch(e -> e instanceof MachineEvent.GuestFault f
                && f.emulated() && f.description().contains("writable page tables")));
    }

    @Test
    void withoutTheVmAssistTheStoreIsAPageFault() {
        BootedGuest g = runToPoweroff(STORE_NEWPTE);
        assertEquals(3, g.read64("frame", 16), "present + write, guest kernel mode");
        assertEquals(g.symbol("store"), g.read64("frame", 24), "rip of the store");
        assertTrue(g.machine().events().stream().anyMatch(e -> e instanceof MachineEvent.Hint h
                && h.text().contains("VMASST_TYPE_writable_pagetables")));
    }

    @Test
    void anEntryMappingThePageTableWritableIsRefusedAndTheGuestGetsTheOriginalPageFault() {
        BootedGuest g = boot(ENABLE_PTWR + """
                mov l1va(%rip),%rax; add slot(%rip),%rax; mov selfpte(%rip),%rbx
                store: mov %rbx,(%rax)
                """);
        long before = scratchEntry(g);
        RunReport r = g.run();
        assertEquals(0, r.shutdownReason(), r.detail());
        assertEquals(3, g.read64("frame", 16), "the original error code: present + write");
        assertEquals(g.symbol("store"), g.read64("frame", 24), "rip of the store: it did not retire");
        assertEquals(before, scratchEntry(g), "entry untouched");
        var rej = refusals(g).get(0).rejection();
        assertEquals(PvMmuRule.WRITABLE_MAPPING_OF_PAGE_TABLE, rej.rule());
        assertEquals(-16, rej.errno(), "-EBUSY from get_page_from_l1e");
        assertTrue(rej.explanation().startsWith("ptwr (direct write to an L1 table; the guest gets the #PF)"
                + " failed with -EBUSY"), rej.explanation());
    }

    @Test
    void aStoreIntoAnL2TableIsAPageFaultAsOnXen() {
        BootedGuest g = runToPoweroff(ENABLE_PTWR + """
                mov l2va(%rip),%rax; add $4088,%rax; mov newpte(%rip),%rbx
                store: mov %rbx,(%rax)
                """);
        assertEquals(3, g.read64("frame", 16));
        assertEquals(g.symbol("store"), g.read64("frame", 24));
        assertEquals(List.of(), refusals(g), "ptwr_do_page_fault ignores non-L1 frames silently");
        assertTrue(g.machine().events().stream().anyMatch(e -> e instanceof MachineEvent.Hint h
                && h.text().contains("L2 page table")));
    }

    @Test
    void aFourByteStoreReplacesHalfTheEntry() {
        BootedGuest g = boot(ENABLE_PTWR + """
                mov l1va(%rip),%rax; add slot(%rip),%rax; mov newpte(%rip),%rbx
                movl %ebx,(%rax)
                POWEROFF
                """);
        long before = scratchEntry(g);
        long newpte = g.read64("newpte", 0);
        g.run();
        assertEquals((before & ~0xffffffffL) | (newpte & 0xffffffffL) | USER | GUEST_KERNEL, scratchEntry(g));
    }

    @Test
    void lockCmpxchgReplacesTheEntryWhenItStillHoldsTheExpectedValue() {
        BootedGuest g = runToPoweroff(ENABLE_PTWR + """
                mov l1va(%rip),%rcx; add slot(%rip),%rcx; mov newpte(%rip),%rbx
                mov (%rcx),%rax
                lock cmpxchg %rbx,(%rcx)
                sete %dl; movzbl %dl,%edx
                POWEROFF
                """);
        assertEquals(1, g.reg(2), "ZF set");
        assertEquals(mfnOf(g, g.symbol("target")) << 12 | PTE_FLAGS | USER | GUEST_KERNEL, scratchEntry(g));
    }

    @Test
    void cmpxchgWithAStaleExpectedValueLeavesTheEntryAndLoadsTheCurrentOne() {
        BootedGuest g = boot(ENABLE_PTWR + """
                mov l1va(%rip),%rcx; add slot(%rip),%rcx; mov newpte(%rip),%rbx
                xor %eax,%eax
                lock cmpxchg %rbx,(%rcx)
                sete %dl; movzbl %dl,%edx; mov %rax,%r12
                POWEROFF
                """);
        long before = scratchEntry(g);
        g.run();
        assertEquals(0, g.reg(2), "ZF clear");
        assertEquals(before, g.reg(R12), "the accumulator holds the entry");
        assertEquals(before, scratchEntry(g));
    }

    @Test
    void aReadModifyWriteStoreChangesTheEntryInPlace() {
        BootedGuest g = boot(ENABLE_PTWR + """
                mov l1va(%rip),%rax; add slot(%rip),%rax
                xorq $0x200,(%rax)
                POWEROFF
                """);
        long before = scratchEntry(g);
        g.run();
        assertEquals(before ^ 0x200, scratchEntry(g), "AVAIL bit 9 toggled");
    }

    @Test
    void lockBtrClearsABitOfTheEntryAndReportsItInCarry() {
        // Linux's ptep_set_wrprotect / test_and_clear_bit on a PTE
        BootedGuest g = boot(ENABLE_PTWR + """
                mov l1va(%rip),%rax; add slot(%rip),%rax
                lock btrq $1,(%rax)
                setc %dl; movzbl %dl,%edx
                POWEROFF
                """);
        long before = scratchEntry(g);
        g.run();
        assertEquals(1, g.reg(2), "CF: RW was set");
        assertEquals(before & ~2L, scratchEntry(g));
    }

    @Test
    void aMisalignedStoreIsRefusedWithTheOriginalPageFault() {
        BootedGuest g = runToPoweroff(ENABLE_PTWR + """
                mov l1va(%rip),%rax; add slot(%rip),%rax; mov newpte(%rip),%rbx
                store: mov %rbx,4(%rax)
                """);
        assertEquals(g.symbol("store"), g.read64("frame", 24));
        assertEquals(PvMmuRule.PTWR_BAD_ACCESS, refusals(g).get(0).rejection().rule());
    }
}
