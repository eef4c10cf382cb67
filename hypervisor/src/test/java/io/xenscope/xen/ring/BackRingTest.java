package io.xenscope.xen.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.memory.PhysicalMemory;
import org.junit.jupiter.api.Test;

class BackRingTest {
    private static final long PAGE = 0x4000;
    private final PhysicalMemory mem = new PhysicalMemory(1 << 16);
    /** blkif: 112-byte union, 32 entries. */
    private final BackRing ring = new BackRing("blkif", mem, PAGE, 112);

    /** Front end, as RING_PUSH_REQUESTS: publish req_prod. */
    private void frontPush(int reqProd) {
        mem.write32(PAGE + BackRing.REQ_PROD, reqProd);
    }

    @Test
    void ringSizeIsThePowerOfTwoThatFitsAfterTheHeader() {
        assertEquals(32, BackRing.ringSize(4096, 112));
        assertEquals(256, BackRing.ringSize(4096, 12));
        assertEquals(32, ring.size());
    }

    @Test
    void requestsBecomeVisibleWhenReqProdMoves() {
        assertEquals(0, ring.unconsumedRequests());
        frontPush(3);
        assertEquals(3, ring.unconsumedRequests());
    }

    @Test
    void requestEntriesFollowTheHeaderAndWrap() {
        assertEquals(PAGE + 64, ring.takeRequest());
        for (int i = 1; i < 32; i++) {
            ring.takeRequest();
        }
        assertEquals(PAGE + 64, ring.takeRequest());
    }

    @Test
    void responsesAreNotifiedWhenTheyPassRspEvent() {
        mem.write32(PAGE + BackRing.RSP_EVENT, 1);
        ring.nextResponseSlot();
        assertTrue(ring.pushResponsesAndCheckNotify());
        assertEquals(1, mem.read32(PAGE + BackRing.RSP_PROD));
    }

    @Test
    void responsesBelowRspEventAreNotNotified() {
        mem.write32(PAGE + BackRing.RSP_EVENT, 5);
        ring.nextResponseSlot();
        assertFalse(ring.pushResponsesAndCheckNotify());
    }

    @Test
    void finalCheckArmsReqEvent() {
        assertFalse(ring.finalCheckForRequests());
        assertEquals(1, mem.read32(PAGE + BackRing.REQ_EVENT));
    }

    @Test
    void reqProdMoreThanARingAheadIsCorrupt() {
        frontPush(33);
        assertEquals(ByteRing.CORRUPT, ring.unconsumedRequests());
        assertEquals("blkif req", ring.corruption().ring());
        assertFalse(ring.finalCheckForRequests());
    }

    @Test
    void unconsumedRequestsAreBoundedByFreeResponseSlots() {
        frontPush(32);
        for (int i = 0; i < 32; i++) {
            ring.takeRequest();
        }
        assertEquals(0, ring.unconsumedRequests());
        ring.nextResponseSlot();
        ring.pushResponsesAndCheckNotify();
        frontPush(33);
        assertEquals(1, ring.unconsumedRequests());
    }
}
