/* SPDX-License-Identifier: MIT */
/* HYPERVISOR_sched_op (xen/include/public/sched.h). */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <xen/abi.h>

#define SCHEDOP_yield           0
#define SCHEDOP_block           1  /* unmasks events atomically, sleeps until one is pending */
#define SCHEDOP_shutdown        2  /* arg: struct sched_shutdown * */
#define SCHEDOP_poll            3  /* arg: struct sched_poll * */
#define SCHEDOP_remote_shutdown 4
#define SCHEDOP_shutdown_code   5
#define SCHEDOP_watchdog        6
#define SCHEDOP_pin_override    7

struct sched_shutdown {
    uint32_t reason;        /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
XEN_ABI_SIZE(sched_shutdown_t, 4);

struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;
    uint32_t nr_ports;
    uint64_t timeout;       /* absolute system time (ns); 0 = none */
};
typedef struct sched_poll sched_poll_t;
XEN_ABI_SIZE(sched_poll_t, 24);
XEN_ABI_OFF(sched_poll_t, nr_ports, 8);
XEN_ABI_OFF(sched_poll_t, timeout, 16);

struct sched_remote_shutdown {
    domid_t domain_id;
    uint32_t reason;
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
XEN_ABI_SIZE(sched_remote_shutdown_t, 8);

struct sched_watchdog {
    uint32_t id;
    uint32_t timeout;
};
XEN_ABI_SIZE(struct sched_watchdog, 8);

#define SHUTDOWN_poweroff   0
#define SHUTDOWN_reboot     1
#define SHUTDOWN_suspend    2
#define SHUTDOWN_crash      3
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5

#endif
