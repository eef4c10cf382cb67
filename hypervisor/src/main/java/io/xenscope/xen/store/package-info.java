/**
 * An in-process xenstored speaking the real xs_wire protocol over the real shared page.
 *
 * <p>Behaviour follows the C xenstored (tools/xenstored core.c, watch.c, transaction.c, domain.c):
 * <ul>
 * <li>Errors are XS_ERROR messages whose payload is the errno name plus NUL; an errno missing from
 *     xsd_errors is sent as "EINVAL". Unknown or reply-only message types are ENOSYS; privileged
 *     operations (CONTROL, INTRODUCE, RELEASE, IS_DOMAIN_INTRODUCED, RESUME, SET_TARGET) are EACCES
 *     for a domU; a non-zero tx_id naming no open transaction is ENOENT (WATCH/UNWATCH ignore tx_id).
 * <li>A header announcing more than XENSTORE_PAYLOAD_MAX gets no reply: the connection is ignored
 *     and {@code error} set to XENSTORE_ERROR_PROTO; bad ring indices give XENSTORE_ERROR_RINGIDX.
 *     server_features advertises XENSTORE_SERVER_FEATURE_ERROR only (no reconnection).
 * <li>Missing vs forbidden: a missing node is ENOENT only if the nearest existing ancestor grants
 *     the access asked for, else EACCES. New nodes inherit their parent's permissions, and an
 *     unprivileged creator becomes the owner. Unprivileged domains may not change a node's owner
 *     (EPERM).
 * <li>Watches fire once when set; writes fire watches on the node and its ancestors with the
 *     changed path; rm fires every removed node's exact watches and the subtree root's ancestors.
 *     A watcher needs read access to the node or its parent (or had it before a SET_PERMS).
 *     Relative watches are reported relative to the home. A change's events are queued before
 *     the reply to the request that made it; a WATCH reply precedes its initial event.
 * <li>Transactions record the generation of every node they touch; commit fails with EAGAIN when
 *     one changed, and the transaction is gone either way. Watch events fire at commit.
 * <li>Quotas for unprivileged domains: node size 2048 (header, permissions, data, children),
 *     5 permissions per node, 128 watches (E2BIG), 10 transactions (ENOSPC), 20 unread replies,
 *     path length 2048 below /local/domain/N/ (EINVAL). Replies over 4096 bytes are E2BIG.
 * </ul>
 * Thread safety: every entry point locks the {@link io.xenscope.xen.store.XenStore} instance, so
 * the debugger may query it while the machine runs.
 * Not modelled: the node-count and memory quotas, the write rate limit, the watch event timeout,
 * XS_PERM_IGNORE for non-existent domains, removing a released domain's nodes, and the
 * XS_GET_FEATURE/XS_SET_FEATURE/quota messages of the newest xenstored (answered ENOSYS).
 */
package io.xenscope.xen.store;
