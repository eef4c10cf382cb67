/*
 * pv-events: timer interrupts the PV way.
 *   - bind VIRQ_TIMER to an event channel (EVTCHNOP_bind_virq);
 *   - the event callback (registered by the SDK with CALLBACKOP_register)
 *     walks the 2-level pending bitmaps and calls our handler;
 *   - unmask the port and events (vcpu_info.evtchn_upcall_mask = 0);
 *   - arm one-shot timers (VCPUOP_set_singleshot_timer) every 10 ms of Xen
 *     system time and sleep in SCHEDOP_block until each fires;
 *   - print the virtual time of 5 ticks, then shut down.
 */
#include <xenscope/xenscope.h>

#define NR_TICKS 5
#define PERIOD_NS (10 * NSEC_PER_MSEC)

static volatile unsigned int ticks;
static volatile uint64_t tick_ns[NR_TICKS];

static void on_timer(evtchn_port_t port, struct xs_regs *regs, void *data)
{
    unsigned int n = ticks;
    if (n < NR_TICKS) {
        tick_ns[n] = now_ns();
        ticks = n + 1;
    }
}

int main(void)
{
    int port = bind_virq(VIRQ_TIMER, on_timer, NULL);
    if (port < 0) {
        printk("EVTCHNOP_bind_virq(VIRQ_TIMER) failed: %d (%s)\n", port, xen_errname(port));
        return 1;
    }
    printk("pv-events: VIRQ_TIMER bound to event channel %d\n", port);

    /* Only our one-shot timers, please (older Xen starts a periodic one). */
    timer_set_periodic(0);

    unmask_evtchn((evtchn_port_t)port);
    local_events_enable();
    printk("events unmasked; arming a one-shot timer every 10 ms\n");

    uint64_t start = now_ns();
    for (unsigned int k = 1; k <= NR_TICKS; k++) {
        uint64_t deadline = start + k * PERIOD_NS;
        int rc = timer_set_oneshot(deadline);
        if (rc) {
            printk("VCPUOP_set_singleshot_timer failed: %d (%s)\n", rc, xen_errname(rc));
            return 1;
        }
        for (;;) {
            local_events_disable();
            if (ticks >= k)
                break;
            block_domain();     /* re-enables events atomically, returns after the upcall */
        }
        local_events_enable();
        uint64_t t = tick_ns[k - 1];
        printk("tick %u at +%lu ms%s\n", k, (unsigned long)((t - start) / NSEC_PER_MSEC),
               t >= deadline ? "" : " (EARLY)");
    }

    local_events_disable();
    mask_evtchn((evtchn_port_t)port);
    evtchn_close((evtchn_port_t)port);
    printk("pv-events: %u timer ticks, done\n", (unsigned int)ticks);
    return 0;
}
