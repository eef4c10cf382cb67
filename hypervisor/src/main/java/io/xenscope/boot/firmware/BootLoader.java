package io.xenscope.boot.firmware;

import io.xenscope.cpu.Cpu;

/** What POST boots: it loads the image and sets the registers, then POST jumps to its ROM path. */
public interface BootLoader {
    /**
     * Loads the image into memory and sets the registers the boot hands over; returns the ROM
     * offset of the path POST continues on ({@link BiosRom#BOOT_SECTOR_PATH} or
     * {@link BiosRom#MULTIBOOT_PATH}).
     */
    int load(Cpu cpu, E820Map map);

    /** The boot disk int 13h serves as drive 0x80 (null: none). */
    Disk disk();
}
