package io.xenscope.boot.firmware;

import io.xenscope.memory.PhysicalMemory;

import java.nio.charset.StandardCharsets;

/**
 * The 64 KiB BIOS image: real x86 code, mapped at 0xF0000-0xFFFFF (segment F000) and aliased at
 * 0xFFFF0000-0xFFFFFFFF, where the reset vector is (SDM Vol. 3 §9.1.4: the first instruction is
 * fetched at 0xFFFFFFF0). Layout (offsets in segment F000):
 * <pre>
 * 0x0000 + 8v  service stub of vector v:  push %ax; mov $v,%al; out %al,$0xef; pop %ax; iret
 * 0x0800       iret (vectors with no handler, as SeaBIOS)
 * 0x0810       EOI to the master PIC: push %ax; mov $0x20,%al; out %al,$0x20; pop %ax; iret
 * 0x0820       EOI to both PICs (vectors 70h-77h)
 * 0x0840       int 16h: sti; push %ax; 1: mov $0x16,%al; out %al,$0xef; jnc 2f; hlt; jmp 1b; 2: pop %ax; iret
 * 0x0900       boot-sector path: sti; lcall $0,$0x7c00; then "the boot sector returned" (out to 0xee)
 * 0x0940       multiboot path: lgdtl; CR0.PE = 1; ljmpl $8,$pm32; pm32: flat data segments; jmp *%ecx
 * 0x0980       GDT (null, flat 32-bit code 0x08, flat data 0x10) and its descriptor at 0x0998
 * 0xE000       boot vector: the far pointer POST leaves for the ljmp below (a data chunk of its own)
 * 0xE05B       POST: cli; cld; SS = DS = ES = 0, SP = 0x7000; out %al,$0xee (POST in Java); ljmp *%cs:0xE000
 * 0xE6F5       the system configuration table of int 15h AH=C0h (IBM's fixed address, as SeaBIOS)
 * 0xFFF0       reset vector: ljmp $0xf000,$0xe05b; 0xFFF5 the BIOS date; 0xFFFE model byte 0xFC (AT)
 * </pre>
 */
public final class BiosRom {
    public static final long BASE = 0xF0000;
    public static final long HIGH_ALIAS = 0xFFFF0000L;
    public static final int SIZE = 0x10000;
    public static final int SEGMENT = 0xF000;
    /** The firmware's private ports: 0xEF = a BIOS service call (AL = vector), 0xEE = POST and boot events. */
    public static final int CALL_PORT = 0xef, POST_PORT = 0xee;
    /** AL values written to {@link #POST_PORT}. */
    public static final int POST = 0, BOOT_SECTOR_RETURNED = 1;

    public static final int STUBS = 0x0000, IRET = 0x0800, EOI_MASTER = 0x0810, EOI_BOTH = 0x0820,
            INT16 = 0x0840, BOOT_SECTOR_PATH = 0x0900, MULTIBOOT_PATH = 0x0940, GDT = 0x0980, GDT_DESC = 0x0998,
            BOOT_VECTOR = 0xE000, POST_ENTRY = 0xE05B, CONFIG_TABLE = 0xE6F5, RESET_VECTOR = 0xFFF0,
            DATE = 0xFFF5, MODEL = 0xFFFE;
    /** Where the int 16h stub halts waiting for a keystroke. */
    public static final int INT16_HLT;
    /** Selectors of the ROM's GDT (Multiboot: a flat 32-bit code segment, flat data). */
    public static final int CODE32_SEL = 0x08, DATA32_SEL = 0x10;
    /** The stack POST sets up (SeaBIOS's BUILD_STACK_ADDR). */
    public static final int POST_STACK = 0x7000;
    /** SeaBIOS's model byte and BIOS date. */
    public static final int MODEL_AT = 0xFC;
    public static final String DATE_TEXT = "01/01/24";

    private static final byte[] IMAGE;

    static {
        byte[] rom = new byte[SIZE];
        for (int v = 0; v < 256; v++) {
            put(rom, new Code16(STUBS + 8 * v).pushAx().movAl(v).outAl(CALL_PORT).popAx().iret());
        }
        put(rom, new Code16(IRET).iret());
        put(rom, new Code16(EOI_MASTER).pushAx().movAl(0x20).outAl(0x20).popAx().iret());
        put(rom, new Code16(EOI_BOTH).pushAx().movAl(0x20).outAl(0xa0).outAl(0x20).popAx().iret());

        Code16 k = new Code16(INT16).sti().pushAx();
        int retry = k.here();
        k.movAl(0x16).outAl(CALL_PORT);
        int jnc = k.here();
        k.raw(0x73, 0); // patched below
        int hlt = k.here();
        k.hlt().jmpShort(retry);
        int done = k.here();
        k.popAx().iret();
        byte[] kb = k.bytes();
        kb[jnc - INT16 + 1] = (byte) (done - (jnc + 2));
        System.arraycopy(kb, 0, rom, INT16, kb.length);
        INT16_HLT = hlt;

        put(rom, new Code16(BOOT_SECTOR_PATH).sti().lcall(0, 0x7c00).cli().movAl(BOOT_SECTOR_RETURNED)
                .outAl(POST_PORT).hlt().jmpShort(BOOT_SECTOR_PATH + 11));
        Code16 mb = new Code16(MULTIBOOT_PATH).lgdtlCs(GDT_DESC).setCr0Pe();
        int pm32 = mb.here() + 8;
        mb.ljmpl(CODE32_SEL, BASE + pm32).loadFlatData32(DATA32_SEL).jmpEcx32();
        put(rom, mb);
        long[] gdt = {0, 0x00cf9b000000ffffL, 0x00cf93000000ffffL};
        for (int i = 0; i < gdt.length; i++) {
            for (int b = 0; b < 8; b++) {
                rom[GDT + 8 * i + b] = (byte) (gdt[i] >>> (8 * b));
            }
        }
        put(rom, new Code16(GDT_DESC).imm16(8 * gdt.length - 1).imm32(BASE + GDT));

        put(rom, new Code16(POST_ENTRY).cli().cld().xorAxAx().movAxToSs().movSp(POST_STACK).movAxToDs().movAxToEs()
                .outAl(POST_PORT).ljmpIndirectCs(BOOT_VECTOR));
        // int 15h C0h: size 8, model FC, submodel 0, revision 1, feature 1 = EBDA | RTC | second PIC
        put(rom, new Code16(CONFIG_TABLE).imm16(8).raw(MODEL_AT, 0, 1, 0x64, 0, 0, 0, 0));
        put(rom, new Code16(RESET_VECTOR).ljmp(SEGMENT, POST_ENTRY));
        byte[] date = DATE_TEXT.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(date, 0, rom, DATE, date.length);
        rom[MODEL] = (byte) MODEL_AT;
        IMAGE = rom;
    }

    private BiosRom() {
    }

    private static void put(byte[] rom, Code16 code) {
        byte[] b = code.bytes();
        System.arraycopy(b, 0, rom, code.here() - b.length, b.length);
    }

    /** A copy of the ROM image. */
    public static byte[] image() {
        return IMAGE.clone();
    }

    /** Bytes {@code [offset, offset + length)} of the ROM. */
    public static byte[] bytes(int offset, int length) {
        byte[] b = new byte[length];
        System.arraycopy(IMAGE, offset, b, 0, length);
        return b;
    }

    /**
     * Maps the ROM: its bytes at 0xF0000, and the frames at 0xFFFF0000 aliasing them (on a PC the
     * chipset decodes both ranges to the BIOS flash). As on Xen, where hvmloader copies the BIOS
     * into guest RAM, the shadow at 0xF0000 is RAM the guest could write.
     */
    public static void map(PhysicalMemory mem) {
        mem.writeBytes(BASE, IMAGE, 0, SIZE);
        for (int i = 0; i < SIZE / PhysicalMemory.PAGE_SIZE; i++) {
            mem.aliasFrame((HIGH_ALIAS >>> PhysicalMemory.PAGE_SHIFT) + i, (BASE >>> PhysicalMemory.PAGE_SHIFT) + i);
        }
    }

    /** The far pointer (segment:offset) of vector {@code v}'s service stub. */
    public static int stub(int v) {
        return SEGMENT << 16 | (STUBS + 8 * v);
    }

    public static int farPointer(int offset) {
        return SEGMENT << 16 | offset;
    }
}
