package io.xenscope.boot.firmware;

import java.util.Arrays;

/**
 * The boot disk (BIOS drive 0x80): the raw image, padded to whole 512-byte sectors, with the
 * geometry QEMU guesses for a disk with no partition table and SeaBIOS reports (hd_geometry_guess:
 * 16 heads, 63 sectors per track, cylinders = sectors / 1008, at least 2). Writes change this copy,
 * never the file.
 */
public final class Disk {
    public static final int SECTOR = 512, HEADS = 16, SECTORS_PER_TRACK = 63;
    private final byte[] data;
    private final long sectors;
    private final int cylinders;

    public Disk(byte[] image) {
        this.sectors = (image.length + SECTOR - 1) / SECTOR;
        this.data = Arrays.copyOf(image, (int) sectors * SECTOR);
        this.cylinders = (int) Math.max(2, Math.min(16383, sectors / (HEADS * SECTORS_PER_TRACK)));
    }

    public long sectors() {
        return sectors;
    }

    public int cylinders() {
        return cylinders;
    }

    public boolean has(long lba, int count) {
        return lba >= 0 && count >= 0 && lba + count <= sectors;
    }

    public byte[] read(long lba, int count) {
        return Arrays.copyOfRange(data, (int) lba * SECTOR, (int) (lba + count) * SECTOR);
    }

    public void write(long lba, byte[] bytes) {
        System.arraycopy(bytes, 0, data, (int) lba * SECTOR, bytes.length);
    }
}
