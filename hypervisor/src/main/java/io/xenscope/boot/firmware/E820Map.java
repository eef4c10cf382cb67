package io.xenscope.boot.firmware;

import java.util.List;

/**
 * The BIOS memory map (int 15h E820h, and the Multiboot mmap built from it) for a machine with
 * {@code ramBytes} of RAM below 4 GiB, entry for entry what SeaBIOS reports on QEMU's PC for the
 * same RAM size (checked with qemu-system-x86_64 7.2 and SeaBIOS 1.16, -m 32M and 128M):
 * <pre>
 * 0x00000000 0x0009fc00 RAM         conventional memory below the EBDA
 * 0x0009fc00 0x00000400 reserved    the EBDA
 * 0x000f0000 0x00010000 reserved    the BIOS
 * 0x00100000 ram-1M-128K RAM        extended memory
 * ram-128K   0x00020000 reserved    SeaBIOS's high zone (its tables): kept so the maps agree
 * 0xfffc0000 0x00040000 reserved    the BIOS flash below 4 GiB
 * </pre>
 * (0xA0000-0xEFFFF, the VGA window and option ROMs, is in no entry.) Entries are 20 bytes (base,
 * length, type), as SeaBIOS returns them (ECX = 20).
 */
public record E820Map(List<Entry> entries) {
    public static final int RAM = 1, RESERVED = 2;
    public static final long EBDA = 0x9fc00, HIGH_ZONE = 0x20000, FLASH = 0xfffc0000L;

    public record Entry(long base, long length, int type) {
        public long end() {
            return base + length;
        }
    }

    public static E820Map forRam(long ramBytes) {
        if (ramBytes < 0x200000) {
            throw new IllegalArgumentException("an HVM guest needs at least 2 MiB of RAM");
        }
        return new E820Map(List.of(
                new Entry(0, EBDA, RAM),
                new Entry(EBDA, 0xa0000 - EBDA, RESERVED),
                new Entry(0xf0000, 0x10000, RESERVED),
                new Entry(0x100000, ramBytes - HIGH_ZONE - 0x100000, RAM),
                new Entry(ramBytes - HIGH_ZONE, HIGH_ZONE, RESERVED),
                new Entry(FLASH, 0x1_0000_0000L - FLASH, RESERVED)));
    }

    /** SeaBIOS's RamSize: the end of RAM below 4 GiB that it hands out (int 15h 88h, E801h). */
    public long ramSize() {
        return entries.get(3).end();
    }

    /** Is [base, base + length) inside one RAM entry? */
    public boolean isRam(long base, long length) {
        for (Entry e : entries) {
            if (e.type == RAM && base >= e.base && base + length <= e.end()) {
                return true;
            }
        }
        return false;
    }

    /** KiB of conventional memory (int 12h, BDA 0x413, Multiboot mem_lower): 639. */
    public int baseMemoryKiB() {
        return (int) (EBDA / 1024);
    }

    /** KiB of RAM from 1 MiB to the first hole (Multiboot mem_upper). */
    public long upperMemoryKiB() {
        return (ramSize() - 0x100000) / 1024;
    }
}
