/* SPDX-License-Identifier: MIT */
/* HYPERVISOR_vcpu_op (xen/include/public/vcpu.h). */
#ifndef XEN_VCPU_H
#define XEN_VCPU_H

#include <xen/abi.h>

#define VCPUOP_initialise                     0
#define VCPUOP_up                             1
#define VCPUOP_down                           2
#define VCPUOP_is_up                          3
#define VCPUOP_get_runstate_info              4
#define VCPUOP_register_runstate_memory_area  5
#define VCPUOP_set_periodic_timer             6
#define VCPUOP_stop_periodic_timer            7
#define VCPUOP_set_singleshot_timer           8
#define VCPUOP_stop_singleshot_timer          9
#define VCPUOP_register_vcpu_info            10
#define VCPUOP_send_nmi                      11
#define VCPUOP_get_physid                    12
#define VCPUOP_register_vcpu_time_memory_area 13

#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3

struct vcpu_runstate_info {
    int state;
    uint64_t state_entry_time;
    uint64_t time[4];
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
XEN_ABI_SIZE(vcpu_runstate_info_t, 48);
XEN_ABI_OFF(vcpu_runstate_info_t, state_entry_time, 8);

struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
XEN_ABI_SIZE(vcpu_set_periodic_timer_t, 8);

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;   /* absolute system time */
    uint32_t flags;            /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
XEN_ABI_SIZE(vcpu_set_singleshot_timer_t, 16);
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future (1U << _VCPU_SSHOTTMR_future)  /* -ETIME if already past */

struct vcpu_register_vcpu_info {
    uint64_t mfn;
    uint32_t offset;
    uint32_t rsvd;
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
XEN_ABI_SIZE(vcpu_register_vcpu_info_t, 16);

#endif
