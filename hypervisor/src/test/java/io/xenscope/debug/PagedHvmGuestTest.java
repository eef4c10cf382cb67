package io.xenscope.debug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.xenscope.mmu.PagingMode;
import io.xenscope.testing.GnuAssembler;
import io.xenscope.testing.HvmImages;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.XenMachine;
import org.junit.jupiter.api.Test;

/**
 * The debugger's memory on HVM boot sectors that enter protected mode and turn on 32-bit or PAE
 * paging themselves, then stop at a {@code ud2} (a #UD fault filter): the stopped guest's tables are the CPU's own.
 * Both map 0xC0005000 to a frame holding "hell", leave 0xC0006000 unmapped and identity-map the code.
 */
class PagedHvmGuestTest {
    private static final GnuAssembler AS = GnuAssembler.inTarget();
    private static final long VA = 0xc0005000L;

    /** Real mode -> flat 32-bit protected mode (a GDT of code and data), then {@code paging}, then stop. */
    private static DebugSession stoppedAfter(String paging) throws Exception {
        byte[] code = AS.assemble(GnuAssembler.Mode.CODE16, GnuAssembler.Syntax.ATT, """
                pg_s0:
                    ljmp $0x07c0, $(pg_s1 - pg_s0)
                pg_s1:
                    push %cs
                    pop %ds
                    cli
                    lgdtl (pg_gdtr - pg_s0)
                    mov %cr0, %eax
                    or $1, %eax
                    mov %eax, %cr0
                    .byte 0x66, 0xea
                    .long 0x7c00 + (pg_pm - pg_s0)
                    .word 8
                .code32
                pg_pm:
                    mov $0x10, %ax
                    mov %ax, %ds
                    mov %ax, %es
                    mov %ax, %ss
                    movl $0x6c6c6568, 0x1ff010
                """ + paging + """
                    mov %cr0, %eax
                    or $0x80000000, %eax
                    mov %eax, %cr0
                    ud2
                .p2align 3
                pg_gdt:
                    .quad 0
                    .quad 0x00cf9a000000ffff
                    .quad 0x00cf92000000ffff
                pg_gdtr:
                    .word 23
                    .long 0x7c00 + (pg_gdt - pg_s0)
                """);
        DebugSession s = new DebugSession(XenMachine.bootHvm(HvmImages.bootDisk(code), PvBootOptions.defaults()), null);
        s.setFaultStops(java.util.List.of(DebugSession.FaultFilter.vector(6)));
        StopEvent stop = s.resume();
        assertInstanceOf(StopEvent.FaultStop.class, stop, stop::toString);
        return s;
    }

    /** PD at 0x100000: PDE 0 a 4 MiB identity page, PDE 0x300 -> PT at 0x101000, PTE 5 -> frame 0x1ff000. */
    private static DebugSession bits32() throws Exception {
        return stoppedAfter("""
                    movl $0x00000083, 0x100000
                    movl $0x00101003, 0x100000 + 4 * 0x300
                    movl $0x001ff003, 0x101000 + 4 * 5
                    mov $0x100000, %eax
                    mov %eax, %cr3
                    mov %cr4, %eax
                    or $0x10, %eax
                    mov %eax, %cr4
                """);
    }

    /** PDPT at 0x100000: PDPTE 0 -> PD 0x101000 (PDE 0 a 2 MiB identity page), PDPTE 3 -> PD 0x102000 -> PT 0x103000. */
    private static DebugSession pae() throws Exception {
        return stoppedAfter("""
                    movl $0x00101001, 0x100000
                    movl $0x00102001, 0x100000 + 8 * 3
                    movl $0x00000083, 0x101000
                    movl $0x00103003, 0x102000
                    movl $0x001ff003, 0x103000 + 8 * 5
                    mov $0x100000, %eax
                    mov %eax, %cr3
                    mov %cr4, %eax
                    or $0x20, %eax
                    mov %eax, %cr4
                """);
    }

    @Test
    void bits32GuestReadsAMappedAddress() throws Exception {
        DebugSession s = bits32();
        assertEquals(PagingMode.BITS32, PagingMode.of(s.cpu()));
        assertArrayEquals("hell".getBytes(), s.memory().read(VA + 0x10, 4));
    }

    @Test
    void bits32GuestReportsAnUnmappedAddress() throws Exception {
        DebugSession s = bits32();
        assertEquals(-1, s.memory().translate(VA + 0x1000));
        assertEquals("not present at PT[6]", s.memory().walk(VA + 0x1000).fault());
    }

    @Test
    void bits32GuestWalkPrintsPdAndPt() throws Exception {
        assertEquals("""
                walk of 0x00000000c0005010 with cr3 0x100000 (32-bit paging)
                  PD  [ 768] @0x0000100c00 = 0x00101003 P RW S
                  PT  [   5] @0x0000101014 = 0x001ff003 P RW S
                  => physical address 0x1ff010 (4K page)
                """, bits32().memory().describeWalk(VA + 0x10));
    }

    @Test
    void paeGuestReadsAMappedAddress() throws Exception {
        DebugSession s = pae();
        assertEquals(PagingMode.PAE, PagingMode.of(s.cpu()));
        assertArrayEquals("hell".getBytes(), s.memory().read(VA + 0x10, 4));
    }

    @Test
    void paeGuestReportsAnUnmappedAddress() throws Exception {
        DebugSession s = pae();
        assertEquals(-1, s.memory().translate(VA + 0x1000));
        assertEquals("not present at PT[6]", s.memory().walk(VA + 0x1000).fault());
    }

    @Test
    void paeGuestWalkPrintsPdptPdAndPt() throws Exception {
        assertEquals("""
                walk of 0x00000000c0005010 with cr3 0x100000 (PAE paging)
                  PDPT[   3] @0x0000100018 = 0x0000000000102001 P
                  PD  [   0] @0x0000102000 = 0x0000000000103003 P RW S
                  PT  [   5] @0x0000103028 = 0x00000000001ff003 P RW S
                  => physical address 0x1ff010 (4K page)
                """, pae().memory().describeWalk(VA + 0x10));
    }
}
