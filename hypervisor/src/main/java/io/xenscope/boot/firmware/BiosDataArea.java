package io.xenscope.boot.firmware;

import io.xenscope.memory.PhysicalMemory;

/**
 * The BIOS data area at 0x400 and the extended BIOS data area at 0x9FC00 (one KiB below 640 KiB, as
 * SeaBIOS puts it), as POST fills them: what guests read directly instead of calling the BIOS.
 */
public final class BiosDataArea {
    public static final long BDA = 0x400;
    public static final int COM1 = 0x00, EBDA_SEGMENT = 0x0e, EQUIPMENT = 0x10, MEMORY_KIB = 0x13,
            SHIFT_FLAGS = 0x17, VIDEO_MODE = 0x49, COLUMNS = 0x4a, CURSOR = 0x50, CURSOR_SHAPE = 0x60,
            CRTC_PORT = 0x63, TICKS = 0x6c, MIDNIGHT = 0x70, DISK_STATUS = 0x74, HARD_DISKS = 0x75, ROWS = 0x84;
    /**
     * int 11h's equipment word: x87 present (bit 1), initial video 80x25 colour (bits 4-5 = 10b), one
     * serial port (bits 9-11). No floppy, mouse or printer: this machine has none.
     */
    public static final int EQUIPMENT_WORD = 0x0222;
    public static final int EBDA_SEG = 0x9fc0;
    public static final int TEXT_COLUMNS = 80, TEXT_ROWS = 25;

    private BiosDataArea() {
    }

    static void initialise(PhysicalMemory mem, E820Map map, int hardDisks) {
        mem.fill(BDA, 0, 0x100);
        mem.write16(BDA + COM1, 0x3f8);
        mem.write16(BDA + EBDA_SEGMENT, EBDA_SEG);
        mem.write16(BDA + EQUIPMENT, EQUIPMENT_WORD);
        mem.write16(BDA + MEMORY_KIB, map.baseMemoryKiB());
        mem.write8(BDA + VIDEO_MODE, 3);
        mem.write16(BDA + COLUMNS, TEXT_COLUMNS);
        mem.write16(BDA + CURSOR_SHAPE, 0x0607);
        mem.write16(BDA + CRTC_PORT, 0x3d4);
        mem.write8(BDA + ROWS, TEXT_ROWS - 1);
        mem.write8(BDA + HARD_DISKS, hardDisks);
        long ebda = (long) EBDA_SEG << 4;
        mem.fill(ebda, 0, 0x400);
        mem.write8(ebda, 1); // EBDA size in KiB
    }
}
