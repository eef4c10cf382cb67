package io.xenscope.boot;

import io.xenscope.cpu.SegmentRegister;
import io.xenscope.memory.PhysicalMemory;

/**
 * A minimal flat GDT (base 0, limit 4 GiB) written into guest memory, so that a guest which reloads
 * a segment register, or returns with iret, finds the same descriptors the loader put in the caches.
 */
public final class FlatGdt {
    public static final int NULL = 0x00, CODE64 = 0x08, CODE32 = 0x10, DATA = 0x18, CODE16 = 0x20;
    /** Bytes the table occupies: five 8-byte descriptors. */
    public static final int SIZE = 5 * 8;

    /** Access-rights attributes (VMX layout, as {@link SegmentRegister} stores them) of each descriptor. */
    public static final int CODE64_ATTR = present(SegmentRegister.TYPE_CODE | SegmentRegister.TYPE_RW) | SegmentRegister.L
            | SegmentRegister.G;
    public static final int CODE32_ATTR = present(SegmentRegister.TYPE_CODE | SegmentRegister.TYPE_RW) | SegmentRegister.DB
            | SegmentRegister.G;
    public static final int CODE16_ATTR = present(SegmentRegister.TYPE_CODE | SegmentRegister.TYPE_RW);
    public static final int DATA_ATTR = present(SegmentRegister.TYPE_RW) | SegmentRegister.DB | SegmentRegister.G;

    private FlatGdt() {
    }

    private static int present(int type) {
        return SegmentRegister.P | SegmentRegister.S | SegmentRegister.TYPE_ACCESSED | type;
    }

    /** Writes the table at {@code base}. */
    public static void write(PhysicalMemory memory, long base) {
        memory.write64(base + NULL, 0);
        memory.write64(base + CODE64, descriptor(0, 0xfffff, CODE64_ATTR));
        memory.write64(base + CODE32, descriptor(0, 0xfffff, CODE32_ATTR));
        memory.write64(base + DATA, descriptor(0, 0xfffff, DATA_ATTR));
        memory.write64(base + CODE16, descriptor(0, 0xffff, CODE16_ATTR));
    }

    /** Encodes a segment descriptor (SDM Vol. 3 §3.4.5) from a raw 20-bit limit and VMX-layout attributes. */
    public static long descriptor(long base, long rawLimit, int attributes) {
        long d = rawLimit & 0xffff;
        d |= (base & 0xffffff) << 16;
        d |= (long) (attributes & 0xff) << 40;
        d |= ((rawLimit >>> 16) & 0xf) << 48;
        d |= (long) ((attributes >>> 12) & 0xf) << 52;
        d |= ((base >>> 24) & 0xff) << 56;
        return d;
    }
}
