package io.xenscope.boot.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.testing.GnuAssembler;
import io.xenscope.testing.HvmImages;
import io.xenscope.xen.MachineEvent;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.RunReport;
import io.xenscope.xen.XenMachine;
import org.junit.jupiter.api.Test;

/**
 * XenScope's BIOS as a boot sector sees it: each test boots a sector that calls one service, keeps
 * what it returned in registers other than AX (FLAGS in DI through pushf), and ends the run through
 * isa-debug-exit, so the test reads the results from the vCPU and memory. 32 MiB machine.
 */
class BiosTest {
    private static final GnuAssembler AS = GnuAssembler.inTarget();

    private XenMachine machine;
    private RunReport report;

    /** Boots {@code source} (16-bit, at 0000:7C00, DS = ES = 0) with {@code sectors} after it on the disk, and runs it to its exit. */
    private Cpu run(String source, byte[]... sectors) {
        byte[] code = AS.assemble(GnuAssembler.Mode.CODE16, GnuAssembler.Syntax.ATT, source + "\n out %al, $0xf4\n jmp .");
        try {
            machine = XenMachine.bootHvm(HvmImages.bootDisk(code, sectors), PvBootOptions.defaults());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        report = machine.run(1_000_000);
        return machine.vcpu0().cpu();
    }

    private PhysicalMemory memory() {
        return machine.domain().memory();
    }

    private static int reg16(Cpu c, int n) {
        return (int) c.gpr[n] & 0xffff;
    }

    private static boolean carry(Cpu c) {
        return (c.gpr[7] & Flags.CF) != 0;
    }

    @Test
    void int10hTeletypePrintsToTheConsoleAndMovesTheCursor() {
        run("""
                mov $0x0e, %ah
                mov $'H', %al
                int $0x10
                mov $'i', %al
                int $0x10
                mov $'\\r', %al
                int $0x10
                mov $'\\n', %al
                int $0x10
                mov $'!', %al
                int $0x10
                """);
        assertEquals(RunReport.Outcome.DEBUG_EXIT, report.outcome());
        assertEquals("Hi\r\n!", machine.screenOutput());
        assertEquals("", report.console(), "the screen is no console");
        assertEquals(0x0101, memory().read16(0x450), "cursor: row 1, column 1");
        assertTrue(machine.events().stream().anyMatch(e -> e instanceof MachineEvent.ConsoleOutput o && o.source().equals("bios")));
    }

    @Test
    void int10hGetModeSaysTextMode3With80Columns() {
        Cpu c = run("mov $0x0f, %ah\n int $0x10\n mov %ax, %si");
        assertEquals(0x5003, reg16(c, 6));
        assertEquals(0, c.gpr[3] >> 8 & 0xff, "BH = page 0");
    }

    @Test
    void e820ListsTheMemoryMapSeaBiosGivesA32MiBQemuPc() {
        run("""
                xor %ebx, %ebx
                mov $0x8000, %di
                1: mov $0xe820, %eax
                mov $24, %ecx
                mov $0x534d4150, %edx
                int $0x15
                jc 2f
                cmp $0x534d4150, %eax
                jne 2f
                add %cx, %di
                test %ebx, %ebx
                jnz 1b
                2: mov %di, %si
                """);
        Cpu c = machine.vcpu0().cpu();
        assertEquals(0x8000 + 6 * 20, reg16(c, 6), "six 20-byte entries");
        long[][] expected = {
                {0, 0x9fc00, 1}, {0x9fc00, 0x400, 2}, {0xf0000, 0x10000, 2},
                {0x100000, 0x1ee0000, 1}, {0x1fe0000, 0x20000, 2}, {0xfffc0000L, 0x40000, 2}};
        for (int i = 0; i < expected.length; i++) {
            long at = 0x8000 + 20L * i;
            assertEquals(expected[i][0], memory().read64(at), "base of entry " + i);
            assertEquals(expected[i][1], memory().read64(at + 8), "length of entry " + i);
            assertEquals(expected[i][2], memory().read32(at + 16), "type of entry " + i);
        }
    }

    @Test
    void e820WithoutTheSmapSignatureFails() {
        Cpu c = run("xor %ebx, %ebx\n mov $0x8000, %di\n mov $0xe820, %eax\n xor %edx, %edx\n int $0x15\n pushf\n pop %di\n mov %ax, %si");
        assertTrue(carry(c));
        assertEquals(0x86, reg16(c, 6) >> 8);
    }

    @Test
    void memorySizesMatchSeaBiosOnQemu() {
        Cpu c = run("""
                int $0x12
                mov %ax, %bp
                mov $0x88, %ah
                int $0x15
                mov %ax, %si
                mov $0xe801, %ax
                int $0x15
                mov %ax, %di
                """);
        assertEquals(639, reg16(c, 5), "int 12h: KiB below the EBDA");
        assertEquals(0x7b80, reg16(c, 6), "int 15h 88h: KiB above 1 MiB");
        assertEquals(0x3c00, reg16(c, 7), "E801h AX: 15 MiB");
        assertEquals(0x3c00, reg16(c, 1), "E801h CX");
        assertEquals(0xfe, reg16(c, 3), "E801h BX: 64 KiB blocks above 16 MiB");
        assertEquals(0xfe, reg16(c, 2), "E801h DX");
    }

    @Test
    void theBiosDataAreaHasCom1BaseMemoryAndTheEbda() {
        run("nop");
        assertEquals(0x3f8, memory().read16(0x400));
        assertEquals(0x9fc0, memory().read16(0x40e));
        assertEquals(639, memory().read16(0x413));
        assertEquals(1, memory().read8(0x9fc00), "EBDA size in KiB");
    }

    @Test
    void int11hReturnsTheEquipmentWord() {
        Cpu c = run("int $0x11\n mov %ax, %si");
        assertEquals(0x0222, reg16(c, 6));
    }

    @Test
    void int13hChsReadLoadsTheSecondSector() {
        Cpu c = run("""
                mov $0x0201, %ax
                mov $0x0002, %cx
                mov $0x80, %dx
                mov $0x8000, %bx
                int $0x13
                pushf
                pop %di
                mov %ax, %si
                """, HvmImages.sector("second sector"), HvmImages.sector("third sector"));
        assertEquals(0x0001, reg16(c, 6), "AH = 0, AL = one sector read");
        assertTrue(!carry(c));
        byte[] b = new byte[13];
        memory().readBytes(0x8000, b, 0, 13);
        assertEquals("second sector", new String(b));
    }

    @Test
    void int13hLbaReadThroughADiskAddressPacket() {
        Cpu c = run("""
                movw $0x10, 0x600
                movw $1, 0x602
                movw $0x9000, 0x604
                movw $0, 0x606
                movl $2, 0x608
                movl $0, 0x60c
                mov $0x600, %si
                mov $0x42, %ah
                mov $0x80, %dl
                int $0x13
                pushf
                pop %di
                mov %ax, %si
                """, HvmImages.sector("second sector"), HvmImages.sector("third sector"));
        assertTrue(!carry(c));
        assertEquals(0, reg16(c, 6) >> 8);
        byte[] b = new byte[12];
        memory().readBytes(0x9000, b, 0, 12);
        assertEquals("third sector", new String(b));
    }

    @Test
    void int13hReadPastTheEndOfTheDiskFailsWithSectorNotFound() {
        Cpu c = run("mov $0x0201, %ax\n mov $0x0005, %cx\n mov $0x80, %dx\n mov $0x8000, %bx\n int $0x13\n pushf\n pop %di\n mov %ax, %si");
        assertTrue(carry(c));
        assertEquals(0x0400, reg16(c, 6), "AH = 04h, AL = 0 sectors");
    }

    @Test
    void int13hGeometryOfASmallDiskIsSeaBiosGuess() {
        Cpu c = run("mov $0x08, %ah\n mov $0x80, %dl\n int $0x13\n pushf\n pop %di\n mov %ax, %si");
        assertTrue(!carry(c));
        assertEquals(0, reg16(c, 6));
        assertEquals(0x003f, reg16(c, 1), "max cylinder 0, 63 sectors");
        assertEquals(0x0f01, reg16(c, 2), "max head 15, one disk");
    }

    @Test
    void int13hExtensionsCheckAnswersEdd30() {
        Cpu c = run("mov $0x41, %ah\n mov $0x55aa, %bx\n mov $0x80, %dl\n int $0x13\n pushf\n pop %di\n mov %ax, %si");
        assertTrue(!carry(c));
        assertEquals(0x30, reg16(c, 6) >> 8);
        assertEquals(0xaa55, reg16(c, 3));
        assertEquals(0x0007, reg16(c, 1));
    }

    @Test
    void int13hOnADriveThatIsNotThereFails() {
        Cpu c = run("mov $0x0201, %ax\n mov $0x0001, %cx\n mov $0x81, %dx\n mov $0x8000, %bx\n int $0x13\n pushf\n pop %di\n mov %ax, %si");
        assertTrue(carry(c));
        assertEquals(0x01, reg16(c, 6) >> 8);
    }

    @Test
    void int15hA20IsReportedOn() {
        Cpu c = run("mov $0x2402, %ax\n int $0x15\n mov %ax, %si");
        assertEquals(0x0001, reg16(c, 6));
    }

    @Test
    void int15hBlockMoveCopiesAboveOneMebibyte() {
        // GDT at 0x600: source descriptor (entry 2) base 0x8000, destination (entry 3) base 0x200000
        run("""
                movl $0x12345678, 0x8000
                movl $0x9abcdef0, 0x8004
                movw $0xffff, 0x610
                movw $0x8000, 0x612
                movb $0x00, 0x614
                movb $0x93, 0x615
                movw $0xffff, 0x618
                movw $0x0000, 0x61a
                movb $0x20, 0x61c
                movb $0x93, 0x61d
                mov $0x600, %si
                mov $4, %cx
                mov $0x87, %ah
                int $0x15
                """);
        assertEquals(0x9abcdef012345678L, memory().read64(0x200000));
    }

    @Test
    void int15hC0hPointsAtTheConfigurationTable() {
        Cpu c = run("mov $0xc0, %ah\n int $0x15\n mov %es, %si\n mov %es:2(%bx), %bp");
        assertEquals(0xf000, reg16(c, 6));
        assertEquals(0xe6f5, reg16(c, 3));
        assertEquals(0x00fc, reg16(c, 5), "model FC, submodel 0");
    }

    @Test
    void int16hReportsNoKeystroke() {
        Cpu c = run("mov $0x01, %ah\n int $0x16\n pushf\n pop %di");
        assertTrue((c.gpr[7] & Flags.ZF) != 0);
    }

    @Test
    void int16hReadingAKeyBlocksForeverAndTheReportSaysWhy() {
        run("xor %ah, %ah\n int $0x16");
        assertEquals(RunReport.Outcome.BLOCKED_FOREVER, report.outcome());
        assertEquals("vCPU 0 blocked forever: hlt at RIP 0x848 (CS:IP f000:0848) with no timer or interrupt source armed "
                + "(int 16h AH=00h waits for a keystroke, and this machine has no keyboard)", report.hang());
    }

    @Test
    void int1AhTimeAndDateComeFromTheVirtualClock() {
        Cpu c = run("mov $0x02, %ah\n int $0x1a\n mov %cx, %si\n mov %dx, %bp\n mov $0x04, %ah\n int $0x1a\n mov %ax, %di");
        assertEquals(0x0000, reg16(c, 6), "00:00");
        assertEquals(0x0000, reg16(c, 5), "00 seconds");
        assertEquals(0x2024, reg16(c, 1), "century 20, year 24");
        assertEquals(0x0101, reg16(c, 2), "1 January");
        assertEquals(0x0020, reg16(c, 7), "AH = 0, AL = the century, as SeaBIOS");
    }

    @Test
    void anUnsupportedCallFailsWithAh86AndAHint() {
        Cpu c = run("mov $0x00, %ah\n int $0x14\n pushf\n pop %di\n mov %ax, %si");
        assertTrue(carry(c));
        assertEquals(0x86, reg16(c, 6) >> 8);
        assertTrue(machine.events().stream().anyMatch(e -> e instanceof MachineEvent.Hint h
                && h.text().equals("int 14h is not provided by XenScope's BIOS (called from 0000:7c04)")), machine.events().toString());
    }

    @Test
    void aGuestCanHookAVectorAndChainToTheBios() {
        // the new int 10h handler upper-cases the character and calls the BIOS's through the old vector
        run("""
                mov 0x40, %ax
                mov %ax, 0x500
                mov 0x42, %ax
                mov %ax, 0x502
                call 1f
                1: pop %bx
                add $(2f - 1b), %bx
                mov %bx, 0x40
                movw $0, 0x42
                mov $0x0e, %ah
                mov $'x', %al
                int $0x10
                jmp 3f
                2: sub $0x20, %al
                pushf
                lcall *0x500
                iret
                3:
                """);
        assertEquals("X", machine.screenOutput());
    }
}
