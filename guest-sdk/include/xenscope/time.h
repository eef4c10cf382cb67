/* SPDX-License-Identifier: MIT */
/* Xen system time from vcpu_time_info, and the timer hypercalls. */
#ifndef XENSCOPE_TIME_H
#define XENSCOPE_TIME_H

#include <stdint.h>

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC  1000000000ULL

/*
 * now = system_time + (((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32
 * (a negative tsc_shift shifts right), retried while version is odd or moved.
 */
uint64_t now_ns(void);
/* Wall clock: shared_info wc_* plus now_ns(). */
uint64_t wallclock_ns(void);

/* One-shot VIRQ_TIMER at an absolute system time (VCPUOP_set_singleshot_timer). */
int timer_set_oneshot(uint64_t deadline_ns);
/* Periodic VIRQ_TIMER (VCPUOP_set_periodic_timer); period 0 stops it. */
int timer_set_periodic(uint64_t period_ns);

/* The scaling step of now_ns(): TSC ticks since tsc_timestamp -> nanoseconds. */
static inline uint64_t pvclock_scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#endif
