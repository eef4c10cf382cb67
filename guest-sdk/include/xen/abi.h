/* SPDX-License-Identifier: MIT */
/*
 * Basic scalar types of the Xen guest ABI for a 64-bit x86 guest, and the
 * compile-time layout check used by every header in include/xen/.
 *
 * Our own transcription of the ABI (written from Xen's public headers, not
 * copied): names follow Xen's so a Xen developer finds them.
 */
#ifndef XEN_ABI_H
#define XEN_ABI_H

#include <stdint.h>
#include <stddef.h>

#if !defined(__x86_64__)
#error "guest-sdk targets 64-bit x86 PV guests"
#endif

typedef uint16_t domid_t;
typedef unsigned long xen_pfn_t;     /* a frame number: mfn or gpfn */
typedef unsigned long xen_ulong_t;
typedef uint32_t evtchn_port_t;
typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/* XEN_GUEST_HANDLE(T) on x86: a plain guest-virtual pointer, 8 bytes. */
#define XEN_GUEST_HANDLE(type) type *

/* Layout checks: sizes and offsets against the numbers in xen-abi.md. */
#define XEN_ABI_SIZE(type, n) \
    _Static_assert(sizeof(type) == (n), "ABI: sizeof(" #type ") != " #n)
#define XEN_ABI_OFF(type, field, n) \
    _Static_assert(offsetof(type, field) == (n), "ABI: offsetof(" #type ", " #field ") != " #n)

#endif
