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

int main(void);

/* Set by start_kernel: what Xen passed in rsi. */
extern start_info_t *start_info;

/* Flushes the console and asks Xen to stop the domain (SCHEDOP_shutdown). */
void shutdown(unsigned int reason) __noreturn;

/* Name of a negative Xen error (-22 -> "EINVAL"); "E?" if unknown. */
const char *xen_errname(int err);

/* Linker-script symbols. */
extern char _text[], _etext[], _edata[], __bss_start[], _end[];

#endif
