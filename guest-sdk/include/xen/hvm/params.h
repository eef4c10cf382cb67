/* SPDX-License-Identifier: MIT */
/* HVM parameters (xen/include/public/hvm/params.h), read with HVMOP_get_param. */
#ifndef XEN_HVM_PARAMS_H
#define XEN_HVM_PARAMS_H

/*
 * HVM_PARAM_CALLBACK_IRQ: how event-channel upcalls arrive. Bits 63:56 are
 * the type; for type 2 (vector) bits 7:0 are the vector, delivered on every
 * vCPU while its evtchn_upcall_pending is set.
 */
#define HVM_PARAM_CALLBACK_IRQ            0
#define HVM_PARAM_CALLBACK_TYPE_GSI       0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX  1
#define HVM_PARAM_CALLBACK_TYPE_VECTOR    2
#define HVM_PARAM_CALLBACK_TYPE_PPI       3
#define HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT 56

#define HVM_PARAM_STORE_PFN       1
#define HVM_PARAM_STORE_EVTCHN    2
#define HVM_PARAM_PAE_ENABLED     4
#define HVM_PARAM_IOREQ_PFN       5
#define HVM_PARAM_BUFIOREQ_PFN    6
#define HVM_PARAM_CONSOLE_PFN    17
#define HVM_PARAM_CONSOLE_EVTCHN 18

#define HVM_NR_PARAMS 39

#endif
