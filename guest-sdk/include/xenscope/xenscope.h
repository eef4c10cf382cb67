/* SPDX-License-Identifier: MIT */
/*
 * The guest library: include this one header in a guest.
 *
 * A guest defines  int main(void);  head.S enters start_kernel(), which maps
 * shared_info, installs the trap table and the event/failsafe callbacks,
 * connects the console ring and xenstore, calls main(), and shuts the domain
 * down: SHUTDOWN_poweroff when main returns 0, SHUTDOWN_crash otherwise.
 */
#ifndef XENSCOPE_XENSCOPE_H
#define XENSCOPE_XENSCOPE_H

#include <xen/xen.h>
#include <xen/errno.h>
#include <xen/elfnote.h>
#include <xen/features.h>
#include <xenscope/hypercall.h>
#include <xenscope/lib.h>
#include <xenscope/console.h>
#include <xenscope/mm.h>
#include <xenscope/events.h>
#include <xenscope/time.h>
#include <xenscope/xenbus.h>
#ifdef XS_PVH
#include <xenscope/hvm.h>
#endif

int main(void);

/* Set by start_kernel: what Xen passed in rsi. */
extern start_info_t *start_info;

/*
 * Whether we run on Xen: always for PV; for PVH and HVM once Xen's CPUID
 * leaves were found and the hypercall page filled. Lines a guest prints only
 * because it found Xen start with "xen: " (Linux's convention), so its
 * transcript on another machine is the same with those lines left out.
 */
static inline bool xen_present(void)
{
#ifdef XS_PVH
    return xen_hypercalls_ready;
#else
    return true;
#endif
}

/* The guest-sdk MODE the guest was built for: "pv", "pvh", "hvm" or "hvm-realmode". */
#define XS_MODE XS_MODE_NAME

/*
 * Flushes the console and asks Xen to stop the domain (SCHEDOP_shutdown);
 * without Xen (PVH/HVM), writes the reason to isa-debug-exit (port 0xf4).
 */
void shutdown(unsigned int reason) __noreturn;

/* Name of a negative Xen error (-22 -> "EINVAL"); "E?" if unknown. */
const char *xen_errname(int err);

/* Linker-script symbols. */
extern char _text[], _etext[], _edata[], __bss_start[], _end[];

#endif
