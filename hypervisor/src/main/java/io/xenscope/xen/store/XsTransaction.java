package io.xenscope.xen.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One open transaction (transaction.c): every node it touched, with the generation the node had when
 * first touched (or {@link Node#NO_GENERATION}), the transaction's own version of modified nodes, and
 * watch events to fire if it commits. Commit fails with EAGAIN when any touched node's generation in
 * the global store changed meanwhile.
 */
final class XsTransaction {
    static final class Access {
        final long generation;
        final List<XsPermission> originalPerms;
        Node node;
        boolean modified;
        boolean fireWatch;
        boolean watchExact;

        Access(Node original) {
            this.generation = original == null ? Node.NO_GENERATION : original.generation();
            this.originalPerms = original == null ? null : original.perms();
            this.node = original;
        }
    }

    final int id;
    final Map<String, Access> accessed = new LinkedHashMap<>();
    boolean fail;

    XsTransaction(int id) {
        this.id = id;
    }
}
