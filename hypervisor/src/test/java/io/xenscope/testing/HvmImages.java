package io.xenscope.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Tiny HVM boot images built in tests: raw boot disks (sector 0 with the 0x55 0xAA signature, then
 * more sectors), Multiboot headers, and one-segment ELF32/ELF64 executables around assembled code.
 */
public final class HvmImages {
    public static final long MULTIBOOT_MAGIC = 0x1BADB002L;

    private HvmImages() {
    }

    /**
     * A boot disk: {@code code} at the start of sector 0 (loaded at 0000:7C00), the boot signature at
     * 510, then {@code sectors} (each padded to 512 bytes).
     */
    public static byte[] bootDisk(byte[] code, byte[]... sectors) {
        if (code.length > 510) {
            throw new IllegalArgumentException("boot sector code of " + code.length + " bytes does not fit in 510");
        }
        byte[] disk = new byte[512 * (1 + sectors.length)];
        System.arraycopy(code, 0, disk, 0, code.length);
        disk[510] = 0x55;
        disk[511] = (byte) 0xaa;
        for (int i = 0; i < sectors.length; i++) {
            System.arraycopy(sectors[i], 0, disk, 512 * (i + 1), Math.min(512, sectors[i].length));
        }
        return disk;
    }

    /** A 512-byte sector filled with {@code text} (ISO-8859-1), the rest zero. */
    public static byte[] sector(String text) {
        return Arrays.copyOf(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 512);
    }

    /** A Multiboot header: magic, flags, checksum, then {@code addresses} (header, load, load_end, bss_end, entry). */
    public static byte[] multibootHeader(long flags, long... addresses) {
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * addresses.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) MULTIBOOT_MAGIC).putInt((int) flags).putInt((int) -(MULTIBOOT_MAGIC + flags));
        for (long a : addresses) {
            b.putInt((int) a);
        }
        return b.array();
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * An ELF executable (ELFCLASS32 for EM_386, or ELFCLASS64 for EM_X86_64) with one PT_LOAD: the
     * file's bytes from offset 0x1000 ({@code segment}) at virtual {@code vaddr}, physical {@code paddr},
     * {@code memsz} bytes in memory; entry {@code entry}.
     */
    public static byte[] elf(boolean elf64, long vaddr, long paddr, byte[] segment, long memsz, long entry) {
        int ehsize = elf64 ? 64 : 52, phentsize = elf64 ? 56 : 32;
        ByteBuffer b = ByteBuffer.allocate(0x1000 + segment.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (elf64 ? 2 : 1), 1, 1, 0});
        b.position(16);
        b.putShort((short) 2).putShort((short) (elf64 ? 62 : 3)).putInt(1);
        if (elf64) {
            b.putLong(entry).putLong(ehsize).putLong(0);
        } else {
            b.putInt((int) entry).putInt(ehsize).putInt(0);
        }
        b.putInt(0).putShort((short) ehsize).putShort((short) phentsize).putShort((short) 1)
                .putShort((short) (elf64 ? 64 : 40)).putShort((short) 0).putShort((short) 0);
        b.position(ehsize);
        if (elf64) {
            b.putInt(1).putInt(7).putLong(0x1000).putLong(vaddr).putLong(paddr).putLong(segment.length).putLong(memsz)
                    .putLong(0x1000);
        } else {
            b.putInt(1).putInt(0x1000).putInt((int) vaddr).putInt((int) paddr).putInt(segment.length).putInt((int) memsz)
                    .putInt(7).putInt(0x1000);
        }
        b.position(0x1000);
        b.put(segment);
        return b.array();
    }
}
