package io.xenscope.boot.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.testing.GnuAssembler;
import io.xenscope.testing.HvmImages;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.RunReport;
import io.xenscope.xen.XenMachine;
import org.junit.jupiter.api.Test;

/**
 * BIOS calls with garbage arguments answer as SeaBIOS does — CF set and an error code in AH, or a
 * defined result — and the run goes on: a boot sector makes the call, keeps FLAGS in DI and AX in
 * SI, and exits through isa-debug-exit.
 */
class BiosBadArgumentsTest {
    private static final GnuAssembler AS = GnuAssembler.inTarget();
    private XenMachine machine;

    /** Boots {@code setup} then the call {@code int $vector} (16-bit, DS = ES = 0), with a 3-sector disk. */
    private Cpu call(String setup, int vector) {
        byte[] code = AS.assemble(GnuAssembler.Mode.CODE16, GnuAssembler.Syntax.ATT, "xor %bx, %bx\n mov %bx, %ds\n mov %bx, %es\n"
                + setup + String.format("\n int $0x%x\n pushf\n pop %%di\n mov %%ax, %%si\n out %%al, $0xf4\n jmp .", vector));
        try {
            machine = XenMachine.bootHvm(HvmImages.bootDisk(code, new byte[512], new byte[512]), PvBootOptions.defaults());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        RunReport r = machine.run(1_000_000);
        assertEquals(RunReport.Outcome.DEBUG_EXIT, r.outcome(), r.detail());
        return machine.vcpu0().cpu();
    }

    private static boolean carry(Cpu c) {
        return (c.gpr[7] & Flags.CF) != 0;
    }

    private static int ah(Cpu c) {
        return (int) c.gpr[6] >> 8 & 0xff;
    }

    /** A disk address packet at 0000:0600: {@code count} sectors from {@code lba} to {@code seg:off}; DS:SI points at it. */
    private static String dap(int count, int seg, int off, long lba) {
        return String.format("movw $0x10, 0x600\n movw $%d, 0x602\n movw $0x%x, 0x604\n movw $0x%x, 0x606\n"
                + " movl $0x%x, 0x608\n movl $0x%x, 0x60c\n mov $0x600, %%si\n mov $0x80, %%dl\n",
                count, off, seg, (int) lba, (int) (lba >>> 32));
    }

    @Test
    void anLbaReadFromBeyondTheDiskIsABadParameter() {
        Cpu c = call(dap(1, 0x800, 0, 0xffff_ffff_ffffL) + "mov $0x42, %ah", 0x13);
        assertEquals(true, carry(c));
        assertEquals(0x01, ah(c), "SeaBIOS's extended_access: lba >= sectors is DISK_RET_EPARAM");
    }

    @Test
    void anLbaReadOfZeroSectorsSucceedsAndDoesNothing() {
        Cpu c = call(dap(0, 0x800, 0, 1) + "mov $0x42, %ah", 0x13);
        assertEquals(false, carry(c));
        assertEquals(0, ah(c));
    }

    @Test
    void anLbaReadRunningPastTheEndFailsWithSectorNotFoundAndZeroSectorsDone() {
        Cpu c = call(dap(0xffff, 0x800, 0, 1) + "mov $0x42, %ah", 0x13);
        assertEquals(true, carry(c));
        assertEquals(0x04, ah(c));
        assertEquals(0, machine.domain().memory().read16(0x602), "the packet's count: sectors transferred");
    }

    @Test
    void anLbaReadToABufferWrappingPastOneMebibyteLandsAboveIt() {
        // FFFF:FFF0 = linear 0x10FFE0: A20 is on, so the sector goes above 1 MiB, as on SeaBIOS
        Cpu c = call(dap(1, 0xffff, 0xfff0, 0) + "mov $0x42, %ah", 0x13);
        assertEquals(false, carry(c));
        assertEquals(0xaa55, machine.domain().memory().read16(0x10ffe0 + 510), "the boot sector's signature");
    }

    @Test
    void anLbaReadIntoTheVgaWindowSucceedsAndTheWindowStillReadsAllOnes() {
        Cpu c = call(dap(3, 0xa000, 0, 0) + "mov $0x42, %ah", 0x13); // no adapter: nothing decodes 0xA0000-0xEFFFF
        assertEquals(false, carry(c));
        assertEquals(0xffffffffL, machine.domain().memory().read32(0xa0000) & 0xffffffffL);
    }

    @Test
    void aChsReadOfZeroSectorsIsABadParameter() {
        Cpu c = call("mov $0x0200, %ax\n mov $0x0001, %cx\n mov $0x80, %dx\n mov $0x8000, %bx", 0x13);
        assertEquals(true, carry(c));
        assertEquals(0x01, ah(c));
    }

    @Test
    void e820WithAContinuationPastTheMapFailsWithAh86() {
        Cpu c = call("mov $0xe820, %eax\n mov $0x534d4150, %edx\n mov $0x1234, %ebx\n mov $20, %ecx\n mov $0x700, %di", 0x15);
        assertEquals(true, carry(c));
        assertEquals(0x86, ah(c));
    }

    @Test
    void e820WithABufferSmallerThanAnEntryFailsWithAh86() {
        Cpu c = call("mov $0xe820, %eax\n mov $0x534d4150, %edx\n xor %ebx, %ebx\n mov $19, %ecx\n mov $0x700, %di", 0x15);
        assertEquals(true, carry(c));
        assertEquals(0x86, ah(c));
    }

    @Test
    void e820TakesTheContinuationFromBxAsSeaBiosDoes() {
        Cpu c = call("mov $0xe820, %eax\n mov $0x534d4150, %edx\n mov $0x10001, %ebx\n mov $20, %ecx\n mov $0x700, %di", 0x15);
        assertEquals(false, carry(c));
        assertEquals(0x9fc00, machine.domain().memory().read64(0x700), "entry 1 (BX = 1): the EBDA");
        assertEquals(0x10002, c.gpr[3] & 0xffffffffL, "EBX + 1");
    }

    @Test
    void int10hWithAnUnknownFunctionLeavesTheRegistersAsSeaVgaBiosDoes() {
        Cpu c = call("mov $0x5a5a, %ax\n clc", 0x10);
        assertEquals(false, carry(c));
        assertEquals(0x5a5a, c.gpr[6] & 0xffff);
    }
}
