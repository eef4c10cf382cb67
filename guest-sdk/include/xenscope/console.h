/* SPDX-License-Identifier: MIT */
/*
 * Console output. Before console_init() (and whenever the ring is not known)
 * text goes through HYPERVISOR_console_io(CONSOLEIO_write); afterwards it goes
 * to the PV console ring of start_info->console.domU and the backend is told
 * through the console event channel.
 */
#ifndef XENSCOPE_CONSOLE_H
#define XENSCOPE_CONSOLE_H

#include <stddef.h>
#include <xen/xen.h>

/* Maps the console ring (mfn -> pfn through the M2P -> kernel VA). */
void console_init(const start_info_t *si);
/* The ring at a kernel VA (PVH: the page of HVM_PARAM_CONSOLE_PFN) and its event channel. */
void console_init_ring(void *ring, evtchn_port_t port);
/* Writes bytes (no translation: "\n" stays "\n"). */
void console_write(const char *buf, size_t len);
/* Writes through the hypervisor's own console, whatever the state. */
void console_write_early(const char *buf, size_t len);
/* Waits (bounded) until the backend has consumed everything written. */
void console_flush(void);

#endif
