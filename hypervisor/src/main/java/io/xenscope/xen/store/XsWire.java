package io.xenscope.xen.store;

/** Constants of the xenstore wire protocol and shared page (io/xs_wire.h). */
public final class XsWire {
    private XsWire() {
    }

    // enum xsd_sockmsg_type
    public static final int XS_CONTROL = 0; // XS_DEBUG in older headers
    public static final int XS_DIRECTORY = 1;
    public static final int XS_READ = 2;
    public static final int XS_GET_PERMS = 3;
    public static final int XS_WATCH = 4;
    public static final int XS_UNWATCH = 5;
    public static final int XS_TRANSACTION_START = 6;
    public static final int XS_TRANSACTION_END = 7;
    public static final int XS_INTRODUCE = 8;
    public static final int XS_RELEASE = 9;
    public static final int XS_GET_DOMAIN_PATH = 10;
    public static final int XS_WRITE = 11;
    public static final int XS_MKDIR = 12;
    public static final int XS_RM = 13;
    public static final int XS_SET_PERMS = 14;
    public static final int XS_WATCH_EVENT = 15;
    public static final int XS_ERROR = 16;
    public static final int XS_IS_DOMAIN_INTRODUCED = 17;
    public static final int XS_RESUME = 18;
    public static final int XS_SET_TARGET = 19;
    public static final int XS_RESTRICT = 20; // removed; xenstored answers ENOSYS
    public static final int XS_RESET_WATCHES = 21;
    public static final int XS_DIRECTORY_PART = 22;
    public static final int XS_TYPE_COUNT = 23;
    public static final int XS_INVALID = 0xffff;

    private static final String[] NAMES = {
        "CONTROL", "DIRECTORY", "READ", "GET_PERMS", "WATCH", "UNWATCH", "TRANSACTION_START",
        "TRANSACTION_END", "INTRODUCE", "RELEASE", "GET_DOMAIN_PATH", "WRITE", "MKDIR", "RM",
        "SET_PERMS", "WATCH_EVENT", "ERROR", "IS_DOMAIN_INTRODUCED", "RESUME", "SET_TARGET",
        "RESTRICT", "RESET_WATCHES", "DIRECTORY_PART",
    };

    /** xenstored's sockmsg_string: the operation's name, or "**UNKNOWN**". */
    public static String typeName(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "**UNKNOWN**";
    }

    public static final int HEADER_SIZE = 16;
    public static final int XENSTORE_RING_SIZE = 1024;
    public static final int XENSTORE_PAYLOAD_MAX = 4096;
    public static final int XENSTORE_ABS_PATH_MAX = 3072;
    public static final int XENSTORE_REL_PATH_MAX = 2048;

    // struct xenstore_domain_interface
    public static final int REQ = 0;
    public static final int RSP = 1024;
    public static final int REQ_CONS = 2048;
    public static final int REQ_PROD = 2052;
    public static final int RSP_CONS = 2056;
    public static final int RSP_PROD = 2060;
    public static final int SERVER_FEATURES = 2064;
    public static final int CONNECTION = 2068;
    public static final int ERROR = 2072;
    /** Newest headers only: the domain's event channel, filled in by Xen for dom0less domains. */
    public static final int EVTCHN_PORT = 2076;

    public static final int XENSTORE_SERVER_FEATURE_RECONNECTION = 1;
    public static final int XENSTORE_SERVER_FEATURE_ERROR = 2;
    public static final int XENSTORE_CONNECTED = 0;
    public static final int XENSTORE_RECONNECT = 1;
    public static final int XENSTORE_ERROR_NONE = 0;
    public static final int XENSTORE_ERROR_COMM = 1;
    public static final int XENSTORE_ERROR_RINGIDX = 2;
    public static final int XENSTORE_ERROR_PROTO = 3;

    // enum xs_perm_type (xenstore_lib.h)
    public static final int XS_PERM_NONE = 0;
    public static final int XS_PERM_READ = 1;
    public static final int XS_PERM_WRITE = 2;
    public static final int XS_PERM_OWNER = 8;

    public static final int DOMID_SELF = 0x7ff0;
}
