/* SPDX-License-Identifier: MIT */
/*
 * Event channels with the 2-level ABI: shared_info->evtchn_pending/mask
 * bitmaps, vcpu_info->evtchn_pending_sel selector, evtchn_upcall_pending and
 * evtchn_upcall_mask ("interrupts" on/off for a PV guest).
 */
#ifndef XENSCOPE_EVENTS_H
#define XENSCOPE_EVENTS_H

#include <stdbool.h>
#include <xen/xen.h>
#include <xen/event_channel.h>

extern shared_info_t *HYPERVISOR_shared_info;

/* Registers saved by the event-callback entry in head.S (lowest address first). */
struct xs_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    /* the rest of Xen's bounce frame */
    uint64_t rip, cs, rflags, rsp, ss;
};

typedef void (*evtchn_handler_t)(evtchn_port_t port, struct xs_regs *regs, void *data);

/* Called from head.S with events masked; dispatches every pending, unmasked port. */
void xs_do_hypervisor_callback(struct xs_regs *regs);

/* Handler table. Ports without a handler are acknowledged and ignored. */
void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t h, void *data);
/* EVTCHNOP_bind_virq on vCPU 0; returns the port or -errno. Installs h (masked). */
int bind_virq(uint32_t virq, evtchn_handler_t h, void *data);
int evtchn_close(evtchn_port_t port);
int notify_remote_via_evtchn(evtchn_port_t port);

void mask_evtchn(evtchn_port_t port);
/* Clears the mask bit and, if the port is pending, raises the upcall itself. */
void unmask_evtchn(evtchn_port_t port);
void clear_evtchn(evtchn_port_t port);
bool evtchn_is_pending(evtchn_port_t port);

/* The PV equivalent of cli/sti: vcpu_info[0].evtchn_upcall_mask. */
void local_events_disable(void);
void local_events_enable(void);      /* also delivers what is pending */
bool local_events_masked(void);

/*
 * Sleep until an event arrives: SCHEDOP_block unmasks atomically with the
 * check for pending events, so call it with events masked after testing the
 * condition you wait for. Returns with events enabled.
 */
void block_domain(void);

#endif
