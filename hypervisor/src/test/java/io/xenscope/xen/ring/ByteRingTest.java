package io.xenscope.xen.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.xenscope.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

class ByteRingTest {
    private final PhysicalMemory mem = new PhysicalMemory(1 << 16);
    private final ByteRing ring = new ByteRing("test", mem, 0x1000, 16, 0x2000, 0x2004);

    private void indices(int cons, int prod) {
        mem.write32(0x2000, cons);
        mem.write32(0x2004, prod);
    }

    @Test
    void writeThenReadRoundTrips() {
        byte[] in = {1, 2, 3};
        assertEquals(3, ring.write(in, 0, 3));
        byte[] out = new byte[3];
        assertEquals(3, ring.read(out, 0, 3));
        assertArrayEquals(in, out);
    }

    @Test
    void writeStopsWhenFull() {
        assertEquals(16, ring.write(new byte[20], 0, 20));
        assertEquals(0, ring.write(new byte[1], 0, 1));
    }

    @Test
    void readOfEmptyRingReturnsZero() {
        assertEquals(0, ring.read(new byte[4], 0, 4));
    }

    @Test
    void dataWrapsAtTheArrayEnd() {
        indices(14, 14);
        byte[] in = {9, 8, 7, 6};
        ring.write(in, 0, 4);
        assertEquals(7, mem.read8(0x1000));
        byte[] out = new byte[4];
        ring.read(out, 0, 4);
        assertArrayEquals(in, out);
    }

    @Test
    void indicesRunFreeAcrossTwoToTheThirtyTwo() {
        indices(0xfffffffe, 0xfffffffe);
        ring.write(new byte[] {1, 2, 3, 4}, 0, 4);
        assertEquals(2, ring.prod());
        assertEquals(4, ring.available());
    }

    @Test
    void prodMoreThanASizeAheadIsCorrupt() {
        indices(0, 17);
        assertEquals(ByteRing.CORRUPT, ring.read(new byte[4], 0, 4));
        assertEquals(17, ring.corruption().prod());
    }

    @Test
    void prodBehindConsIsCorrupt() {
        indices(10, 9);
        assertNotNull(ring.check());
        assertEquals(ByteRing.CORRUPT, ring.write(new byte[1], 0, 1));
    }

    @Test
    void exactlyFullIsSane() {
        indices(0xfffffff8, 8);
        assertNull(ring.check());
        assertEquals(0, ring.space());
    }

    @Test
    void corruptRingIsLeftUntouched() {
        indices(0, 100);
        ring.read(new byte[4], 0, 4);
        assertEquals(0, ring.cons());
    }
}
