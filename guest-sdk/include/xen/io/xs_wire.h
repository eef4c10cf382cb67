/* SPDX-License-Identifier: MIT */
/* The xenstore wire protocol and ring page (xen/include/public/io/xs_wire.h). */
#ifndef XEN_IO_XS_WIRE_H
#define XEN_IO_XS_WIRE_H

#include <xen/io/ring.h>

enum xsd_sockmsg_type {
    XS_CONTROL = 0,
#define XS_DEBUG XS_CONTROL
    XS_DIRECTORY = 1,
    XS_READ = 2,
    XS_GET_PERMS = 3,
    XS_WATCH = 4,
    XS_UNWATCH = 5,
    XS_TRANSACTION_START = 6,
    XS_TRANSACTION_END = 7,
    XS_INTRODUCE = 8,
    XS_RELEASE = 9,
    XS_GET_DOMAIN_PATH = 10,
    XS_WRITE = 11,
    XS_MKDIR = 12,
    XS_RM = 13,
    XS_SET_PERMS = 14,
    XS_WATCH_EVENT = 15,
    XS_ERROR = 16,
    XS_IS_DOMAIN_INTRODUCED = 17,
    XS_RESUME = 18,
    XS_SET_TARGET = 19,
    /* 20 was XS_RESTRICT */
    XS_RESET_WATCHES = 21,
    XS_DIRECTORY_PART = 22,
    XS_TYPE_COUNT
};

#define XS_WRITE_NONE   "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/* Every message: this header, then len payload bytes. */
struct xsd_sockmsg {
    uint32_t type;    /* enum xsd_sockmsg_type */
    uint32_t req_id;  /* echoed in the reply */
    uint32_t tx_id;   /* transaction id, 0 if none */
    uint32_t len;     /* payload length */
};
XEN_ABI_SIZE(struct xsd_sockmsg, 16);

/* Watch event payload: path NUL token NUL. */
enum xs_watch_type {
    XS_WATCH_PATH = 0,
    XS_WATCH_TOKEN
};

#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];   /* guest -> xenstored */
    char rsp[XENSTORE_RING_SIZE];   /* xenstored -> guest */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features;       /* XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;            /* XENSTORE_CONNECTED / XENSTORE_RECONNECT */
    uint32_t error;                 /* XENSTORE_ERROR_* */
    uint32_t evtchn_port;
};
XEN_ABI_OFF(struct xenstore_domain_interface, rsp, 1024);
XEN_ABI_OFF(struct xenstore_domain_interface, req_cons, 2048);
XEN_ABI_OFF(struct xenstore_domain_interface, req_prod, 2052);
XEN_ABI_OFF(struct xenstore_domain_interface, rsp_cons, 2056);
XEN_ABI_OFF(struct xenstore_domain_interface, rsp_prod, 2060);
XEN_ABI_OFF(struct xenstore_domain_interface, server_features, 2064);
XEN_ABI_OFF(struct xenstore_domain_interface, connection, 2068);
XEN_ABI_OFF(struct xenstore_domain_interface, error, 2072);
XEN_ABI_OFF(struct xenstore_domain_interface, evtchn_port, 2076);

#define XENSTORE_PAYLOAD_MAX   4096
#define XENSTORE_ABS_PATH_MAX  3072
#define XENSTORE_REL_PATH_MAX  2048

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2
#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3

#endif
