/* SPDX-License-Identifier: MIT */
/* The PV console ring page (xen/include/public/io/console.h). */
#ifndef XEN_IO_CONSOLE_H
#define XEN_IO_CONSOLE_H

#include <xen/io/ring.h>

typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];              /* backend -> guest (keyboard) */
    char out[2048];             /* guest -> backend (screen) */
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
};
typedef struct xencons_interface xencons_interface_t;
XEN_ABI_OFF(xencons_interface_t, out, 1024);
XEN_ABI_OFF(xencons_interface_t, in_cons, 3072);
XEN_ABI_OFF(xencons_interface_t, in_prod, 3076);
XEN_ABI_OFF(xencons_interface_t, out_cons, 3080);
XEN_ABI_OFF(xencons_interface_t, out_prod, 3084);
XEN_ABI_SIZE(xencons_interface_t, 3088);

#endif
