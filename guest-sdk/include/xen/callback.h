/* SPDX-License-Identifier: MIT */
/* HYPERVISOR_callback_op (xen/include/public/callback.h), x86-64 flavour. */
#ifndef XEN_CALLBACK_H
#define XEN_CALLBACK_H

#include <xen/abi.h>

#define CALLBACKTYPE_event     0
#define CALLBACKTYPE_failsafe  1
#define CALLBACKTYPE_syscall   2  /* x86-64 only */
#define CALLBACKTYPE_nmi       4
#define CALLBACKTYPE_sysenter  5
#define CALLBACKTYPE_syscall32 7  /* x86-64 only */

#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events  (1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register    0
#define CALLBACKOP_unregister  1

struct callback_register {
    uint16_t type;
    uint16_t flags;
    unsigned long address;   /* xen_callback_t on x86-64: a plain address */
};
typedef struct callback_register callback_register_t;
XEN_ABI_SIZE(callback_register_t, 16);
XEN_ABI_OFF(callback_register_t, address, 8);

struct callback_unregister {
    uint16_t type;
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
XEN_ABI_SIZE(callback_unregister_t, 4);

#endif
