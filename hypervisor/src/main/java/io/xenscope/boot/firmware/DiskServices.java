package io.xenscope.boot.firmware;

import io.xenscope.memory.PhysicalMemory;

/**
 * int 13h for the boot disk, drive 0x80 (SeaBIOS's disk.c): 00h reset, 01h last status, 02h/03h
 * CHS read/write, 08h geometry, 15h type, 41h extensions check (EDD 3.0), 42h/43h LBA read/write
 * through a disk address packet, 48h drive parameters. Any other drive: AH=01h with CF set, as
 * SeaBIOS answers for a drive it does not have. Status codes: 01h bad parameter, 04h sector not
 * found (a transfer running past the end). Geometry: {@link Disk}; like SeaBIOS, 08h keeps the last cylinder back (maximum cylinder
 * = cylinders - 2) and 15h counts the others.
 */
final class DiskServices implements BiosService {
    static final int EPARAM = 0x01, ENOTFOUND = 0x04, BOOT_DRIVE = 0x80;
    private final Bios bios;
    private final Disk disk;

    DiskServices(Bios bios, Disk disk) {
        this.bios = bios;
        this.disk = disk;
    }

    @Override
    public void call(BiosCall c) {
        if (disk == null || c.dl() != BOOT_DRIVE) {
            status(c, EPARAM);
            return;
        }
        switch (c.ah()) {
            case 0x00 -> status(c, 0);
            case 0x01 -> {
                int last = c.memory().read8(BiosDataArea.BDA + BiosDataArea.DISK_STATUS);
                c.setAh(last);
                c.setCarry(last != 0);
            }
            case 0x02, 0x03 -> chs(c, c.ah() == 0x03);
            case 0x08 -> geometry(c);
            case 0x15 -> {
                long n = (long) (disk.cylinders() - 1) * Disk.HEADS * Disk.SECTORS_PER_TRACK;
                c.setAh(3); // fixed disk
                c.setReg16(1, (int) (n >>> 16));
                c.setReg16(2, (int) n);
                c.setCarry(false);
            }
            case 0x41 -> {
                if (c.bx() != 0x55aa) {
                    status(c, EPARAM);
                    return;
                }
                c.setAh(0x30); // EDD 3.0
                c.setReg16(3, 0xaa55);
                c.setReg16(1, 0x0007); // extended access, removable-media functions, EDD
                c.setCarry(false);
            }
            case 0x42, 0x43 -> lba(c, c.ah() == 0x43);
            case 0x48 -> parameters(c);
            default -> {
                bios.unsupported(c, String.format("int 13h AH=%02Xh", c.ah()));
                status(c, EPARAM);
            }
        }
    }

    private static void status(BiosCall c, int code) {
        c.memory().write8(BiosDataArea.BDA + BiosDataArea.DISK_STATUS, code);
        if (code == 0) {
            c.success();
        } else {
            c.fail(code);
        }
    }

    /** AH=02h/03h: AL sectors from cylinder CH | (CL & 0xC0) << 2, head DH, sector CL & 0x3F, at ES:BX. */
    private void chs(BiosCall c, boolean write) {
        int count = c.al();
        int cylinder = c.ch() | (c.cl() & 0xc0) << 2, head = c.dh(), sector = c.cl() & 0x3f;
        if (count == 0 || count > 128 || sector == 0 || sector > Disk.SECTORS_PER_TRACK || head >= Disk.HEADS
                || cylinder >= disk.cylinders()) {
            status(c, EPARAM);
            return;
        }
        long lba = ((long) cylinder * Disk.HEADS + head) * Disk.SECTORS_PER_TRACK + sector - 1;
        if (transfer(c, lba, count, BiosCall.linear(c.es(), c.bx()), write)) {
            c.setAl(count);
        } else {
            c.setAl(0);
        }
    }

    /**
     * AH=42h/43h: the disk address packet at DS:SI (size 10h: count, buffer seg:off, 64-bit LBA). As
     * SeaBIOS's extended_access: an LBA past the disk is a bad parameter, a count of 0 does nothing.
     */
    private void lba(BiosCall c, boolean write) {
        PhysicalMemory m = c.memory();
        long dap = BiosCall.linear(c.ds(), c.si());
        int count = m.read16(dap + 2);
        long buffer = BiosCall.linear(m.read16(dap + 6), m.read16(dap + 4));
        long lba = m.read64(dap + 8);
        if (Long.compareUnsigned(lba, disk.sectors()) >= 0) {
            status(c, EPARAM);
            return;
        }
        if (count == 0) {
            status(c, 0);
            return;
        }
        if (!transfer(c, lba, count, buffer, write)) {
            m.write16(dap + 2, 0);
        }
    }

    private boolean transfer(BiosCall c, long lba, int count, long buffer, boolean write) {
        if (!disk.has(lba, count)) {
            status(c, ENOTFOUND);
            return false;
        }
        PhysicalMemory m = c.memory();
        if (write) {
            byte[] b = new byte[count * Disk.SECTOR];
            m.readBytes(buffer, b, 0, b.length);
            disk.write(lba, b);
        } else {
            byte[] b = disk.read(lba, count);
            m.writeBytes(buffer, b, 0, b.length);
        }
        status(c, 0);
        return true;
    }

    /** AH=08h: CH/CL maximum cylinder and sector, DH maximum head, DL number of hard disks. */
    private void geometry(BiosCall c) {
        int maxCylinder = Math.max(0, disk.cylinders() - 2);
        c.setAx(0);
        c.setReg16(1, (maxCylinder & 0xff) << 8 | (maxCylinder >>> 8 & 3) << 6 | Disk.SECTORS_PER_TRACK);
        c.setReg16(2, (Disk.HEADS - 1) << 8 | 1);
        status(c, 0);
    }

    /** AH=48h: the EDD 1.x result buffer at DS:SI (26 bytes). */
    private void parameters(BiosCall c) {
        PhysicalMemory m = c.memory();
        long buf = BiosCall.linear(c.ds(), c.si());
        if (m.read16(buf) < 26) {
            status(c, EPARAM);
            return;
        }
        m.write16(buf, 26);
        m.write16(buf + 2, 0x0002); // CHS information valid
        m.write32(buf + 4, disk.cylinders());
        m.write32(buf + 8, Disk.HEADS);
        m.write32(buf + 12, Disk.SECTORS_PER_TRACK);
        m.write64(buf + 16, disk.sectors());
        m.write16(buf + 24, Disk.SECTOR);
        status(c, 0);
    }
}
