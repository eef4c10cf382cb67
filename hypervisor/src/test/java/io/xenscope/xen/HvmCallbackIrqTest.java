package io.xenscope.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.boot.elf.ElfImage;
import org.junit.jupiter.api.Test;

/**
 * HVM_PARAM_CALLBACK_IRQ as an HVM guest on Xen sees it (hvm_set_callback_via, xen/arch/x86/hvm/irq.c):
 * each guest (Multiboot, long mode, shared_info mapped, Xen's timer VIRQ bound and armed 1 ms ahead)
 * sets the callback, programs its interrupt controllers, halts with IF=1 and records the vector its
 * handler ran on and how often. The handler clears evtchn_upcall_pending, then EOIs: Xen lowers a
 * GSI/INTx callback line at that VM exit, so a level-triggered line does not interrupt again.
 */
class HvmCallbackIrqTest {
    private static final String MULTIBOOT_HEADER = "jmp 1f\n .p2align 2\n .long 0x1BADB002, 3, -(0x1BADB002 + 3)\n1:\n";

    /** The local APIC and I/O APIC pages, 2 MiB pages in the fourth GiB (LONG_MODE maps the first). */
    private static final String MAP_APICS = """
                movl $pd3 + 3, pdpt + 24
                movl $0xfec00093, pd3 + 502*8
                movl $0xfee00093, pd3 + 503*8
            """;

    /** A 64-bit interrupt gate for {@code vec} to {@code handler}. */
    private static final String GATE_MACRO = """
            .macro GATE vec:req, handler:req
                movq $\\handler, %rax
                movw %ax, idt + \\vec*16
                movw $0x08, idt + \\vec*16 + 2
                movw $0x8e00, idt + \\vec*16 + 4
                shrq $16, %rax
                movw %ax, idt + \\vec*16 + 6
                shrq $16, %rax
                movl %eax, idt + \\vec*16 + 8
            .endm
            """;

    /** Handlers for the vectors under test: each records its vector, then the common tail. */
    private static final String HANDLERS = """
            cb_handler:
            h_f3: movq $0xf3, vec
                jmp handle
            h_72: movq $0x72, vec
                jmp handle
            h_73: movq $0x73, vec
                jmp handle
            h_50: movq $0x50, vec
                jmp handle
            handle:
                incq count
                movb $0, scratch
                movq $0, scratch+8
                movb $0x20, %al
                outb %al, $0xa0
                outb %al, $0x20
                movl $0xfee000b0, %edx
                movl $0, (%rdx)
                iretq
            """;

    private static final String DATA = PvhTest.EVENT_DATA.replace(" .bss\n", " .data\n")
            + " .data\nvec: .quad 0\ncount: .quad 0\nvirq: .long 0, 0, 0\n"
            + "cbirq: .word 0x7ff0, 0\n .long 0\n .quad CALLBACK\n"
            + " .bss\n .p2align 12\npd3: .skip 4096\n";

    /** Boots a guest that sets CALLBACK_IRQ to {@code callbackIrq} after {@code controllers}; {vector, count}. */
    private static long[] run(long callbackIrq, String controllers) throws Exception {
        byte[] image = PvhTestGuest.build(MULTIBOOT_HEADER + GATE_MACRO + "INSTALL_HYPERCALL_PAGE\n" + MAP_APICS
                + "LONG_MODE\n" + PvhTest.IDT_SETUP + """
                GATE 0xf3, h_f3
                GATE 0x72, h_72
                GATE 0x73, h_73
                GATE 0x50, h_50
                """ + controllers + """
                movl $0, %edi
                movq $cbirq, %rsi
                HCALL 34
                movl $1, %edi
                movq $virq, %rsi
                HCALL 32
                movq $1000000, %rdi
                HCALL 15
                sti
                hlt
                movl $10000, %ecx
            1:  loop 1b
                cli
                POWEROFF64
                """, HANDLERS, DATA.replace("CALLBACK", Long.toString(callbackIrq)));
        XenMachine m = XenMachine.bootHvm(image, PvBootOptions.defaults());
        RunReport r = m.run(5_000_000);
        assertEquals(ShutdownReason.POWEROFF, r.shutdownReason(), r.detail());
        ElfImage elf = ElfImage.parse(image);
        return new long[] {m.domain().memory().read64(elf.symbol("vec").orElseThrow().value()),
                m.domain().memory().read64(elf.symbol("count").orElseThrow().value())};
    }

    /** Masks of the 8259 pair (master at 0x21, slave at 0xA1; the BIOS left the vectors at 08h and 70h). */
    private static String picMasks(int master, int slave) {
        return String.format("movb $0x%x, %%al\n outb %%al, $0x21\n movb $0x%x, %%al\n outb %%al, $0xa1\n", master, slave);
    }

    private static String pciConfigWrite8(int device, int offset, int value) {
        return String.format("movl $0x%x, %%eax\n movw $0xcf8, %%dx\n outl %%eax, %%dx\n movb $%d, %%al\n movw $0x%x, %%dx\n"
                + " outb %%al, %%dx\n", 0x80000000 | device << 11 | offset & 0xfc, value, 0xcfc + (offset & 3));
    }

    /** Local APIC software-enabled; I/O APIC pin {@code gsi} level-triggered, active high, to {@code vector} on APIC 0. */
    private static String ioApicLevel(int gsi, int vector) {
        return mmioWrite(0xfee000f0L, 0x1ff) + mmioWrite(0xfec00000L, 0x11 + 2 * gsi) + mmioWrite(0xfec00010L, 0)
                + mmioWrite(0xfec00000L, 0x10 + 2 * gsi) + mmioWrite(0xfec00010L, 0x8000 | vector);
    }

    private static String mmioWrite(long address, int value) {
        return String.format("movl $0x%x, %%edx\n movl $0x%x, (%%rdx)\n", address, value);
    }

    @Test
    void aCallbackOfTypeVectorArrivesOnThatVector() throws Exception {
        long[] r = run(2L << 56 | 0xf3, picMasks(0xff, 0xff));
        assertEquals(0xf3, r[0]);
        assertEquals(1, r[1]);
    }

    @Test
    void aCallbackOfTypeGsi10ArrivesThroughTheSlave8259OnItsIrq10Vector() throws Exception {
        long[] r = run(10, picMasks(0xfb, 0xfb));
        assertEquals(0x72, r[0], "IRQ 10: the slave's base 70h + 2");
        assertEquals(1, r[1]);
    }

    @Test
    void aCallbackOfTypeGsiAboveTheIsaRangeArrivesThroughTheIoApic() throws Exception {
        long[] r = run(30, picMasks(0xff, 0xff) + ioApicLevel(30, 0x50));
        assertEquals(0x50, r[0]);
        assertEquals(1, r[1], "level-triggered: lowered at the EOI's VM exit, so not delivered again");
    }

    @Test
    void aCallbackOfTypePciIntxDrivesThePlatformDevicesGsi24OnTheIoApic() throws Exception {
        // device 2 (the Xen platform device, devfn 0x10), INTA: hvm_pci_intx_gsi(2, 0) = 24
        long[] r = run(1L << 56 | 2 << 11, picMasks(0xff, 0xff) + ioApicLevel(24, 0x50));
        assertEquals(0x50, r[0]);
        assertEquals(1, r[1]);
    }

    @Test
    void aCallbackOfTypePciIntxFollowsThePiix3LinkRouteToThe8259() throws Exception {
        // device 2 INTA is on link (2 + 0) & 3 = 2 (PIRQC, PIIX3 register 0x62), routed here to ISA IRQ 11
        long[] r = run(1L << 56 | 2 << 11, picMasks(0xfb, 0xf7) + pciConfigWrite8(1, 0x62, 11));
        assertEquals(0x73, r[0], "IRQ 11: the slave's base 70h + 3");
        assertEquals(1, r[1]);
    }

    @Test
    void aCallbackOfTypePciIntxWithoutAnIoApicEntryOrRouteNeverArrives() throws Exception {
        long[] r = run(1L << 56 | 2 << 11, picMasks(0xfb, 0xf7));
        assertEquals(0, r[1], "GSI 24 masked on the I/O APIC and PIRQC disabled: the line goes nowhere");
    }
}
