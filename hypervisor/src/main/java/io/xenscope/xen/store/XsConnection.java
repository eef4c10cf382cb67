package io.xenscope.xen.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of xenstored: a domain talking over its ring ({@link XsDomainRing}) or an in-process
 * client (the toolstack, the debugger) that exchanges {@link XsMessage}s directly.
 */
public final class XsConnection {
    final XenStore store;
    final int domid;
    final boolean privileged;
    final String home;
    final List<XsWatch> watches = new ArrayList<>();
    final Map<Integer, XsTransaction> transactions = new LinkedHashMap<>();
    final ArrayDeque<Outgoing> out = new ArrayDeque<>();
    int nextTransactionId;
    Integer target;
    /** The transaction of the request being processed (conn->transaction). */
    XsTransaction current;
    XsDomainRing ring;
    boolean ignored;

    static final class Outgoing {
        final XsMessage message;
        final byte[] bytes;
        final boolean watchEvent;
        int written;

        Outgoing(XsMessage message, boolean watchEvent) {
            this.message = message;
            this.bytes = message.toBytes();
            this.watchEvent = watchEvent;
        }
    }

    XsConnection(XenStore store, int domid, boolean privileged) {
        this.store = store;
        this.domid = domid;
        this.privileged = privileged;
        this.home = "/local/domain/" + Integer.toUnsignedString(domid);
    }

    public int domid() {
        return domid;
    }

    public boolean isPrivileged() {
        return privileged;
    }

    public boolean isIgnored() {
        return ignored;
    }

    public List<XsWatch> watches() {
        return Collections.unmodifiableList(watches);
    }

    public int openTransactions() {
        return transactions.size();
    }

    /** In-process clients: process one request now (replies and events queue up for {@link #poll}). */
    public void send(XsMessage request) {
        synchronized (store) {
            store.process(this, request);
            store.flushAll();
        }
    }

    /** In-process clients: the next queued reply or watch event, or null. */
    public XsMessage poll() {
        synchronized (store) {
            Outgoing o = out.pollFirst();
            return o == null ? null : o.message;
        }
    }

    /** Replies (not watch events) queued and not yet fully handed to the guest. */
    int outstanding() {
        int n = 0;
        for (Outgoing o : out) {
            if (!o.watchEvent) {
                n++;
            }
        }
        return n;
    }

    void clearState() {
        watches.clear();
        transactions.clear();
        current = null;
        out.clear();
    }
}
