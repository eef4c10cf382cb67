package io.xenscope.xen.store;

import static io.xenscope.xen.store.GuestXenbus.concat;
import static io.xenscope.xen.store.GuestXenbus.header;
import static io.xenscope.xen.store.GuestXenbus.raw;
import static io.xenscope.xen.store.GuestXenbus.z;
import static io.xenscope.xen.store.XsAssert.assertError;
import static io.xenscope.xen.store.XsAssert.assertOk;
import static io.xenscope.xen.store.XsAssert.assertReply;
import static io.xenscope.xen.store.XsWire.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XenStoreRingTest {
    private final XsFixture f = new XsFixture();

    @Test
    void introductionAdvertisesTheErrorFeatureAndZeroesIndices() {
        assertEquals(XENSTORE_SERVER_FEATURE_ERROR, f.mem.read32(XsFixture.PAGE + SERVER_FEATURES));
        assertEquals(0, f.guest.reqProd());
        assertEquals(0, f.guest.rspProd());
    }

    @Test
    void requestAndReplySplitAcrossTheRingEnd() {
        f.guest.setIndices(1000);
        assertReply(XS_READ, "guest", f.read("/local/domain/1/name"));
        assertEquals(1000 + 16 + 21, f.guest.reqCons());
    }

    @Test
    void indicesWrapAroundTwoToTheThirtyTwo() {
        f.guest.setIndices(0xfffffff8);
        assertReply(XS_READ, "guest", f.read("name"));
        assertEquals(0xfffffff8 + 16 + 5, f.guest.reqCons());
    }

    @Test
    void requestArrivingInPiecesIsAnsweredOnceComplete() {
        byte[] msg = concat(header(XS_READ, 5, 0, 5), z("name"));
        f.guest.writeRaw(java.util.Arrays.copyOfRange(msg, 0, 7));
        f.ring.onGuestNotify();
        assertNull(f.guest.readOne());
        f.guest.writeRaw(java.util.Arrays.copyOfRange(msg, 7, 18));
        f.ring.onGuestNotify();
        assertNull(f.guest.readOne());
        f.guest.writeRaw(java.util.Arrays.copyOfRange(msg, 18, msg.length));
        f.ring.onGuestNotify();
        assertReply(XS_READ, "guest", f.guest.readOne());
    }

    @Test
    void headerSplitAcrossTheWrapAndTwoNotificationsIsReassembled() {
        f.guest.setIndices(1020);
        byte[] msg = concat(header(XS_READ, 6, 0, 6), z("domid"));
        f.guest.writeRaw(java.util.Arrays.copyOfRange(msg, 0, 10));
        f.ring.onGuestNotify();
        f.guest.writeRaw(java.util.Arrays.copyOfRange(msg, 10, msg.length));
        f.ring.onGuestNotify();
        assertReply(XS_READ, "1", f.guest.readOne());
    }

    @Test
    void severalRequestsInOneNotificationAreAllAnswered() {
        f.guest.xbWrite(XS_READ, 1, 0, z("name"));
        f.guest.xbWrite(XS_READ, 2, 0, z("domid"));
        f.ring.onGuestNotify();
        assertReply(XS_READ, "guest", f.guest.readOne());
        assertReply(XS_READ, "1", f.guest.readOne());
    }

    @Test
    void requestLargerThanTheRingIsReassembled() {
        // 16 + 3200 bytes through a 1024-byte ring: the node-size quota answers, proving it was parsed.
        assertError("ENOSPC", f.write("data/huge", "v".repeat(3180)));
        assertOk(XS_WRITE, f.write("data/after", "ok"));
    }

    @Test
    void maximumPayloadIsAccepted() {
        byte[] path = z("data/m");
        byte[] payload = concat(path, raw("v".repeat(XENSTORE_PAYLOAD_MAX - path.length)));
        assertEquals(XENSTORE_PAYLOAD_MAX, payload.length);
        assertError("ENOSPC", f.guest.call(XS_WRITE, 0, payload));
    }

    @Test
    void replyLargerThanTheRingIsDeliveredInPieces() {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String name = String.format("child-%014d", i);
            f.xs.write("/local/domain/1/data/" + name, "");
            expected.append(name).append('\0');
        }
        assertTrue(expected.length() > XENSTORE_RING_SIZE);
        assertReply(XS_DIRECTORY, expected.toString(), f.directory("data"));
    }

    @Test
    void replyOverThePayloadMaximumIsE2BIG() {
        for (int i = 0; i < 200; i++) {
            f.xs.write(String.format("/local/domain/1/data/a-rather-long-child-name-%04d", i), "");
        }
        assertError("E2BIG", f.directory("data"));
    }

    @Test
    void corruptRequestIndicesStopTheConnectionWithoutAnException() {
        f.mem.write32(XsFixture.PAGE + REQ_PROD, 5000);
        f.ring.onGuestNotify();
        assertEquals(XENSTORE_ERROR_RINGIDX, f.guest.error());
        assertTrue(f.ring.isIgnored());
        assertTrue(f.ignored.get(0).contains("xenstore req ring corrupt"), f.ignored.toString());
    }

    @Test
    void corruptResponseIndicesStopTheConnection() {
        f.mem.write32(XsFixture.PAGE + RSP_CONS, 0x80000000);
        f.guest.xbWrite(XS_READ, 1, 0, z("name"));
        f.ring.onGuestNotify();
        assertEquals(XENSTORE_ERROR_RINGIDX, f.guest.error());
        assertTrue(f.ignored.get(0).contains("xenstore rsp ring corrupt"), f.ignored.toString());
    }

    @Test
    void ignoredConnectionIsNotReadAnymore() {
        f.mem.write32(XsFixture.PAGE + REQ_PROD, 5000);
        f.ring.onGuestNotify();
        f.guest.setIndices(0);
        f.guest.xbWrite(XS_READ, 1, 0, z("name"));
        f.ring.onGuestNotify();
        assertEquals(0, f.guest.reqCons());
        assertNull(f.guest.readOne());
    }

    @Test
    void headerAnnouncingMoreThanThePayloadMaximumIsAProtocolError() {
        f.guest.writeRaw(header(XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1));
        f.ring.onGuestNotify();
        assertEquals(XENSTORE_ERROR_PROTO, f.guest.error());
        assertTrue(f.ignored.get(0).contains("Client tried to feed us 4097"), f.ignored.toString());
    }

    @Test
    void resetRestoresServiceAfterAnError() {
        f.guest.writeRaw(header(XS_READ, 1, 0, -1));
        f.ring.onGuestNotify();
        f.ring.reset();
        assertEquals(XENSTORE_ERROR_NONE, f.guest.error());
        assertReply(XS_READ, "guest", f.read("name"));
    }

    @Test
    void otherDomainsKeepBeingServedWhenOneIsIgnored() {
        GuestXenbus other = f.secondGuest();
        f.guest.writeRaw(header(XS_READ, 1, 0, -1));
        f.ring.onGuestNotify();
        assertReply(XS_READ, "other", other.call(XS_READ, 0, z("name")));
    }

    @Test
    void watchEventsWaitWhenTheResponseRingIsFull() {
        f.watch("data", "t");
        f.events();
        List<XsMessage> all = new ArrayList<>();
        // Fill rsp[] by not reading: 60 writes produce 60 events + 60 replies, far beyond 1024 bytes.
        for (int i = 0; i < 60; i++) {
            f.guest.xbWrite(XS_WRITE, 100 + i, 0, concat(z("data/k" + i), raw("v")));
            f.ring.onGuestNotify();
            XsMessage m;
            while ((m = f.guest.readOne()) != null) {
                all.add(m);
            }
        }
        for (int spin = 0; spin < 100; spin++) {
            f.ring.onGuestNotify();
            XsMessage m;
            while ((m = f.guest.readOne()) != null) {
                all.add(m);
            }
        }
        assertEquals(120, all.size());
    }

    @Test
    void reintroducingADomainReplacesItsConnection() {
        f.watch("data", "old");
        f.events();
        XsDomainRing again = f.xs.attachRing(1, f.mem, XsFixture.PAGE, () -> { });
        GuestXenbus g = new GuestXenbus(f.mem, XsFixture.PAGE, again::onGuestNotify);
        f.xs.write("/local/domain/1/data/x", "1");
        assertReply(XS_READ, "1", g.call(XS_READ, 0, z("data/x")));
        assertEquals(List.of(), g.drainEvents());
    }
}
