/* SPDX-License-Identifier: MIT */
/*
 * PV console: the xencons_interface ring, with an early path until the ring
 * is known: console_io (PV, and PVH on Xen) or the COM1 UART (HVM, and any
 * guest in an HVM container that found no Xen).
 */
#include <xenscope/xenscope.h>
#include <xen/io/console.h>
#ifdef XS_PVH
#include <xenscope/hvm.h>
#endif

static struct xencons_interface *cons_ring;
static evtchn_port_t cons_port;

void console_write_early(const char *buf, size_t len)
{
#ifdef XS_PVH
#ifdef XS_HVM
    const bool uart = true;     /* an HVM guest's own console is its serial port */
#else
    const bool uart = !xen_hypercalls_ready;
#endif
    if (uart) {
        pc_uart_write(buf, len);
        return;
    }
#endif
    while (len) {
        int chunk = len > 1024 ? 1024 : (int)len;
        HYPERVISOR_console_io(CONSOLEIO_write, chunk, buf);
        buf += chunk;
        len -= (size_t)chunk;
    }
}

void console_init_ring(void *ring, evtchn_port_t port)
{
    cons_ring = ring;
    cons_port = port;
}

#ifndef XS_PVH
void console_init(const start_info_t *si)
{
    if (!si->console.domU.mfn)
        return;                 /* no ring (e.g. dom0): stay on console_io */
    console_init_ring(mfn_to_virt(si->console.domU.mfn), si->console.domU.evtchn);
}
#endif

void console_write(const char *buf, size_t len)
{
    struct xencons_interface *r = cons_ring;

    if (!r) {
        console_write_early(buf, len);
        return;
    }
    while (len) {
        XENCONS_RING_IDX cons = READ_ONCE(r->out_cons);
        XENCONS_RING_IDX prod = r->out_prod;
        mb();
        size_t space = sizeof(r->out) - (prod - cons);
        if (space == 0) {
            /* Ring full: kick the backend and let it run. */
            notify_remote_via_evtchn(cons_port);
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
            continue;
        }
        size_t n = len < space ? len : space;
        for (size_t i = 0; i < n; i++)
            r->out[MASK_XENCONS_IDX(prod++, r->out)] = buf[i];
        wmb();                  /* data before index */
        WRITE_ONCE(r->out_prod, prod);
        notify_remote_via_evtchn(cons_port);
        buf += n;
        len -= n;
    }
}

void console_flush(void)
{
    struct xencons_interface *r = cons_ring;
#ifdef XS_PVH
    pc_uart_flush();
#endif
    if (!r)
        return;
    /* Bounded: a backend that never reads must not keep us from shutting down. */
    for (int i = 0; i < 100000 && READ_ONCE(r->out_cons) != READ_ONCE(r->out_prod); i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}
