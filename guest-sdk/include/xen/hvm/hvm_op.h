/* SPDX-License-Identifier: MIT */
/* HYPERVISOR_hvm_op (xen/include/public/hvm/hvm_op.h). */
#ifndef XEN_HVM_HVM_OP_H
#define XEN_HVM_HVM_OP_H

#include <xen/xen.h>

#define HVMOP_set_param                 0
#define HVMOP_get_param                 1
#define HVMOP_set_evtchn_upcall_vector 23

struct xen_hvm_param {
    domid_t  domid;     /* IN: DOMID_SELF */
    uint32_t index;     /* IN: HVM_PARAM_* */
    uint64_t value;     /* IN/OUT */
};
typedef struct xen_hvm_param xen_hvm_param_t;
_Static_assert(sizeof(xen_hvm_param_t) == 16, "xen_hvm_param");
_Static_assert(__builtin_offsetof(xen_hvm_param_t, value) == 8, "xen_hvm_param.value");

struct xen_hvm_evtchn_upcall_vector {
    uint32_t vcpu;
    uint8_t vector;
};
typedef struct xen_hvm_evtchn_upcall_vector xen_hvm_evtchn_upcall_vector_t;

#endif
