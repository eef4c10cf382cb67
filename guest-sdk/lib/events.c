/* SPDX-License-Identifier: MIT */
/* 2-level event channels: dispatch, mask/unmask, bind_virq, block. */
#include <xenscope/xenscope.h>

#define NR_EVTCHN_HANDLERS 1024   /* ports we can attach a handler to */

shared_info_t *HYPERVISOR_shared_info;

static struct {
    evtchn_handler_t fn;
    void *data;
} handlers[NR_EVTCHN_HANDLERS];

static inline vcpu_info_t *vcpu0(void)
{
    return &HYPERVISOR_shared_info->vcpu_info[0];
}

void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t h, void *data)
{
    BUG_ON(port >= NR_EVTCHN_HANDLERS);
    handlers[port].data = data;
    barrier();
    handlers[port].fn = h;
}

void xs_do_hypervisor_callback(struct xs_regs *regs)
{
    shared_info_t *s = HYPERVISOR_shared_info;
    vcpu_info_t *v = vcpu0();

    WRITE_ONCE(v->evtchn_upcall_pending, 0);
    barrier();
    /* Take the selector atomically: Xen sets bits in it concurrently. */
    unsigned long sel = xchg_ulong(&v->evtchn_pending_sel, 0);
    while (sel) {
        unsigned int word = find_first_set(sel);
        sel &= sel - 1;
        unsigned long pending;
        while ((pending = READ_ONCE(s->evtchn_pending[word]) & ~READ_ONCE(s->evtchn_mask[word]))) {
            unsigned int bit = find_first_set(pending);
            evtchn_port_t port = word * 64 + bit;
            clear_bit(port, s->evtchn_pending);      /* acknowledge before handling */
            if (port < NR_EVTCHN_HANDLERS && handlers[port].fn)
                handlers[port].fn(port, regs, handlers[port].data);
        }
    }
}

void mask_evtchn(evtchn_port_t port)
{
    set_bit(port, HYPERVISOR_shared_info->evtchn_mask);
}

void clear_evtchn(evtchn_port_t port)
{
    clear_bit(port, HYPERVISOR_shared_info->evtchn_pending);
}

bool evtchn_is_pending(evtchn_port_t port)
{
    return test_bit(port, HYPERVISOR_shared_info->evtchn_pending);
}

void unmask_evtchn(evtchn_port_t port)
{
    shared_info_t *s = HYPERVISOR_shared_info;
    vcpu_info_t *v = vcpu0();

    clear_bit(port, s->evtchn_mask);
    /*
     * An event that arrived while the port was masked left only its pending
     * bit: do what Xen would have done (selector bit, upcall_pending), and
     * get the callback delivered now if events are enabled.
     */
    if (test_bit(port, s->evtchn_pending) &&
        !test_and_set_bit(port / 64, &v->evtchn_pending_sel)) {
        WRITE_ONCE(v->evtchn_upcall_pending, 1);
        if (!READ_ONCE(v->evtchn_upcall_mask))
            HYPERVISOR_xen_version(XENVER_version, NULL);  /* any hypercall: Xen delivers on return */
    }
}

int bind_virq(uint32_t virq, evtchn_handler_t h, void *data)
{
    evtchn_bind_virq_t op = { .virq = virq, .vcpu = 0 };
    int rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);
    if (rc)
        return rc;
    mask_evtchn(op.port);
    evtchn_set_handler(op.port, h, data);
    return (int)op.port;
}

int evtchn_close(evtchn_port_t port)
{
    evtchn_close_t op = { .port = port };
    if (port < NR_EVTCHN_HANDLERS)
        handlers[port].fn = NULL;
    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

int notify_remote_via_evtchn(evtchn_port_t port)
{
    evtchn_send_t op = { .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

#ifdef XS_PVH
/*
 * PVH: Xen raises the callback vector while evtchn_upcall_pending is set and
 * ignores evtchn_upcall_mask (hvm_vcpu_has_pending_irq): events are masked
 * by RFLAGS.IF, as any interrupt is. The mask is kept in step for the code
 * that reads it.
 */
void local_events_disable(void)
{
    __asm__ __volatile__("cli" ::: "memory");
    WRITE_ONCE(vcpu0()->evtchn_upcall_mask, 1);
}

void local_events_enable(void)
{
    WRITE_ONCE(vcpu0()->evtchn_upcall_mask, 0);
    __asm__ __volatile__("sti" ::: "memory");  /* a pending upcall is taken here */
}

bool local_events_masked(void)
{
    unsigned long flags;
    __asm__ __volatile__("pushfq; popq %0" : "=r"(flags) :: "memory");
    return !(flags & (1UL << 9));
}
#else
void local_events_disable(void)
{
    WRITE_ONCE(vcpu0()->evtchn_upcall_mask, 1);
    barrier();
}

void local_events_enable(void)
{
    vcpu_info_t *v = vcpu0();
    barrier();
    WRITE_ONCE(v->evtchn_upcall_mask, 0);
    mb();                       /* unmask before checking for pending work */
    if (READ_ONCE(v->evtchn_upcall_pending))
        HYPERVISOR_xen_version(XENVER_version, NULL);
}

bool local_events_masked(void)
{
    return READ_ONCE(vcpu0()->evtchn_upcall_mask) != 0;
}
#endif

void block_domain(void)
{
    HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}
