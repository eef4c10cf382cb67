/* SPDX-License-Identifier: MIT */
/*
 * Shared-ring conventions (xen/include/public/io/ring.h), written afresh.
 *
 * Two kinds of ring live in Xen shared pages:
 *  - byte rings (console, xenstore): a power-of-two char array with free-running
 *    32-bit producer/consumer indices; index & (size - 1) addresses the array;
 *  - request/response rings (block, net, ...): a 64-byte header
 *    {req_prod, req_event, rsp_prod, rsp_event, padding} followed by a
 *    power-of-two array of request/response unions.
 * Indices only ever grow (wrapping at 2^32); "prod - cons" is the fill level.
 */
#ifndef XEN_IO_RING_H
#define XEN_IO_RING_H

#include <xen/abi.h>

typedef uint32_t RING_IDX;

/* Byte rings: offset into the array for a free-running index. */
#define XEN_RING_BYTE_MASK(idx, size)  ((idx) & ((size) - 1))
/* Bytes queued between a consumer and a producer index. */
#define XEN_RING_BYTES_USED(prod, cons) ((RING_IDX)((prod) - (cons)))

/* Largest power of two <= x (x > 0), evaluated at compile time for constants. */
#define __XEN_RD2(x)  (((x) & 0x2) ? 0x2 : ((x) & 0x1))
#define __XEN_RD4(x)  (((x) & 0xc) ? __XEN_RD2((x) >> 2) << 2 : __XEN_RD2(x))
#define __XEN_RD8(x)  (((x) & 0xf0) ? __XEN_RD4((x) >> 4) << 4 : __XEN_RD4(x))
#define __XEN_RD16(x) (((x) & 0xff00) ? __XEN_RD8((x) >> 8) << 8 : __XEN_RD8(x))
#define __XEN_RD32(x) (((x) & 0xffff0000) ? __XEN_RD16((x) >> 16) << 16 : __XEN_RD16(x))

#define XEN_RING_HEADER_SIZE 64

/* Number of slots of a request/response ring on a page of _sz bytes. */
#define __CONST_RING_SIZE(_name, _sz) \
    (__XEN_RD32(((_sz) - XEN_RING_HEADER_SIZE) / sizeof(((struct _name##_sring *)0)->ring[0])))

/*
 * DEFINE_RING_TYPES(name, req_t, rsp_t) declares:
 *   union name##_sring_entry, struct name##_sring (the shared page),
 *   struct name##_front_ring and struct name##_back_ring (private indices).
 */
#define DEFINE_RING_TYPES(__name, __req_t, __rsp_t)                     \
union __name##_sring_entry {                                            \
    __req_t req;                                                        \
    __rsp_t rsp;                                                        \
};                                                                      \
struct __name##_sring {                                                 \
    RING_IDX req_prod, req_event;                                       \
    RING_IDX rsp_prod, rsp_event;                                       \
    uint8_t __pad[XEN_RING_HEADER_SIZE - 4 * sizeof(RING_IDX)];         \
    union __name##_sring_entry ring[1]; /* really a power of two */     \
};                                                                      \
struct __name##_front_ring {                                            \
    RING_IDX req_prod_pvt;                                              \
    RING_IDX rsp_cons;                                                  \
    unsigned int nr_ents;                                               \
    struct __name##_sring *sring;                                       \
};                                                                      \
struct __name##_back_ring {                                             \
    RING_IDX rsp_prod_pvt;                                              \
    RING_IDX req_cons;                                                  \
    unsigned int nr_ents;                                               \
    struct __name##_sring *sring;                                       \
};                                                                      \
typedef struct __name##_sring __name##_sring_t;                         \
typedef struct __name##_front_ring __name##_front_ring_t;               \
typedef struct __name##_back_ring __name##_back_ring_t

#define SHARED_RING_INIT(_s) do {                                       \
    (_s)->req_prod = (_s)->rsp_prod = 0;                                \
    (_s)->req_event = (_s)->rsp_event = 1;                              \
    for (unsigned int __i = 0; __i < sizeof((_s)->__pad); __i++)        \
        (_s)->__pad[__i] = 0;                                           \
} while (0)

#define __RING_SIZE(_s, _sz) \
    (__XEN_RD32(((_sz) - XEN_RING_HEADER_SIZE) / sizeof((_s)->ring[0])))

#define FRONT_RING_INIT(_r, _s, _size) do {                             \
    (_r)->req_prod_pvt = 0;                                             \
    (_r)->rsp_cons = 0;                                                 \
    (_r)->nr_ents = __RING_SIZE(_s, _size);                             \
    (_r)->sring = (_s);                                                 \
} while (0)

#define BACK_RING_INIT(_r, _s, _size) do {                              \
    (_r)->rsp_prod_pvt = 0;                                             \
    (_r)->req_cons = 0;                                                 \
    (_r)->nr_ents = __RING_SIZE(_s, _size);                             \
    (_r)->sring = (_s);                                                 \
} while (0)

#define RING_SIZE(_r) ((_r)->nr_ents)
#define RING_FREE_REQUESTS(_r) \
    (RING_SIZE(_r) - ((_r)->req_prod_pvt - (_r)->rsp_cons))
#define RING_FULL(_r) (RING_FREE_REQUESTS(_r) == 0)
#define RING_HAS_UNCONSUMED_RESPONSES(_r) \
    ((_r)->sring->rsp_prod - (_r)->rsp_cons)
#define RING_GET_REQUEST(_r, _idx) \
    (&((_r)->sring->ring[(_idx) & (RING_SIZE(_r) - 1)].req))
#define RING_GET_RESPONSE(_r, _idx) \
    (&((_r)->sring->ring[(_idx) & (RING_SIZE(_r) - 1)].rsp))

/*
 * Publish private requests; _notify is set when the other end asked to be
 * told (its req_event lies in the newly published range).
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(_r, _notify) do {           \
    RING_IDX __old = (_r)->sring->req_prod;                             \
    RING_IDX __new = (_r)->req_prod_pvt;                                \
    __asm__ __volatile__("" ::: "memory"); /* x86: stores stay ordered */ \
    (_r)->sring->req_prod = __new;                                      \
    __asm__ __volatile__("mfence" ::: "memory");                        \
    (_notify) = ((RING_IDX)(__new - (_r)->sring->req_event) <           \
                 (RING_IDX)(__new - __old));                            \
} while (0)

#define RING_FINAL_CHECK_FOR_RESPONSES(_r, _work_to_do) do {            \
    (_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);                  \
    if (_work_to_do) break;                                             \
    (_r)->sring->rsp_event = (_r)->rsp_cons + 1;                        \
    __asm__ __volatile__("mfence" ::: "memory");                        \
    (_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);                  \
} while (0)

#endif
