/* SPDX-License-Identifier: MIT */
/* System time from vcpu_time_info (the formula in xen-abi.md) and timers. */
#include <xenscope/xenscope.h>

uint64_t now_ns(void)
{
    const volatile vcpu_time_info_t *t = &HYPERVISOR_shared_info->vcpu_info[0].time;
    uint32_t version, mul;
    uint64_t tsc_stamp, system_time, tsc;
    int8_t shift;

    do {
        version = t->version;
        rmb();
        tsc_stamp = t->tsc_timestamp;
        system_time = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        tsc = rdtsc();
        rmb();
    } while ((version & 1) || version != t->version);

    return system_time + pvclock_scale_delta(tsc - tsc_stamp, mul, shift);
}

uint64_t wallclock_ns(void)
{
    const volatile shared_info_t *s = HYPERVISOR_shared_info;
    uint32_t version;
    uint64_t sec, nsec;

    do {
        version = s->wc_version;
        rmb();
        sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
        nsec = s->wc_nsec;
        rmb();
    } while ((version & 1) || version != s->wc_version);
    return sec * NSEC_PER_SEC + nsec + now_ns();
}

int timer_set_oneshot(uint64_t deadline_ns)
{
    vcpu_set_singleshot_timer_t t = { .timeout_abs_ns = deadline_ns, .flags = 0 };
    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

int timer_set_periodic(uint64_t period_ns)
{
    if (!period_ns)
        return HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    vcpu_set_periodic_timer_t t = { .period_ns = period_ns };
    return HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &t);
}
