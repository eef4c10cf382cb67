/* SPDX-License-Identifier: MIT */
/*
 * A minimal, synchronous xenstore client over the ring of
 * start_info->store_mfn / store_evtchn (xs_wire protocol). One request is in
 * flight at a time; watch events that arrive meanwhile are queued.
 * Relative paths are relative to the domain's home /local/domain/<domid>.
 * Errors are -XEN_Exxx, mapped from the errno names xenstored answers with.
 */
#ifndef XENSCOPE_XENBUS_H
#define XENSCOPE_XENBUS_H

#include <stddef.h>
#include <xen/xen.h>
#include <xen/io/xs_wire.h>

void xenbus_init(const start_info_t *si);
/* The ring at a kernel VA (PVH: the page of HVM_PARAM_STORE_PFN) and its event channel. */
void xenbus_init_ring(void *ring, evtchn_port_t port);

/* Value of path into buf (NUL-terminated); returns its length or -errno. */
int xenbus_read(const char *path, char *buf, size_t size);
/* Read an unsigned decimal value. */
int xenbus_read_ulong(const char *path, unsigned long *val);
int xenbus_write(const char *path, const char *value);
int xenbus_rm(const char *path);
int xenbus_watch(const char *path, const char *token);
int xenbus_unwatch(const char *path, const char *token);

/* Waits for the next watch event (queued or new); copies path and token. */
int xenbus_wait_watch(char *path, size_t path_size, char *token, size_t token_size);

/*
 * Any request: type, payload of len bytes; reply payload into reply (up to size,
 * NUL-terminated when room). Returns reply length or -errno.
 */
int xenbus_request(enum xsd_sockmsg_type type, const void *payload, size_t len,
                   char *reply, size_t size);

#endif
