package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 8259A pair (master 0x20/0x21, slave 0xA0/0xA1, ELCR 0x4D0/0x4D1), seen through the INTR line. */
class DualPicTest {
    private static Pc pcWithPic() {
        Pc pc = new Pc();
        pc.initPic(0x00, 0x00);
        return pc;
    }

    private static void eoi(Pc pc, int port) {
        pc.out(port, 0x20);
    }

    @Test
    void picDeliversIrqAtProgrammedVectorBase() {
        Pc pc = pcWithPic();
        pc.platform.setIrq(1, true);
        assertTrue(pc.pending());
        assertEquals(0x21, pc.acknowledge());
    }

    @Test
    void picMaskedIrqIsNotDelivered() {
        Pc pc = new Pc();
        pc.initPic(0x02, 0x00);
        pc.platform.setIrq(1, true);
        assertFalse(pc.pending());
        assertEquals(0x02, pc.in(0x21), "IMR reads back");
    }

    @Test
    void unmaskingDeliversTheLatchedEdge() {
        Pc pc = new Pc();
        pc.initPic(0x02, 0x00);
        pc.platform.setIrq(1, true);
        pc.out(0x21, 0x00);
        assertTrue(pc.pending());
    }

    @Test
    void acknowledgedIrqIsInServiceUntilEoi() {
        Pc pc = pcWithPic();
        pc.platform.setIrq(3, true);
        pc.acknowledge();
        pc.out(0x20, 0x0b); // OCW3: read ISR
        assertEquals(1 << 3, pc.in(0x20));
        eoi(pc, 0x20);
        assertEquals(0, pc.in(0x20));
    }

    @Test
    void readIrrShowsARequestNotYetAcknowledged() {
        Pc pc = pcWithPic();
        pc.platform.setIrq(5, true);
        pc.out(0x20, 0x0a); // OCW3: read IRR
        assertEquals(1 << 5, pc.in(0x20));
    }

    @Test
    void inServiceIrqBlocksLowerPriorityRequests() {
        Pc pc = pcWithPic();
        pc.platform.setIrq(1, true);
        pc.acknowledge();
        pc.platform.setIrq(4, true);
        assertFalse(pc.pending(), "IRQ 4 waits for IRQ 1's EOI");
        eoi(pc, 0x20);
        assertEquals(0x24, pc.acknowledge());
    }

    @Test
    void higherPriorityIrqNestsOverInService() {
        Pc pc = pcWithPic();
        pc.platform.setIrq(4, true);
        pc.acknowledge();
        pc.platform.setIrq(1, true);
        assertEquals(0x21, pc.acknowledge());
    }

    @Test
    void specificEoiClearsTheNamedIrq() {
        Pc pc = pcWithPic();
        pc.platform.setIrq(4, true);
        pc.acknowledge();
        pc.platform.setIrq(1, true);
        pc.acknowledge();
        pc.out(0x20, 0x64); // specific EOI for IRQ 4
        pc.out(0x20, 0x0b);
        assertEquals(1 << 1, pc.in(0x20));
    }

    @Test
    void slaveIrqCascadesThroughIrq2() {
        Pc pc = pcWithPic();
        pc.platform.setIrq(12, true);
        assertTrue(pc.pending());
        assertEquals(0x2c, pc.acknowledge());
        assertEquals(1 << 4, pc.platform.pic().isr(true));
        assertEquals(1 << 2, pc.platform.pic().isr(false), "master has the cascade in service");
    }

    @Test
    void edgeTriggeredIrqNeedsANewEdge() {
        Pc pc = pcWithPic();
        pc.platform.setIrq(3, true);
        pc.acknowledge();
        eoi(pc, 0x20);
        pc.platform.setIrq(3, true); // still high: no edge
        assertFalse(pc.pending());
    }

    @Test
    void levelTriggeredIrqPerElcrStaysPendingWhileHigh() {
        Pc pc = pcWithPic();
        pc.out(0x4d1, 0x08); // IRQ 11 level
        pc.platform.setIrq(11, true);
        pc.acknowledge();
        eoi(pc, 0xa0);
        eoi(pc, 0x20);
        assertTrue(pc.pending(), "the line is still asserted");
        assertEquals(0x2b, pc.acknowledge());
    }

    @Test
    void elcrCannotMakeTimerOrCascadeLevelTriggered() {
        Pc pc = new Pc();
        pc.out(0x4d0, 0xff);
        pc.out(0x4d1, 0xff);
        assertEquals(0xf8, pc.in(0x4d0));
        assertEquals(0xde, pc.in(0x4d1));
    }

    @Test
    void requestGoneBeforeInterruptAcknowledgeIsSpuriousIrq7() {
        Pc pc = pcWithPic();
        pc.out(0x4d0, 0x20); // IRQ 5 level
        pc.platform.setIrq(5, true);
        pc.platform.setIrq(5, false);
        assertEquals(0x27, pc.platform.pic().acknowledge(), "an INTA cycle finding no request");
        assertEquals(0, pc.platform.pic().isr(false), "a spurious IRQ 7 is not put in service");
    }

    @Test
    void autoEoiLeavesNothingInService() {
        Pc pc = new Pc();
        pc.out(0x20, 0x11);
        pc.out(0x21, 0x30);
        pc.out(0x21, 0x04);
        pc.out(0x21, 0x03); // ICW4: 8086, auto-EOI
        pc.out(0x21, 0x00);
        pc.platform.setIrq(0, true);
        assertEquals(0x30, pc.acknowledge());
        assertEquals(0, pc.platform.pic().isr(false));
    }

    @Test
    void pollCommandReturnsTheHighestRequest() {
        Pc pc = pcWithPic();
        pc.platform.setIrq(6, true);
        pc.out(0x20, 0x0c); // OCW3: poll
        assertEquals(0x86, pc.in(0x20));
        assertEquals(1 << 6, pc.platform.pic().isr(false), "poll acknowledges");
    }

    @Test
    void rotateOnNonSpecificEoiMakesTheServicedIrqLowest() {
        Pc pc = pcWithPic();
        pc.platform.setIrq(1, true);
        pc.acknowledge();
        pc.out(0x20, 0xa0); // rotate on non-specific EOI: IRQ 1 now lowest, IRQ 2 highest
        pc.platform.setIrq(0, true);
        pc.platform.setIrq(3, true);
        assertEquals(0x23, pc.acknowledge());
    }

    @Test
    void requestWithdrawnBeforeAcknowledgeIsForgotten() {
        Pc pc = pcWithPic();
        pc.platform.setIrq(3, true);
        pc.platform.setIrq(3, false);
        assertFalse(pc.pending());
    }

    @Test
    void slaveRequestWithdrawnTakesTheCascadeDown() {
        Pc pc = pcWithPic();
        pc.out(0x4d1, 0x08);
        pc.platform.setIrq(11, true);
        pc.platform.setIrq(11, false);
        assertFalse(pc.pending());
        assertEquals(0, pc.platform.pic().irr(false));
    }

    @Test
    void slaveIrqNeedsTheCascadeUnmaskedOnTheMaster() {
        Pc pc = new Pc();
        pc.initPic(0xff & ~(1 << 4), 0xfe); // IRQ 8 unmasked on the slave, IRQ 2 masked on the master
        pc.platform.setIrq(8, true);
        assertFalse(pc.pending());
    }
}
