package io.xenscope.boot.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.testing.GnuAssembler;
import org.junit.jupiter.api.Test;

/** The ROM's routines are the bytes GNU as makes of the assembly its documentation shows. */
class BiosRomTest {
    private static final GnuAssembler AS = GnuAssembler.inTarget();

    private static void assertRoutine(int offset, String source) {
        byte[] expected = AS.assemble(GnuAssembler.Mode.CODE16, GnuAssembler.Syntax.ATT, source);
        assertArrayEquals(expected, BiosRom.bytes(offset, expected.length), source);
    }

    @Test
    void theResetVectorJumpsToPost() {
        assertRoutine(BiosRom.RESET_VECTOR, "ljmp $0xf000, $0xe05b");
    }

    @Test
    void postSetsAStackCallsTheFirmwareAndJumpsThroughTheBootVector() {
        assertRoutine(BiosRom.POST_ENTRY, """
                cli
                cld
                xor %ax, %ax
                mov %ax, %ss
                mov $0x7000, %sp
                mov %ax, %ds
                mov %ax, %es
                out %al, $0xee
                ljmp *%cs:0xe000
                """);
    }

    @Test
    void eachServiceStubPassesItsVectorToTheFirmwarePort() {
        assertRoutine(BiosRom.STUBS + 8 * 0x13, "push %ax\n mov $0x13, %al\n out %al, $0xef\n pop %ax\n iret");
    }

    @Test
    void hardwareInterruptStubsSendTheEoi() {
        assertRoutine(BiosRom.EOI_MASTER, "push %ax\n mov $0x20, %al\n out %al, $0x20\n pop %ax\n iret");
        assertRoutine(BiosRom.EOI_BOTH, "push %ax\n mov $0x20, %al\n out %al, $0xa0\n out %al, $0x20\n pop %ax\n iret");
    }

    @Test
    void int16hHaltsAndRetriesWhileTheFirmwareSaysWait() {
        assertRoutine(BiosRom.INT16, """
                sti
                push %ax
                1: mov $0x16, %al
                out %al, $0xef
                jnc 2f
                hlt
                jmp 1b
                2: pop %ax
                iret
                """);
        assertEquals(BiosRom.INT16 + 8, BiosRom.INT16_HLT);
    }

    @Test
    void theBootSectorIsCalledWithInterruptsOn() {
        assertRoutine(BiosRom.BOOT_SECTOR_PATH, """
                sti
                lcall $0, $0x7c00
                cli
                mov $1, %al
                out %al, $0xee
                1: hlt
                jmp 1b
                """);
    }

    @Test
    void aMultibootKernelIsEnteredThroughTheRomsGdtIn32BitMode() {
        assertRoutine(BiosRom.MULTIBOOT_PATH, """
                lgdtl %cs:0x998
                mov %cr0, %edx
                or $1, %dl
                mov %edx, %cr0
                ljmpl $8, $0xf0958
                .code32
                mov $0x10, %dx
                mov %dx, %ds
                mov %dx, %es
                mov %dx, %fs
                mov %dx, %gs
                mov %dx, %ss
                jmp *%ecx
                """);
    }

    @Test
    void theModelByteSaysAt() {
        assertEquals(0xfc, BiosRom.bytes(BiosRom.MODEL, 1)[0] & 0xff);
    }
}
