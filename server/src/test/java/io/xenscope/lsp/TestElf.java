package io.xenscope.lsp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Minimal ELF64 x86-64 images for tests: one PT_LOAD, optionally a Multiboot header. */
public final class TestElf {
    private TestElf() {
    }

    public static byte[] elf(boolean multiboot) {
        ByteBuffer b = ByteBuffer.allocate(0x1000).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.position(16);
        b.putShort((short) 2).putShort((short) 62).putInt(1).putLong(0x100080L) // type EXEC, x86-64, entry
                .putLong(64).putLong(0).putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1)
                .putShort((short) 64).putShort((short) 0).putShort((short) 0);
        b.position(64);
        b.putInt(1).putInt(5).putLong(0).putLong(0x100000L).putLong(0x100000L).putLong(0x1000).putLong(0x1000).putLong(0x1000);
        if (multiboot) {
            b.position(0x78);
            b.putInt(0x1BADB002).putInt(0).putInt((int) -0x1BADB002L);
        }
        b.position(0x90);
        b.put(new byte[] {(byte) 0xf4, (byte) 0xeb, (byte) 0xfd}); // hlt; jmp .
        return b.array();
    }
}
