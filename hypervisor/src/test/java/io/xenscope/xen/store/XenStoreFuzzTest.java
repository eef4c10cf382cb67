package io.xenscope.xen.store;

import static io.xenscope.xen.store.GuestXenbus.concat;
import static io.xenscope.xen.store.GuestXenbus.header;
import static io.xenscope.xen.store.GuestXenbus.z;
import static io.xenscope.xen.store.XsAssert.assertReply;
import static io.xenscope.xen.store.XsWire.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and malformed traffic: only protocol answers, never a Java exception, service continues. */
class XenStoreFuzzTest {
    private static final String[] WORDS = {"name", "data", "data/a", "/local/domain/1/data/x", "", "/", "@introduceDomain",
        "control/shutdown", "T", "F", "1", "0", "n1", "r0", "b2", "x9", "data//z", "data/", "a b", "\u00ff", "device",
        "/tool/xenstored", "memory/target", "../etc"};

    private static byte[] randomPayload(Random r) {
        int kind = r.nextInt(4);
        if (kind == 0) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            return b;
        }
        List<byte[]> parts = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String w = WORDS[r.nextInt(WORDS.length)];
            parts.add(r.nextInt(5) == 0 ? GuestXenbus.raw(w) : z(w));
        }
        if (kind == 3) {
            parts.add(GuestXenbus.raw("v".repeat(r.nextInt(3000))));
        }
        return concat(parts.toArray(new byte[0][]));
    }

    @Test
    void randomWellFramedMessagesGetOnlyProtocolAnswers() {
        XsFixture f = new XsFixture();
        Random r = new Random(1234);
        for (int i = 0; i < 3000; i++) {
            int type = r.nextInt(8) == 0 ? r.nextInt() : r.nextInt(26);
            int tx = r.nextInt(6) == 0 ? r.nextInt(4) : 0;
            byte[] payload = randomPayload(r);
            if (payload.length > XENSTORE_PAYLOAD_MAX) {
                continue;
            }
            int reqId = 10_000 + i;
            List<XsMessage> got = new ArrayList<>();
            f.guest.sendChunked(concat(header(type, reqId, tx, payload.length), payload), got);
            XsMessage reply = null;
            for (int spin = 0; reply == null && spin < 50; spin++) {
                for (XsMessage m : got) {
                    if (m.type() != XS_WATCH_EVENT && m.reqId() == reqId) {
                        reply = m;
                    }
                }
                got.clear();
                f.ring.onGuestNotify();
                XsMessage m;
                while ((m = f.guest.readOne()) != null) {
                    got.add(m);
                }
            }
            assertNotNull(reply, "no reply to type " + type);
            assertTrue(reply.type() == type || reply.type() == XS_ERROR, reply.toString());
            assertEquals(tx, reply.txId());
            assertFalse(f.ring.isIgnored());
        }
        assertReply(XS_READ, "guest", f.read("/local/domain/1/name"));
    }

    @Test
    void randomBytesAndBogusIndicesNeverThrowAndServiceResumesAfterReset() {
        XsFixture f = new XsFixture();
        Random r = new Random(99);
        for (int i = 0; i < 500; i++) {
            switch (r.nextInt(3)) {
                case 0 -> {
                    byte[] junk = new byte[r.nextInt(200)];
                    r.nextBytes(junk);
                    int space = XENSTORE_RING_SIZE - (f.guest.reqProd() - f.guest.reqCons());
                    if (space >= 0 && space <= XENSTORE_RING_SIZE) {
                        f.guest.writeRaw(java.util.Arrays.copyOf(junk, Math.min(space, junk.length)));
                    }
                }
                case 1 -> f.mem.write32(XsFixture.PAGE + REQ_CONS + 4L * r.nextInt(4), r.nextInt());
                default -> f.guest.writeRaw(header(r.nextInt(30), i, 0, r.nextBoolean() ? r.nextInt() : r.nextInt(64)));
            }
            f.ring.onGuestNotify();
            while (f.guest.rspProd() - f.guest.rspCons() > 0 && f.guest.rspProd() - f.guest.rspCons() <= 1024
                    && f.guest.readOne() != null) {
                // drain
            }
            if (f.ring.isIgnored()) {
                assertTrue(f.guest.error() == XENSTORE_ERROR_PROTO || f.guest.error() == XENSTORE_ERROR_RINGIDX);
                f.ring.reset();
                f.guest.resetReader();
            }
        }
        f.ring.reset();
        f.guest.resetReader();
        assertReply(XS_READ, "guest", f.read("name"));
    }
}
