package io.xenscope.xen.store;

import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.ring.ByteRing;
import io.xenscope.xen.ring.EventNotifier;
import io.xenscope.xen.ring.RingCorruption;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A domain's connection to xenstored over {@code struct xenstore_domain_interface}: req[1024] @0,
 * rsp[1024] @1024, req_cons @2048, req_prod @2052, rsp_cons @2056, rsp_prod @2060,
 * server_features @2064, connection @2068, error @2072.
 *
 * <p>Requests may arrive in pieces and across the ring's wrap: the header is assembled first, then
 * the payload (handle_input). A header announcing more than XENSTORE_PAYLOAD_MAX, or ring indices
 * no correct guest could produce, make xenstored ignore the connection: {@code error} is set
 * (XENSTORE_ERROR_PROTO / XENSTORE_ERROR_RINGIDX), listeners hear of it, and nothing more is read or
 * written until {@link #reset()}.
 */
public final class XsDomainRing {
    private final XenStore store;
    private final XsConnection conn;
    private final PhysicalMemory mem;
    private final long page;
    private final EventNotifier notifier;
    private final ByteRing req;
    private final ByteRing rsp;
    private final byte[] header = new byte[XsWire.HEADER_SIZE];
    private int headerUsed;
    private byte[] payload;
    private int payloadUsed;
    private boolean moved;

    XsDomainRing(XenStore store, XsConnection conn, PhysicalMemory mem, long page, EventNotifier notifier) {
        this.store = store;
        this.conn = conn;
        this.mem = mem;
        this.page = page;
        this.notifier = notifier;
        this.req = new ByteRing("xenstore req", mem, page + XsWire.REQ, XsWire.XENSTORE_RING_SIZE,
                page + XsWire.REQ_CONS, page + XsWire.REQ_PROD);
        this.rsp = new ByteRing("xenstore rsp", mem, page + XsWire.RSP, XsWire.XENSTORE_RING_SIZE,
                page + XsWire.RSP_CONS, page + XsWire.RSP_PROD);
    }

    public XsConnection connection() {
        return conn;
    }

    public int domid() {
        return conn.domid;
    }

    public boolean isIgnored() {
        return conn.ignored;
    }

    /**
     * domain_conn_reset, as XS_INTRODUCE does: forgets watches, transactions, partial input and
     * queued output, zeroes the four indices, advertises XENSTORE_SERVER_FEATURE_ERROR, clears error.
     */
    public void reset() {
        synchronized (store) {
            resetLocked();
        }
    }

    private void resetLocked() {
        conn.clearState();
        conn.ignored = false;
        headerUsed = 0;
        payload = null;
        payloadUsed = 0;
        mem.write32(page + XsWire.REQ_CONS, 0);
        mem.write32(page + XsWire.REQ_PROD, 0);
        mem.write32(page + XsWire.RSP_CONS, 0);
        mem.write32(page + XsWire.RSP_PROD, 0);
        mem.write32(page + XsWire.SERVER_FEATURES, XsWire.XENSTORE_SERVER_FEATURE_ERROR);
        mem.write32(page + XsWire.ERROR, XsWire.XENSTORE_ERROR_NONE);
    }

    /** The guest sent an event on its xenstore port: read and answer every complete request. */
    public void onGuestNotify() {
        synchronized (store) {
            serve();
        }
    }

    private void serve() {
        if (conn.ignored) {
            return;
        }
        // Bounded: each round consumes input or produces output, and both rings are finite.
        for (int round = 0; round < 100_000 && !conn.ignored; round++) {
            boolean progress = pushOutput();
            if (conn.ignored) {
                break;
            }
            if (canRead()) {
                int got = readInput();
                if (got < 0) {
                    break;
                }
                progress |= got > 0;
            }
            if (!progress) {
                break;
            }
        }
        store.flushAll();
        notifyIfMoved();
    }

    /** domain_can_read: unprivileged domains with too many unread replies are not read from. */
    private boolean canRead() {
        return conn.privileged || conn.outstanding() < XenStore.QUOTA_OUTSTANDING;
    }

    /** Reads what is there; processes a request once complete. Returns bytes read, or -1 if ignored. */
    private int readInput() {
        int total = 0;
        if (payload == null) {
            int n = req.read(header, headerUsed, XsWire.HEADER_SIZE - headerUsed);
            if (n == ByteRing.CORRUPT) {
                corrupt(req.corruption());
                return -1;
            }
            moved |= n > 0;
            total += n;
            headerUsed += n;
            if (headerUsed < XsWire.HEADER_SIZE) {
                return total;
            }
            int len = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
            if (Integer.compareUnsigned(len, XsWire.XENSTORE_PAYLOAD_MAX) > 0) {
                ignore(XsWire.XENSTORE_ERROR_PROTO, "Client tried to feed us " + len
                        + " (header " + headerText() + ")");
                return -1;
            }
            payload = new byte[len];
            payloadUsed = 0;
        }
        int n = req.read(payload, payloadUsed, payload.length - payloadUsed);
        if (n == ByteRing.CORRUPT) {
            corrupt(req.corruption());
            return -1;
        }
        moved |= n > 0;
        total += n;
        payloadUsed += n;
        if (payloadUsed == payload.length) {
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            XsMessage m = new XsMessage(h.getInt(0), h.getInt(4), h.getInt(8), payload);
            headerUsed = 0;
            payload = null;
            payloadUsed = 0;
            store.process(conn, m);
            total++; // a zero-length request still counts as progress
        }
        return total;
    }

    private String headerText() {
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        return String.format("type=%d req_id=%d tx_id=%d len=%s", h.getInt(0), h.getInt(4), h.getInt(8),
                Integer.toUnsignedString(h.getInt(12)));
    }

    /** write_messages: as much queued output as fits into rsp[]; true when anything was written. */
    boolean pushOutput() {
        boolean wrote = false;
        while (!conn.out.isEmpty() && !conn.ignored) {
            XsConnection.Outgoing o = conn.out.peekFirst();
            int n = rsp.write(o.bytes, o.written, o.bytes.length - o.written);
            if (n == ByteRing.CORRUPT) {
                corrupt(rsp.corruption());
                return wrote;
            }
            if (n == 0) {
                break;
            }
            wrote = true;
            moved = true;
            o.written += n;
            if (o.written == o.bytes.length) {
                conn.out.pollFirst();
            }
        }
        return wrote;
    }

    void notifyIfMoved() {
        if (moved) {
            moved = false;
            notifier.notifyGuest();
        }
    }

    private void corrupt(RingCorruption c) {
        ignore(XsWire.XENSTORE_ERROR_RINGIDX, c.describe());
    }

    private void ignore(int error, String reason) {
        // xenstored writes interface->error only when it advertised XENSTORE_SERVER_FEATURE_ERROR.
        mem.write32(page + XsWire.ERROR, error);
        headerUsed = 0;
        payload = null;
        store.ignoreConnection(conn, error, reason);
    }
}
