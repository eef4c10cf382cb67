package io.xenscope.xen;

import io.xenscope.xen.mm.M2pTable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The survey in xen.hypercall's package-info as specifications: memory_op, grant_table_op,
 * physdev_op and vm_assist answers that real guests (Mini-OS, Unikraft, Linux) depend on, as
 * xen/common/memory.c, grant_table.c, domain.c and arch/x86/physdev.c give them. PV guests keep
 * rax in %rbx (see HypercallTest).
 */
class SurveyedHypercallsTest {
    static final long EINVAL = -22, EACCES = -13, ENOSYS = -38, EDOM = -33;
    static final String RESERVATION = "res: .quad 0, 1\n .long 0, 0\n .word 0x7ff0\n .skip 6\nlist: .quad 9000\n";
    static final String XATP = "xatp: .word 0x7ff0, 0\n .long 0\n .quad 0, 0x200\n";

    @Test
    void populatePhysmapForAnotherDomainReturnsZeroExtentsNotAnErrno() {
        assertEquals(0, HypercallTest.rbx("""
                mov $6,%edi; lea res(%rip),%rsi; lea list(%rip),%rax; mov %rax,(%rsi); movw $7,24(%rsi)
                HYPERCALL 12; mov %rax,%rbx
                """, RESERVATION));
    }

    @Test
    void populatePhysmapWithNoExtentsLeftReturnsTheStartExtent() {
        assertEquals(1, HypercallTest.rbx("""
                mov $(6 | 1 << 6),%edi; lea res(%rip),%rsi; lea list(%rip),%rax; mov %rax,(%rsi)
                HYPERCALL 12; mov %rax,%rbx
                """, RESERVATION));
    }

    @Test
    void addToPhysmapOfAPvGuestIsEaccesBecauseItIsNotTranslated() {
        assertEquals(EACCES, HypercallTest.rbx("mov $7,%edi; lea xatp(%rip),%rsi; HYPERCALL 12; mov %rax,%rbx", XATP));
    }

    @Test
    void addToPhysmapOfAForeignGmfnIsEnosysBeforeAnyOtherCheck() {
        assertEquals(ENOSYS, HypercallTest.rbx(
                "mov $7,%edi; lea xatp(%rip),%rsi; movl $4,4(%rsi); HYPERCALL 12; mov %rax,%rbx", XATP));
    }

    @Test
    void addToPhysmapWithAContinuationBeyondTheSizeFieldIsEdom() {
        assertEquals(EDOM, HypercallTest.rbx(
                "mov $(7 | 0x10000 << 6),%edi; lea xatp(%rip),%rsi; HYPERCALL 12; mov %rax,%rbx", XATP));
    }

    @Test
    void setupTableTakesExactlyOneOperation() {
        assertEquals(EINVAL, HypercallTest.rbx("""
                mov $2,%edi; lea s(%rip),%rsi; lea fl(%rip),%rax; mov %rax,16(%rsi); mov $2,%edx
                HYPERCALL 20; mov %rax,%rbx
                """, "s: .word 0x7ff0, 0\n .long 1\n .word 0x55, 0, 0, 0\n .quad 0\nfl: .quad 0"));
    }

    @Test
    void querySizeTakesExactlyOneOperation() {
        assertEquals(EINVAL, HypercallTest.rbx("mov $6,%edi; lea q(%rip),%rsi; xor %edx,%edx; HYPERCALL 20; mov %rax,%rbx",
                "q: .word 0x7ff0, 0\n .long 0, 0\n .word 0x55, 0"));
    }

    @Test
    void statusFramesOfAVersionOneTableAreAGeneralError() {
        BootedGuest g = HypercallTest.run(
                "mov $9,%edi; lea sf(%rip),%rsi; mov $1,%edx; HYPERCALL 20; mov %rax,%rbx",
                "sf: .long 1\n .word 0x7ff0, 0x55\n .quad 0");
        assertEquals(0, g.reg(HypercallTest.RBX));
        assertEquals(-1, (short) (g.read64("sf", 0) >>> 48), "GNTST_general_error");
    }

    @Test
    void vmAssistReadsItsTypeAsA32BitValue() {
        BootedGuest g = HypercallTest.run(
                "xor %edi,%edi; movabs $0x100000002,%rsi; HYPERCALL 21; mov %rax,%rbx", "");
        assertEquals(0, g.reg(HypercallTest.RBX));
        assertEquals(true, g.machine().domain().vmAssist(Domain.VMASST_TYPE_WRITABLE_PAGETABLES));
    }

    @Test
    void irqStatusQueryAlwaysAsksAPvGuestToEoi() {
        BootedGuest g = HypercallTest.run(
                "mov $5,%edi; lea q(%rip),%rsi; HYPERCALL 33; mov %rax,%rbx", "q: .long 3, 0x55");
        assertEquals(0, g.reg(HypercallTest.RBX));
        assertEquals(1, (int) (g.read64("q", 0) >>> 32), "XENIRQSTAT_needs_eoi");
    }

    @Test
    void eoiOfAPirqNeverHandedOutIsEinval() {
        assertEquals(EINVAL, HypercallTest.rbx("mov $12,%edi; lea e(%rip),%rsi; HYPERCALL 33; mov %rax,%rbx",
                "e: .long 20"));
    }

    @Test
    void eoiOfAPirqFromGetFreePirqSucceeds() {
        assertEquals(0, HypercallTest.rbx("""
                mov $23,%edi; lea f(%rip),%rsi; HYPERCALL 33
                mov f+4(%rip),%eax; mov %eax,e(%rip)
                mov $12,%edi; lea e(%rip),%rsi; HYPERCALL 33; mov %rax,%rbx
                """, "f: .long 1, 0\ne: .long 0"));
    }

    /** A PVH guest places grant frame 0 with add_to_physmap, then asks setup_table where it is. */
    @Test
    void setupTableOfATranslatedGuestListsTheGfnsWhereTheFramesWerePlaced() {
        BootedGuest b = PvhTestGuest.boot("""
                INSTALL_HYPERCALL_PAGE
                LONG_MODE
                movq $scratch, %rax
                shrq $12, %rax
                movq %rax, atp+16
                movl $7, %edi
                movq $atp, %rsi
                HCALL 12
                movq %rax, res
                movl $2, %edi
                movq $st, %rsi
                movq $fl, st+16
                movl $1, %edx
                HCALL 20
                movq %rax, res+8
                POWEROFF64
                """, "", "res: .quad 0, 0\natp: .word 0x7ff0, 0\n .long 1\n .quad 0, 0\n"
                + "st: .word 0x7ff0, 0\n .long 2\n .word 0x55, 0, 0, 0\n .quad 0\nfl: .quad 0, 0\n");
        RunReport r = b.run();
        assertEquals("poweroff", r.shutdownReasonName(), r.detail());
        assertEquals(0, b.phys64("res", 0), "add_to_physmap(grant_table, 0)");
        assertEquals(0, b.phys64("res", 8), "setup_table");
        assertEquals(0, b.phys64("st", 8) & 0xffff, "GNTST_okay");
        assertEquals(b.symbol("scratch") >>> 12, b.phys64("fl", 0), "frame 0: the gfn it was placed at");
        assertEquals(M2pTable.INVALID_M2P_ENTRY, b.phys64("fl", 8), "frame 1: never placed");
    }
}
