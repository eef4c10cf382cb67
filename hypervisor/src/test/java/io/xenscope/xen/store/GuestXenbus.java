package io.xenscope.xen.store;

import io.xenscope.memory.PhysicalMemory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest side of the xenstore ring, written the way Mini-OS's xenbus.c does it: xb_write copies
 * the header and the request pieces into req[] at MASK(prod), wrapping, and publishes req_prod once
 * for the whole message; the reader waits for a whole header and payload in rsp[], copies them out
 * and advances rsp_cons. {@link #sendChunked} is the Linux-style writer for messages bigger than
 * the ring: it writes what fits, notifies, and continues.
 */
final class GuestXenbus {
    final PhysicalMemory mem;
    final long page;
    final Runnable notify;
    final List<XsMessage> events = new ArrayList<>();
    int nextReqId = 1;

    GuestXenbus(PhysicalMemory mem, long page, Runnable notify) {
        this.mem = mem;
        this.page = page;
        this.notify = notify;
    }

    int reqCons() {
        return mem.read32(page + XsWire.REQ_CONS);
    }

    int reqProd() {
        return mem.read32(page + XsWire.REQ_PROD);
    }

    int rspCons() {
        return mem.read32(page + XsWire.RSP_CONS);
    }

    int rspProd() {
        return mem.read32(page + XsWire.RSP_PROD);
    }

    int error() {
        return mem.read32(page + XsWire.ERROR);
    }

    /** Places all four indices at {@code idx} (a sane, empty ring), e.g. just before a wrap. */
    void setIndices(int idx) {
        mem.write32(page + XsWire.REQ_CONS, idx);
        mem.write32(page + XsWire.REQ_PROD, idx);
        mem.write32(page + XsWire.RSP_CONS, idx);
        mem.write32(page + XsWire.RSP_PROD, idx);
    }

    static byte[] header(int type, int reqId, int txId, int len) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(reqId).putInt(txId)
                .putInt(len).array();
    }

    /** Mini-OS xb_write: the whole message at once (it must fit the ring). Does not notify. */
    void xbWrite(int type, int reqId, int txId, byte[] payload) {
        byte[] msg = concat(header(type, reqId, txId, payload.length), payload);
        if (msg.length > XsWire.XENSTORE_RING_SIZE) {
            throw new IllegalArgumentException("Mini-OS BUG_ON(len > XENSTORE_RING_SIZE)");
        }
        int prod = reqProd();
        if (Integer.toUnsignedLong(prod + msg.length - reqCons()) > XsWire.XENSTORE_RING_SIZE) {
            throw new IllegalStateException("ring full: Mini-OS would wait here");
        }
        putBytes(prod, msg, 0, msg.length);
        mem.write32(page + XsWire.REQ_PROD, prod + msg.length);
    }

    /** Copies raw bytes into req[] at req_prod (wrapping) and publishes them: no framing at all. */
    void writeRaw(byte[] bytes) {
        int prod = reqProd();
        putBytes(prod, bytes, 0, bytes.length);
        mem.write32(page + XsWire.REQ_PROD, prod + bytes.length);
    }

    private void putBytes(int prod, byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            mem.write8(page + XsWire.REQ + ((prod + i) & (XsWire.XENSTORE_RING_SIZE - 1)), b[off + i]);
        }
    }

    /** Linux-style: writes as much as fits, notifies, repeats; collects replies meanwhile. */
    void sendChunked(byte[] msg, List<XsMessage> replies) {
        int off = 0;
        for (int spins = 0; off < msg.length; spins++) {
            if (spins > 10_000) {
                throw new IllegalStateException("xenstored stopped consuming");
            }
            int space = XsWire.XENSTORE_RING_SIZE - (reqProd() - reqCons());
            int n = Math.min(space, msg.length - off);
            if (n > 0) {
                int prod = reqProd();
                putBytes(prod, msg, off, n);
                mem.write32(page + XsWire.REQ_PROD, prod + n);
                off += n;
            }
            notify.run();
            XsMessage m;
            while ((m = readOne()) != null) {
                replies.add(m);
            }
        }
    }

    private final byte[] rspHeader = new byte[16];
    private int rspHeaderUsed;
    private byte[] rspPayload;
    private int rspPayloadUsed;

    /**
     * Consumes what rsp[] holds and returns a message once complete, else null. Like the Linux and
     * current Mini-OS readers it copies partial data out and advances rsp_cons as it goes, so replies
     * bigger than the ring get through.
     */
    /** Forgets a partially read reply (after the daemon reset the ring). */
    void resetReader() {
        rspHeaderUsed = 0;
        rspPayload = null;
    }

    XsMessage readOne() {
        while (true) {
            int cons = rspCons();
            int avail = rspProd() - cons;
            if (avail <= 0 || avail > XsWire.XENSTORE_RING_SIZE) {
                return null;
            }
            if (rspPayload == null) {
                int n = Math.min(avail, 16 - rspHeaderUsed);
                System.arraycopy(getBytes(cons, n), 0, rspHeader, rspHeaderUsed, n);
                rspHeaderUsed += n;
                mem.write32(page + XsWire.RSP_CONS, cons + n);
                if (rspHeaderUsed < 16) {
                    return null;
                }
                int len = ByteBuffer.wrap(rspHeader).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
                rspPayload = new byte[len];
                rspPayloadUsed = 0;
            } else {
                int n = Math.min(avail, rspPayload.length - rspPayloadUsed);
                System.arraycopy(getBytes(cons, n), 0, rspPayload, rspPayloadUsed, n);
                rspPayloadUsed += n;
                mem.write32(page + XsWire.RSP_CONS, cons + n);
            }
            if (rspPayload != null && rspPayloadUsed == rspPayload.length) {
                ByteBuffer hb = ByteBuffer.wrap(rspHeader).order(ByteOrder.LITTLE_ENDIAN);
                XsMessage m = new XsMessage(hb.getInt(0), hb.getInt(4), hb.getInt(8), rspPayload);
                rspHeaderUsed = 0;
                rspPayload = null;
                return m;
            }
        }
    }

    private byte[] getBytes(int idx, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) mem.read8(page + XsWire.RSP + ((idx + i) & (XsWire.XENSTORE_RING_SIZE - 1)));
        }
        return out;
    }

    /**
     * Sends a request (pieces as Mini-OS's write_req vector), notifies, and returns the reply with
     * its req_id; watch events that arrive meanwhile go to {@link #events}. Reads big replies in
     * pieces, notifying after each consumption as the guest's xenbus thread does.
     */
    XsMessage call(int type, int txId, byte[]... pieces) {
        int reqId = nextReqId++;
        byte[] payload = concat(pieces);
        if (16 + payload.length <= XsWire.XENSTORE_RING_SIZE) {
            xbWrite(type, reqId, txId, payload);
            notify.run();
            return awaitReply(reqId);
        }
        List<XsMessage> got = new ArrayList<>();
        sendChunked(concat(header(type, reqId, txId, payload.length), payload), got);
        for (XsMessage m : got) {
            if (m.type() == XsWire.XS_WATCH_EVENT) {
                events.add(m);
            } else if (m.reqId() == reqId) {
                return m;
            }
        }
        return awaitReply(reqId);
    }

    XsMessage awaitReply(int reqId) {
        for (int spins = 0; spins < 1000; spins++) {
            XsMessage m;
            while ((m = readOne()) != null) {
                if (m.type() == XsWire.XS_WATCH_EVENT) {
                    events.add(m);
                } else if (m.reqId() == reqId) {
                    notify.run();
                    return m;
                }
            }
            notify.run();
        }
        return null;
    }

    /** Drains pending messages (watch events) into {@link #events}. */
    List<XsMessage> drainEvents() {
        XsMessage m;
        while ((m = readOne()) != null) {
            if (m.type() == XsWire.XS_WATCH_EVENT) {
                events.add(m);
            }
        }
        List<XsMessage> got = new ArrayList<>(events);
        events.clear();
        return got;
    }

    // ---- argument helpers as Mini-OS builds them ----

    /** A string with its NUL (strlen + 1). */
    static byte[] z(String s) {
        return (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A string without NUL (the value of XS_WRITE). */
    static byte[] raw(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    static String text(XsMessage m) {
        return new String(m.payload(), StandardCharsets.ISO_8859_1);
    }
}
