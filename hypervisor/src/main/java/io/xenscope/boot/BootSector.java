package io.xenscope.boot;

import io.xenscope.boot.firmware.BiosRom;
import io.xenscope.boot.firmware.BootLoader;
import io.xenscope.boot.firmware.Disk;
import io.xenscope.boot.firmware.E820Map;
import io.xenscope.cpu.Cpu;

/**
 * A raw disk image whose sector 0 ends with the boot signature 0x55 0xAA (bytes 510-511): the
 * BIOS's boot disk, drive 0x80. POST loads sector 0 at 0000:7C00 and calls it in real mode with
 * DL = 0x80 and AX = 0xAA55 (SeaBIOS's call_boot_entry; every other register 0); int 13h serves the
 * rest of the image.
 */
public final class BootSector implements BootLoader {
    public static final long LOAD_ADDRESS = 0x7c00;
    public static final int BOOT_DRIVE = 0x80;
    private final Disk disk;

    private BootSector(byte[] image) {
        this.disk = new Disk(image);
    }

    /** Does {@code image} carry the boot signature at offset 510? */
    public static boolean hasSignature(byte[] image) {
        return image.length >= 512 && (image[510] & 0xff) == 0x55 && (image[511] & 0xff) == 0xaa;
    }

    /** The boot disk, or the reason {@code image} is not one. */
    public static BootSector of(byte[] image) {
        if (!hasSignature(image)) {
            throw new IllegalArgumentException(problem(image));
        }
        return new BootSector(image);
    }

    public static String problem(byte[] image) {
        if (image.length < 512) {
            return "not a boot disk: " + image.length + " bytes, less than one 512-byte sector";
        }
        return String.format("not a boot disk: no boot signature 0x55 0xAA at offset 510 (found 0x%02x 0x%02x)",
                image[510] & 0xff, image[511] & 0xff);
    }

    @Override
    public Disk disk() {
        return disk;
    }

    @Override
    public int load(Cpu cpu, E820Map map) {
        byte[] sector = disk.read(0, 1);
        cpu.memory.writeBytes(LOAD_ADDRESS, sector, 0, sector.length);
        java.util.Arrays.fill(cpu.gpr, 0, 8, 0);
        cpu.gpr[4] = BiosRom.POST_STACK;
        cpu.gpr[0] = 0xaa55;
        cpu.gpr[2] = BOOT_DRIVE;
        return BiosRom.BOOT_SECTOR_PATH;
    }
}
