package io.xenscope.xen.store;

/**
 * The debugger's view of xenstored: every request a connection sent, every message queued back to
 * it (replies, errors and watch events) and connections xenstored stopped serving.
 */
public interface XsListener {
    default void request(int domid, XsMessage request) {
    }

    /** A reply, an XS_ERROR or an XS_WATCH_EVENT queued for {@code domid}. */
    default void sent(int domid, XsMessage message) {
    }

    /**
     * xenstored ignores this connection from now on (ignore_connection): bad ring indices
     * (XENSTORE_ERROR_RINGIDX) or a malformed header (XENSTORE_ERROR_PROTO).
     */
    default void connectionIgnored(int domid, int error, String reason) {
    }
}
