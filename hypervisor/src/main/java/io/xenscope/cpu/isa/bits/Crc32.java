package io.xenscope.cpu.isa.bits;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/**
 * CRC32 (SSE4.2, SDM Vol. 2 CRC32): accumulates the source bytes, least significant first, into the
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) held in the low 32 bits of the destination;
 * no initial or final inversion. The result is zero-extended into a 64-bit destination. No flags.
 */
final class Crc32 implements Op {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc >>> 1) ^ ((crc & 1) != 0 ? 0x82F63B78 : 0);
            }
            TABLE[i] = crc;
        }
    }

    private final Location dst, src;

    Crc32(Location dst, Location src) {
        this.dst = dst;
        this.src = src;
    }

    @Override
    public void execute(Cpu c) {
        long v = src.read(c);
        int crc = (int) dst.read(c);
        for (int i = 0; i < src.size(); i++) {
            crc = TABLE[(crc ^ (int) (v >>> (8 * i))) & 0xff] ^ (crc >>> 8);
        }
        dst.write(c, crc & 0xffffffffL);
    }
}
