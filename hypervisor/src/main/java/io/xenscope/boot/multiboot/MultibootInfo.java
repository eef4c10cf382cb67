package io.xenscope.boot.multiboot;

import io.xenscope.boot.firmware.E820Map;
import io.xenscope.memory.PhysicalMemory;

import java.nio.charset.StandardCharsets;

/**
 * The Multiboot information structure (Multiboot 0.6.96 §3.3), where QEMU's multiboot option ROM
 * puts it: the memory map at 0x9000, the structure at 0x9500; then the boot loader's name and the
 * command line. Flags 0x24F as QEMU's load_multiboot (hw/i386/multiboot.c) sets them: MEM
 * (mem_lower/mem_upper from the memory map, as QEMU computes them), BOOT_DEVICE 0x8000FFFF (BIOS drive
 * 0x80, no partition: QEMU's fixed value), CMDLINE, MODS (none), MMAP (the {@link E820Map}, 24 bytes
 * per entry: size 20, base, length, type) and BOOT_LOADER_NAME "XenScope".
 */
public final class MultibootInfo {
    public static final long MMAP = 0x9000, INFO = 0x9500, NAME = 0x9580, CMDLINE = 0x9600;
    public static final long START = MMAP, END = 0x10000;
    public static final int CMDLINE_MAX = (int) (END - CMDLINE);
    public static final int FLAG_MEM = 1, FLAG_BOOTDEV = 1 << 1, FLAG_CMDLINE = 1 << 2, FLAG_MODS = 1 << 3,
            FLAG_MMAP = 1 << 6, FLAG_LOADER_NAME = 1 << 9;
    public static final int FLAGS = FLAG_MEM | FLAG_BOOTDEV | FLAG_CMDLINE | FLAG_MODS | FLAG_MMAP | FLAG_LOADER_NAME;
    /** Offsets in the structure. */
    public static final int FLAGS_OFF = 0, MEM_LOWER = 4, MEM_UPPER = 8, BOOT_DEVICE = 12, CMDLINE_OFF = 16,
            MODS_COUNT = 20, MODS_ADDR = 24, MMAP_LENGTH = 44, MMAP_ADDR = 48, LOADER_NAME = 64, SIZE = 88;
    public static final String LOADER = "XenScope";
    /** The first BIOS hard disk, whole disk (drive 0x80, part1-3 0xFF). */
    public static final int BOOT_DEVICE_FIRST_HARD_DISK = 0x8000ffff;

    private MultibootInfo() {
    }

    /** Writes the structure and what it points at; returns its physical address (EBX). */
    static long write(PhysicalMemory m, E820Map map, byte[] cmdline) {
        m.fill(START, 0, END - START);
        long at = MMAP;
        for (E820Map.Entry e : map.entries()) {
            m.write32(at, 20);
            m.write64(at + 4, e.base());
            m.write64(at + 12, e.length());
            m.write32(at + 20, e.type());
            at += 24;
        }
        byte[] name = LOADER.getBytes(StandardCharsets.US_ASCII);
        m.writeBytes(NAME, name, 0, name.length);
        m.writeBytes(CMDLINE, cmdline, 0, cmdline.length);
        m.write32(INFO + FLAGS_OFF, FLAGS);
        m.write32(INFO + MEM_LOWER, map.baseMemoryKiB());
        m.write32(INFO + MEM_UPPER, (int) map.upperMemoryKiB());
        m.write32(INFO + BOOT_DEVICE, BOOT_DEVICE_FIRST_HARD_DISK);
        m.write32(INFO + CMDLINE_OFF, (int) CMDLINE);
        m.write32(INFO + MODS_COUNT, 0);
        m.write32(INFO + MODS_ADDR, 0);
        m.write32(INFO + MMAP_LENGTH, (int) (at - MMAP));
        m.write32(INFO + MMAP_ADDR, (int) MMAP);
        m.write32(INFO + LOADER_NAME, (int) NAME);
        return INFO;
    }
}
