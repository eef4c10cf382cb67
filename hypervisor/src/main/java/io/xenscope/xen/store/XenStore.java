package io.xenscope.xen.store;

import static io.xenscope.xen.store.XsErrno.*;
import static io.xenscope.xen.store.XsWire.*;

import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.ring.EventNotifier;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process xenstored: the tree of nodes with per-node permissions, watches, transactions and the
 * xs_wire protocol, answering exactly what the C xenstored (tools/xenstored) answers: same replies,
 * same errno names, same quotas for unprivileged domains, same order of replies and watch events.
 *
 * <p>Domains connect through their shared page with {@link #attachRing}; the toolstack and debugger
 * use {@link #connect} or the privileged helpers ({@link #write}, {@link #mkdir}, ...). Single
 * threaded: call it from the machine's thread.
 */
public final class XenStore {
    // Default hard quotas of xenstored (domain.c) applied to unprivileged domains.
    public static final int QUOTA_WATCHES = 128;
    public static final int QUOTA_OUTSTANDING = 20;
    public static final int QUOTA_TRANSACTIONS = 10;
    public static final int QUOTA_NODE_PERMS = 5;
    public static final int QUOTA_PATH = XENSTORE_REL_PATH_MAX;
    public static final int QUOTA_NODE_SIZE = 2048;

    private static final int FLAG_NOTID = 1;
    private static final int FLAG_PRIV = 2;

    private final Map<String, Node> nodes = new HashMap<>();
    private final List<XsConnection> connections = new ArrayList<>();
    private final Set<Integer> introduced = new HashSet<>();
    private final List<XsListener> listeners = new CopyOnWriteArrayList<>();
    private final XsConnection toolstack;
    private long generation;
    private int toolReqId;

    public XenStore() {
        toolstack = new XsConnection(this, 0, true);
        setupStructure();
    }

    private void setupStructure() {
        List<XsPermission> p = List.of(XsPermission.none(0));
        putGlobal(new Node("/", new byte[0], p, List.of("tool"), 0));
        putGlobal(new Node("/tool", new byte[0], p, List.of("xenstored"), 0));
        putGlobal(new Node("/tool/xenstored", new byte[0], p, List.of(), 0));
        putGlobal(new Node("@releaseDomain", new byte[0], p, List.of(), 0));
        putGlobal(new Node("@introduceDomain", new byte[0], p, List.of(), 0));
    }

    public void addListener(XsListener l) {
        listeners.add(l);
    }

    public void removeListener(XsListener l) {
        listeners.remove(l);
    }

    // ---- connections -----------------------------------------------------------------------------

    /** An in-process client for {@code domid} (privileged when domid is 0). */
    public synchronized XsConnection connect(int domid) {
        XsConnection c = new XsConnection(this, domid, domid == 0);
        connections.add(c);
        return c;
    }

    /**
     * Introduces a domain whose xenstore page is at guest-physical {@code page} (XS_INTRODUCE as the
     * toolstack does after building it): resets the ring indices, advertises the features of the C
     * xenstored (XENSTORE_SERVER_FEATURE_ERROR), and returns the ring the hypervisor drives with
     * {@link XsDomainRing#onGuestNotify()}. Fires @introduceDomain.
     */
    public synchronized XsDomainRing attachRing(int domid, PhysicalMemory mem, long page, EventNotifier notifier) {
        // Introducing a domain again replaces its ring connection (and forgets its watches).
        connections.removeIf(x -> {
            if (x.domid == domid && x.ring != null) {
                x.clearState();
                x.ignored = true;
                return true;
            }
            return false;
        });
        XsConnection c = connect(domid);
        XsDomainRing r = new XsDomainRing(this, c, mem, page, notifier);
        c.ring = r;
        r.reset();
        if (introduced.add(domid) && domid != 0) {
            fireSpecial("@introduceDomain");
            flushAll();
        }
        return r;
    }

    /** Drops a domain (XS_RELEASE): its connection, watches and transactions; fires @releaseDomain. */
    public synchronized void releaseDomain(int domid) {
        connections.removeIf(c -> {
            if (c.domid == domid) {
                c.clearState();
                return true;
            }
            return false;
        });
        if (introduced.remove(domid)) {
            fireSpecial("@releaseDomain");
            flushAll();
        }
    }

    public synchronized boolean isIntroduced(int domid) {
        return introduced.contains(domid);
    }

    void ignoreConnection(XsConnection c, int error, String reason) {
        c.ignored = true;
        c.clearState();
        for (XsListener l : listeners) {
            l.connectionIgnored(c.domid, error, reason);
        }
    }

    // ---- toolstack (privileged, dom0) helpers ------------------------------------------------------

    /** Writes a node as the toolstack (dom0) would; returns null or the error. */
    public synchronized XsErrno write(String path, String value) {
        byte[] p = XsStrings.nul(path);
        byte[] v = XsStrings.bytes(value);
        byte[] payload = new byte[p.length + v.length];
        System.arraycopy(p, 0, payload, 0, p.length);
        System.arraycopy(v, 0, payload, p.length, v.length);
        return errorOf(tool(XS_WRITE, payload));
    }

    public synchronized XsErrno mkdir(String path) {
        return errorOf(tool(XS_MKDIR, XsStrings.nul(path)));
    }

    public synchronized XsErrno rm(String path) {
        return errorOf(tool(XS_RM, XsStrings.nul(path)));
    }

    public synchronized XsErrno setPerms(String path, XsPermission... perms) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(XsStrings.nul(path));
        for (XsPermission p : perms) {
            b.writeBytes(XsStrings.nul(p.toString()));
        }
        return errorOf(tool(XS_SET_PERMS, b.toByteArray()));
    }

    /** The value of a node, or null when it does not exist. Reads the global store directly. */
    public synchronized String read(String path) {
        Node n = nodes.get(path);
        return n == null ? null : XsStrings.str(n.data(), 0, n.data().length);
    }

    /** The children of a node, or null when it does not exist. */
    public synchronized List<String> directory(String path) {
        Node n = nodes.get(path);
        return n == null ? null : n.children();
    }

    public synchronized List<XsPermission> perms(String path) {
        Node n = nodes.get(path);
        return n == null ? null : n.perms();
    }

    public synchronized int nodeCount() {
        return nodes.size();
    }

    private XsMessage tool(int type, byte[] payload) {
        process(toolstack, new XsMessage(type, ++toolReqId, 0, payload));
        XsMessage reply = null;
        XsMessage m;
        while ((m = toolstack.poll()) != null) {
            reply = m;
        }
        flushAll();
        return reply;
    }

    private static XsErrno errorOf(XsMessage reply) {
        if (reply == null || reply.type() != XS_ERROR) {
            return null;
        }
        String name = XsStrings.first(reply.payload());
        try {
            return XsErrno.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return EIO;
        }
    }

    // ---- the store -------------------------------------------------------------------------------

    /** Where an operation reads and writes: the global tree, or a transaction's view of it. */
    private interface Db {
        Node get(String name);

        void put(Node n);

        void delete(String name);
    }

    private final Db global = new Db() {
        @Override
        public Node get(String name) {
            return nodes.get(name);
        }

        @Override
        public void put(Node n) {
            putGlobal(n);
        }

        @Override
        public void delete(String name) {
            nodes.remove(name);
        }
    };

    private void putGlobal(Node n) {
        nodes.put(n.name(), n.withGeneration(++generation));
    }

    private final class TransactionDb implements Db {
        final XsTransaction t;

        TransactionDb(XsTransaction t) {
            this.t = t;
        }

        XsTransaction.Access access(String name) {
            XsTransaction.Access a = t.accessed.get(name);
            if (a == null) {
                a = new XsTransaction.Access(nodes.get(name));
                t.accessed.put(name, a);
            }
            return a;
        }

        @Override
        public Node get(String name) {
            return access(name).node;
        }

        @Override
        public void put(Node n) {
            XsTransaction.Access a = access(n.name());
            a.node = n.withGeneration(++generation);
            a.modified = true;
        }

        @Override
        public void delete(String name) {
            XsTransaction.Access a = access(name);
            a.node = null;
            a.modified = true;
        }
    }

    // ---- message processing ------------------------------------------------------------------------

    private static int flags(int type) {
        return switch (type) {
            case XS_CONTROL, XS_INTRODUCE, XS_RELEASE, XS_IS_DOMAIN_INTRODUCED, XS_RESUME, XS_SET_TARGET -> FLAG_PRIV;
            case XS_WATCH, XS_UNWATCH -> FLAG_NOTID;
            default -> 0;
        };
    }

    private static boolean known(int type) {
        return type >= 0 && type < XS_TYPE_COUNT && type != XS_WATCH_EVENT && type != XS_ERROR && type != XS_RESTRICT;
    }

    /** process_message: one complete request from {@code c}. Never throws. */
    void process(XsConnection c, XsMessage in) {
        for (XsListener l : listeners) {
            l.request(c.domid, in);
        }
        int type = in.type();
        if (!known(type)) {
            sendError(c, in, ENOSYS);
            return;
        }
        if ((flags(type) & FLAG_PRIV) != 0 && !c.privileged) {
            sendError(c, in, EACCES);
            return;
        }
        XsTransaction trans = null;
        if ((flags(type) & FLAG_NOTID) == 0 && in.txId() != 0) {
            trans = c.transactions.get(in.txId());
            if (trans == null) {
                sendError(c, in, ENOENT);
                return;
            }
        }
        c.current = trans;
        try {
            XsErrno err = dispatch(c, in, trans == null ? global : new TransactionDb(trans));
            if (err != null) {
                sendError(c, in, err);
            }
        } catch (RuntimeException e) {
            // A bug of ours, never the guest's fault: answer EIO rather than take the machine down.
            sendError(c, in, EIO);
        } finally {
            c.current = null;
        }
    }

    private XsErrno dispatch(XsConnection c, XsMessage in, Db db) {
        byte[] p = in.payload();
        return switch (in.type()) {
            case XS_READ -> doRead(c, in, db);
            case XS_DIRECTORY -> doDirectory(c, in, db);
            case XS_DIRECTORY_PART -> doDirectoryPart(c, in, db);
            case XS_GET_PERMS -> doGetPerms(c, in, db);
            case XS_WRITE -> doWrite(c, in, db);
            case XS_MKDIR -> doMkdir(c, in, db);
            case XS_RM -> doRm(c, in, db);
            case XS_SET_PERMS -> doSetPerms(c, in, db);
            case XS_WATCH -> doWatch(c, in);
            case XS_UNWATCH -> doUnwatch(c, in);
            case XS_TRANSACTION_START -> doTransactionStart(c, in);
            case XS_TRANSACTION_END -> doTransactionEnd(c, in);
            case XS_GET_DOMAIN_PATH -> {
                String arg = XsStrings.onearg(p);
                if (arg == null) {
                    yield EINVAL;
                }
                yield reply(c, in, XsStrings.nul("/local/domain/" + Integer.toUnsignedString(XsStrings.atoi(arg))));
            }
            case XS_RESET_WATCHES -> {
                c.watches.clear();
                c.transactions.clear();
                yield ack(c, in);
            }
            case XS_IS_DOMAIN_INTRODUCED -> {
                String arg = XsStrings.onearg(p);
                if (arg == null) {
                    yield EINVAL;
                }
                int d = XsStrings.atoi(arg);
                boolean r = d == DOMID_SELF || introduced.contains(d);
                yield reply(c, in, XsStrings.nul(r ? "T" : "F"));
            }
            case XS_INTRODUCE -> {
                List<String> v = XsStrings.strings(p);
                if (v.size() < 3 || XsStrings.atoi(v.get(2)) == 0) {
                    yield EINVAL;
                }
                if (introduced.add(XsStrings.atoi(v.get(0)))) {
                    fireSpecial("@introduceDomain");
                }
                yield ack(c, in);
            }
            case XS_RELEASE, XS_RESUME -> {
                String arg = XsStrings.onearg(p);
                if (arg == null || XsStrings.atoi(arg) == 0) {
                    yield EINVAL;
                }
                int d = XsStrings.atoi(arg);
                if (!introduced.contains(d)) {
                    yield ENOENT;
                }
                if (in.type() == XS_RELEASE) {
                    releaseDomain(d);
                }
                yield ack(c, in);
            }
            case XS_SET_TARGET -> {
                List<String> v = XsStrings.strings(p);
                if (v.size() < 2) {
                    yield EINVAL;
                }
                int d = XsStrings.atoi(v.get(0));
                int t = XsStrings.atoi(v.get(1));
                if (!introduced.contains(d) || !introduced.contains(t)) {
                    yield ENOENT;
                }
                for (XsConnection x : connections) {
                    if (x.domid == d) {
                        x.target = t;
                    }
                }
                yield ack(c, in);
            }
            // XS_CONTROL from a privileged client: no live-update, logging or quota commands here.
            case XS_CONTROL -> EINVAL;
            default -> ENOSYS;
        };
    }

    // ---- replies -----------------------------------------------------------------------------------

    private XsErrno reply(XsConnection c, XsMessage in, byte[] payload) {
        return reply(c, in, in.type(), payload);
    }

    /** send_reply: replies over XENSTORE_PAYLOAD_MAX become E2BIG. */
    private XsErrno reply(XsConnection c, XsMessage in, int type, byte[] payload) {
        if (payload.length > XENSTORE_PAYLOAD_MAX) {
            return E2BIG;
        }
        enqueue(c, new XsMessage(type, in.reqId(), in.txId(), payload), false);
        return null;
    }

    private XsErrno ack(XsConnection c, XsMessage in) {
        return reply(c, in, XsStrings.nul("OK"));
    }

    private void sendError(XsConnection c, XsMessage in, XsErrno e) {
        enqueue(c, new XsMessage(XS_ERROR, in.reqId(), in.txId(), e.payload()), false);
    }

    private void enqueue(XsConnection c, XsMessage m, boolean watchEvent) {
        if (c.ignored) {
            return;
        }
        c.out.addLast(new XsConnection.Outgoing(m, watchEvent));
        for (XsListener l : listeners) {
            l.sent(c.domid, m);
        }
    }

    /** send_event: "path\0token\0"; identical pending events are dropped, over-long ones never sent. */
    private void sendEvent(XsConnection c, String path, String token) {
        byte[] p = XsStrings.nul(path);
        byte[] t = XsStrings.nul(token);
        byte[] payload = new byte[p.length + t.length];
        System.arraycopy(p, 0, payload, 0, p.length);
        System.arraycopy(t, 0, payload, p.length, t.length);
        if (payload.length > XENSTORE_PAYLOAD_MAX) {
            return;
        }
        if (!path.startsWith("@")) {
            for (XsConnection.Outgoing o : c.out) {
                if (o.watchEvent && java.util.Arrays.equals(o.message.payload(), payload)) {
                    return;
                }
            }
        }
        enqueue(c, new XsMessage(XS_WATCH_EVENT, 0, 0, payload), true);
    }

    /** Writes queued output of every ring-backed connection and notifies those that moved. */
    void flushAll() {
        for (XsConnection x : new ArrayList<>(connections)) {
            if (x.ring != null && !x.ignored && !x.out.isEmpty()) {
                x.ring.pushOutput();
                x.ring.notifyIfMoved();
            }
        }
    }

    // ---- paths and permissions ---------------------------------------------------------------------

    private static boolean validChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '/' || ch == '_' || ch == '@';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** canonicalize(): the absolute name, or null (EINVAL). */
    private String canonicalize(XsConnection c, String node, boolean allowSpecial) {
        if (node == null || !validChars(node) || (node.startsWith("@") && !allowSpecial)) {
            return null;
        }
        String name = node.startsWith("/") || node.startsWith("@") ? node : c.home + "/" + node;
        if ((name.endsWith("/") && !name.equals("/")) || name.contains("//")) {
            return null;
        }
        if (!c.privileged && name.length() - localOffset(name) > QUOTA_PATH) {
            return null;
        }
        return name;
    }

    /** sscanf(name, "/local/domain/%5u/%n"): the length of that prefix when present, else 0. */
    private static int localOffset(String name) {
        String pre = "/local/domain/";
        if (!name.startsWith(pre)) {
            return 0;
        }
        int i = pre.length();
        int digits = 0;
        while (i < name.length() && digits < 5 && Character.isDigit(name.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0 || i >= name.length() || name.charAt(i) != '/') {
            return 0;
        }
        return i + 1;
    }

    static String parentOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash <= 0 ? "/" : name.substring(0, slash);
    }

    static String basename(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** perm_for_conn. */
    private static int permFor(XsConnection c, List<XsPermission> perms) {
        int all = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;
        int owner = perms.get(0).domid();
        if (c.privileged || owner == c.domid || (c.target != null && owner == c.target)) {
            return all;
        }
        for (int i = 1; i < perms.size(); i++) {
            XsPermission p = perms.get(i);
            if (p.domid() == c.domid || (c.target != null && p.domid() == c.target)) {
                return p.perms() & all;
            }
        }
        return perms.get(0).perms() & all;
    }

    private record Lookup(Node node, XsErrno err) {
    }

    /**
     * get_node: the node when it exists and {@code c} has {@code perm} on it. Otherwise ENOENT or
     * EACCES, telling "does not exist" only to those the nearest existing ancestor grants
     * {@code perm} (errno_from_parents).
     */
    private Lookup getNode(XsConnection c, Db db, String name, int perm) {
        Node n = db.get(name);
        if (n != null && (permFor(c, n.perms()) & perm) == perm) {
            return new Lookup(n, null);
        }
        XsErrno err = n == null ? ENOENT : EACCES;
        String p = name;
        Node parent;
        do {
            p = parentOf(p);
            parent = db.get(p);
        } while (parent == null && !p.equals("/"));
        int parentPerm = parent == null ? XS_PERM_NONE : permFor(c, parent.perms());
        return new Lookup(null, (parentPerm & perm) != 0 ? err : EACCES);
    }

    /** write_node's quota check, then the write. */
    private XsErrno writeNode(XsConnection c, Db db, Node n, boolean noQuota) {
        if (!noQuota && !c.privileged && n.accountedSize() > QUOTA_NODE_SIZE) {
            return ENOSPC;
        }
        db.put(n);
        return null;
    }

    /** construct_node + create_node: makes the node and any missing ancestors, inheriting permissions. */
    private XsErrno createNode(XsConnection c, Db db, String name, byte[] data) {
        List<String> missing = new ArrayList<>();
        String cur = name;
        Node existing;
        while (true) {
            missing.add(cur);
            String p = parentOf(cur);
            existing = db.get(p);
            if (existing != null) {
                break;
            }
            if (p.equals("/")) {
                return EIO;
            }
            cur = p;
        }
        int m = missing.size();
        Node[] chain = new Node[m + 1];
        chain[0] = existing;
        for (int i = 1; i <= m; i++) {
            String nm = missing.get(m - i);
            chain[i - 1] = chain[i - 1].withChild(basename(nm));
            List<XsPermission> perms = new ArrayList<>(chain[i - 1].perms());
            if (!c.privileged) {
                perms.set(0, new XsPermission(c.domid, perms.get(0).perms()));
            }
            chain[i] = new Node(nm, new byte[0], perms, List.of(), 0);
        }
        chain[m] = chain[m].withData(data);
        if (!c.privileged) {
            for (Node n : chain) {
                if (n.accountedSize() > QUOTA_NODE_SIZE) {
                    return ENOSPC;
                }
            }
        }
        for (int i = m; i >= 0; i--) {
            db.put(chain[i]);
        }
        return null;
    }

    // ---- operations --------------------------------------------------------------------------------

    private XsErrno doRead(XsConnection c, XsMessage in, Db db) {
        String name = canonicalize(c, XsStrings.onearg(in.payload()), false);
        if (name == null) {
            return EINVAL;
        }
        Lookup l = getNode(c, db, name, XS_PERM_READ);
        return l.err != null ? l.err : reply(c, in, l.node.data());
    }

    private XsErrno doDirectory(XsConnection c, XsMessage in, Db db) {
        String name = canonicalize(c, XsStrings.onearg(in.payload()), false);
        if (name == null) {
            return EINVAL;
        }
        Lookup l = getNode(c, db, name, XS_PERM_READ);
        return l.err != null ? l.err : reply(c, in, l.node.childrenBytes());
    }

    private XsErrno doDirectoryPart(XsConnection c, XsMessage in, Db db) {
        if (XsStrings.count(in.payload()) != 2) {
            return EINVAL;
        }
        List<String> v = XsStrings.strings(in.payload());
        String name = canonicalize(c, v.get(0), false);
        if (name == null) {
            return EINVAL;
        }
        Lookup l = getNode(c, db, name, XS_PERM_READ);
        if (l.err != null) {
            return l.err;
        }
        long off = Integer.toUnsignedLong(XsStrings.atoi(v.get(1)));
        byte[] gen = XsStrings.nul(Long.toUnsignedString(l.node.generation()));
        byte[] children = l.node.childrenBytes();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(gen);
        if (off >= children.length) {
            b.write(0);
            return reply(c, in, b.toByteArray());
        }
        int start = (int) off;
        int len = 0;
        int maxlen = XENSTORE_PAYLOAD_MAX - gen.length - 1;
        int child = start;
        while (true) {
            int clen = strlen(children, child);
            if (len + clen >= maxlen) {
                break;
            }
            len += clen + 1;
            child += clen + 1;
            if (start + len == children.length) {
                break;
            }
        }
        b.write(children, start, len);
        if (start + len == children.length) {
            b.write(0);
        }
        return reply(c, in, b.toByteArray());
    }

    private static int strlen(byte[] b, int off) {
        int i = off;
        while (i < b.length && b[i] != 0) {
            i++;
        }
        return i - off;
    }

    private XsErrno doGetPerms(XsConnection c, XsMessage in, Db db) {
        String name = canonicalize(c, XsStrings.onearg(in.payload()), true);
        if (name == null) {
            return EINVAL;
        }
        Lookup l = getNode(c, db, name, XS_PERM_READ);
        if (l.err != null) {
            return l.err;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (XsPermission p : l.node.perms()) {
            b.writeBytes(XsStrings.nul(p.toString()));
        }
        return reply(c, in, b.toByteArray());
    }

    private XsErrno doWrite(XsConnection c, XsMessage in, Db db) {
        byte[] p = in.payload();
        String path = XsStrings.first(p);
        if (path == null) {
            return EINVAL;
        }
        int offset = path.length() + 1;
        byte[] data = java.util.Arrays.copyOfRange(p, offset, p.length);
        String name = canonicalize(c, path, false);
        if (name == null) {
            return EINVAL;
        }
        Lookup l = getNode(c, db, name, XS_PERM_WRITE);
        XsErrno err;
        if (l.node == null) {
            if (l.err != ENOENT) {
                return l.err;
            }
            err = createNode(c, db, name, data);
        } else {
            err = writeNode(c, db, l.node.withData(data), false);
        }
        if (err != null) {
            return err;
        }
        fireWatches(c, db, name, false, null);
        return ack(c, in);
    }

    private XsErrno doMkdir(XsConnection c, XsMessage in, Db db) {
        String name = canonicalize(c, XsStrings.onearg(in.payload()), false);
        if (name == null) {
            return EINVAL;
        }
        Lookup l = getNode(c, db, name, XS_PERM_WRITE);
        if (l.node == null) {
            if (l.err != ENOENT) {
                return l.err;
            }
            XsErrno err = createNode(c, db, name, new byte[0]);
            if (err != null) {
                return err;
            }
            fireWatches(c, db, name, false, null);
        }
        return ack(c, in);
    }

    private XsErrno doRm(XsConnection c, XsMessage in, Db db) {
        String name = canonicalize(c, XsStrings.onearg(in.payload()), false);
        if (name == null) {
            return EINVAL;
        }
        Lookup l = getNode(c, db, name, XS_PERM_WRITE);
        if (l.node == null) {
            if (l.err == ENOENT) {
                return db.get(parentOf(name)) != null ? ack(c, in) : ENOENT;
            }
            return l.err;
        }
        if (name.equals("/")) {
            return EINVAL;
        }
        Node parent = db.get(parentOf(name));
        if (parent == null) {
            return EINVAL;
        }
        // Post-order walk (walk_node_tree with an exit function): children go before their parent.
        List<Node> order = new ArrayList<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {l.node, 0});
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Node n = (Node) top[0];
            int next = (Integer) top[1];
            if (next < n.children().size()) {
                top[1] = next + 1;
                String childName = (n.name().equals("/") ? "" : n.name()) + "/" + n.children().get(next);
                Node child = db.get(childName);
                if (child != null) {
                    stack.push(new Object[] {child, 0});
                }
            } else {
                stack.pop();
                order.add(n);
            }
        }
        for (Node n : order) {
            db.delete(n.name());
            Node nodeParent = n.name().equals(name) ? parent : db.get(parentOf(n.name()));
            boolean exact = !n.name().equals(name);
            if (db instanceof TransactionDb) {
                fireWatches(c, db, n.name(), exact, null);
            } else {
                fireWatchesFor(c, n.name(), n.perms(), nodeParent == null ? null : nodeParent.perms(), exact, null);
            }
        }
        writeNode(c, db, db.get(parentOf(name)).withoutChild(basename(name)), true);
        return ack(c, in);
    }

    private XsErrno doSetPerms(XsConnection c, XsMessage in, Db db) {
        byte[] p = in.payload();
        int num = XsStrings.count(p);
        if (num < 2) {
            return EINVAL;
        }
        num--;
        if (!c.privileged && num > QUOTA_NODE_PERMS) {
            return ENOSPC;
        }
        List<String> v = XsStrings.strings(p);
        List<XsPermission> perms = XsPermission.parseAll(v.subList(1, v.size()));
        if (perms == null) {
            return EINVAL;
        }
        String name = canonicalize(c, v.get(0), true);
        if (name == null) {
            return EINVAL;
        }
        Lookup l = getNode(c, db, name, XS_PERM_WRITE | XS_PERM_OWNER);
        if (l.err != null) {
            return l.err;
        }
        if (!c.privileged && perms.get(0).domid() != l.node.owner()) {
            return EPERM;
        }
        List<XsPermission> old = l.node.perms();
        XsErrno err = writeNode(c, db, l.node.withPerms(perms), false);
        if (err != null) {
            return err;
        }
        fireWatches(c, db, name, false, old);
        return ack(c, in);
    }

    private XsErrno doWatch(XsConnection c, XsMessage in) {
        if (XsStrings.count(in.payload()) != 2) {
            return EINVAL;
        }
        List<String> v = XsStrings.strings(in.payload());
        boolean relative = !v.get(0).startsWith("/") && !v.get(0).startsWith("@");
        String name = canonicalize(c, v.get(0), true);
        if (name == null) {
            return EINVAL;
        }
        String token = v.get(1);
        for (XsWatch w : c.watches) {
            if (w.node().equals(name) && w.token().equals(token)) {
                return EEXIST;
            }
        }
        if (!c.privileged && c.watches.size() > QUOTA_WATCHES) {
            return E2BIG;
        }
        XsWatch w = new XsWatch(name, token, relative ? c.home.length() + 1 : 0);
        c.watches.add(w);
        ack(c, in);
        // "We fire once up front: simplifies clients and restart."
        sendEvent(c, w.reported(name), token);
        return null;
    }

    private XsErrno doUnwatch(XsConnection c, XsMessage in) {
        if (XsStrings.count(in.payload()) != 2) {
            return EINVAL;
        }
        List<String> v = XsStrings.strings(in.payload());
        String name = canonicalize(c, v.get(0), true);
        if (name == null) {
            return EINVAL;
        }
        for (int i = 0; i < c.watches.size(); i++) {
            XsWatch w = c.watches.get(i);
            if (w.node().equals(name) && w.token().equals(v.get(1))) {
                c.watches.remove(i);
                return ack(c, in);
            }
        }
        return ENOENT;
    }

    private XsErrno doTransactionStart(XsConnection c, XsMessage in) {
        if (c.current != null) {
            return EBUSY;
        }
        if (!c.privileged && c.transactions.size() > QUOTA_TRANSACTIONS) {
            return ENOSPC;
        }
        int id;
        do {
            id = c.nextTransactionId++;
        } while (id == 0 || c.transactions.containsKey(id));
        XsTransaction t = new XsTransaction(id);
        c.transactions.put(id, t);
        return reply(c, in, XsStrings.nul(Integer.toUnsignedString(id)));
    }

    private XsErrno doTransactionEnd(XsConnection c, XsMessage in) {
        String arg = XsStrings.onearg(in.payload());
        if (arg == null || !(arg.equals("T") || arg.equals("F"))) {
            return EINVAL;
        }
        XsTransaction t = c.current;
        if (t == null) {
            return ENOENT;
        }
        c.transactions.remove(t.id);
        c.current = null;
        if (arg.equals("T")) {
            if (t.fail) {
                return ENOMEM;
            }
            for (Map.Entry<String, XsTransaction.Access> e : t.accessed.entrySet()) {
                Node now = nodes.get(e.getKey());
                long gen = now == null ? Node.NO_GENERATION : now.generation();
                if (gen != e.getValue().generation) {
                    return EAGAIN;
                }
            }
            for (Map.Entry<String, XsTransaction.Access> e : t.accessed.entrySet()) {
                XsTransaction.Access a = e.getValue();
                if (a.modified) {
                    if (a.node != null) {
                        putGlobal(a.node);
                    } else {
                        nodes.remove(e.getKey());
                    }
                }
            }
            for (Map.Entry<String, XsTransaction.Access> e : t.accessed.entrySet()) {
                XsTransaction.Access a = e.getValue();
                if (a.fireWatch) {
                    Node n = nodes.get(e.getKey());
                    Node parent = nodes.get(parentOf(e.getKey()));
                    fireWatchesFor(c, e.getKey(), n == null ? null : n.perms(),
                            n == null || parent == null ? null : parent.perms(), a.watchExact, a.originalPerms);
                }
            }
        }
        return ack(c, in);
    }

    // ---- watches -----------------------------------------------------------------------------------

    /** fire_watches for a change made through {@code db}: queued in a transaction, else fired now. */
    private void fireWatches(XsConnection c, Db db, String name, boolean exact, List<XsPermission> oldPerms) {
        if (db instanceof TransactionDb tdb) {
            XsTransaction.Access a = tdb.t.accessed.get(name);
            if (a == null) {
                tdb.t.fail = true;
            } else if (!a.fireWatch) {
                a.fireWatch = true;
                a.watchExact = exact;
            } else if (!exact) {
                a.watchExact = false;
            }
            return;
        }
        Node n = nodes.get(name);
        Node parent = nodes.get(parentOf(name));
        fireWatchesFor(c, name, n == null ? null : n.perms(), parent == null ? null : parent.perms(), exact, oldPerms);
    }

    /**
     * Sends the events for a change of {@code name} to every connection allowed to see it
     * (watch_permitted: old permissions, the node's, or its parent's grant read).
     */
    private void fireWatchesFor(XsConnection origin, String name, List<XsPermission> nodePerms,
            List<XsPermission> parentPerms, boolean exact, List<XsPermission> oldPerms) {
        for (XsConnection i : connections) {
            if (i.ignored || i.watches.isEmpty()) {
                continue;
            }
            boolean permitted = (oldPerms != null && (permFor(i, oldPerms) & XS_PERM_READ) != 0)
                    || (nodePerms != null && (permFor(i, nodePerms) & XS_PERM_READ) != 0)
                    || (nodePerms != null && parentPerms != null && (permFor(i, parentPerms) & XS_PERM_READ) != 0);
            if (!permitted) {
                continue;
            }
            for (XsWatch w : List.copyOf(i.watches)) {
                boolean match = exact ? name.equals(w.node()) : isChild(name, w.node());
                if (match) {
                    sendEvent(i, w.reported(name), w.token());
                }
            }
        }
    }

    private void fireSpecial(String name) {
        Node n = nodes.get(name);
        if (n != null) {
            fireWatchesFor(null, name, n.perms(), null, true, null);
        }
    }

    /** watch.c is_child: child equals parent or lies below it; everything is below "/". */
    static boolean isChild(String child, String parent) {
        if (parent.equals("/")) {
            return true;
        }
        if (!child.startsWith(parent)) {
            return false;
        }
        return child.length() == parent.length() || child.charAt(parent.length()) == '/';
    }
}
