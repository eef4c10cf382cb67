/* SPDX-License-Identifier: MIT */
/* HYPERVISOR_event_channel_op (xen/include/public/event_channel.h). */
#ifndef XEN_EVENT_CHANNEL_H
#define XEN_EVENT_CHANNEL_H

#include <xen/abi.h>

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset           10
#define EVTCHNOP_init_control    11
#define EVTCHNOP_expand_array    12
#define EVTCHNOP_set_priority    13

/* 2-level ABI: ports below 64 * 64 for a 64-bit guest. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * 8 * sizeof(xen_ulong_t) * 8)

struct evtchn_alloc_unbound {
    domid_t dom, remote_dom;   /* IN */
    evtchn_port_t port;        /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;
XEN_ABI_SIZE(evtchn_alloc_unbound_t, 8);

struct evtchn_bind_interdomain {
    domid_t remote_dom;        /* IN */
    evtchn_port_t remote_port; /* IN */
    evtchn_port_t local_port;  /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;
XEN_ABI_SIZE(evtchn_bind_interdomain_t, 12);
XEN_ABI_OFF(evtchn_bind_interdomain_t, remote_port, 4);

struct evtchn_bind_virq {
    uint32_t virq;             /* IN: VIRQ_* */
    uint32_t vcpu;             /* IN */
    evtchn_port_t port;        /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;
XEN_ABI_SIZE(evtchn_bind_virq_t, 12);

struct evtchn_bind_pirq {
    uint32_t pirq;
#define BIND_PIRQ__WILL_SHARE 1
    uint32_t flags;
    evtchn_port_t port;
};
XEN_ABI_SIZE(struct evtchn_bind_pirq, 12);

struct evtchn_bind_ipi {
    uint32_t vcpu;
    evtchn_port_t port;
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;
XEN_ABI_SIZE(evtchn_bind_ipi_t, 8);

struct evtchn_close { evtchn_port_t port; };
typedef struct evtchn_close evtchn_close_t;
struct evtchn_send { evtchn_port_t port; };
typedef struct evtchn_send evtchn_send_t;
struct evtchn_unmask { evtchn_port_t port; };
typedef struct evtchn_unmask evtchn_unmask_t;
XEN_ABI_SIZE(evtchn_send_t, 4);

struct evtchn_status {
    domid_t dom;               /* IN */
    evtchn_port_t port;        /* IN */
#define EVTCHNSTAT_closed       0
#define EVTCHNSTAT_unbound      1
#define EVTCHNSTAT_interdomain  2
#define EVTCHNSTAT_pirq         3
#define EVTCHNSTAT_virq         4
#define EVTCHNSTAT_ipi          5
    uint32_t status;           /* OUT */
    uint32_t vcpu;             /* OUT */
    union {
        struct { domid_t dom; } unbound;
        struct { domid_t dom; evtchn_port_t port; } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};
typedef struct evtchn_status evtchn_status_t;
XEN_ABI_OFF(evtchn_status_t, port, 4);
XEN_ABI_OFF(evtchn_status_t, status, 8);
XEN_ABI_OFF(evtchn_status_t, u, 16);
XEN_ABI_SIZE(evtchn_status_t, 24);

struct evtchn_bind_vcpu {
    evtchn_port_t port;
    uint32_t vcpu;
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;
XEN_ABI_SIZE(evtchn_bind_vcpu_t, 8);

struct evtchn_reset { domid_t dom; };
typedef struct evtchn_reset evtchn_reset_t;

#endif
