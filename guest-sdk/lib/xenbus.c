/* SPDX-License-Identifier: MIT */
/*
 * Minimal synchronous xenstore client over the xenstore_domain_interface ring.
 * Requests are written into req[], replies read from rsp[]; indices run free.
 * We wait for the other end by blocking (SCHEDOP_block) on the store event
 * channel; its pending bit wakes us whatever the handler table says.
 */
#include <xenscope/xenscope.h>

#define MAX_QUEUED_WATCHES 8
#define WATCH_MSG_MAX      256

static struct xenstore_domain_interface *xs_ring;
static evtchn_port_t xs_port;
static uint32_t xs_req_id;

static struct {
    char msg[WATCH_MSG_MAX];   /* path NUL token NUL */
    size_t len;
} watch_queue[MAX_QUEUED_WATCHES];
static unsigned int watch_head, watch_count;

void xenbus_init_ring(void *ring, evtchn_port_t port)
{
    xs_ring = ring;
    xs_port = port;
    /* We sleep on this port's events: it must not be masked. */
    unmask_evtchn(xs_port);
}

#ifndef XS_PVH
void xenbus_init(const start_info_t *si)
{
    if (!si->store_mfn)
        return;
    xenbus_init_ring(mfn_to_virt(si->store_mfn), si->store_evtchn);
}
#endif

/* Sleep until the store ring may have moved (an event or a spurious wakeup). */
static void xs_wait(bool (*ready)(void))
{
    bool was_masked = local_events_masked();
    for (;;) {
        local_events_disable();
        if (ready())
            break;
        block_domain();          /* unmasks atomically with the pending check */
    }
    if (!was_masked)
        local_events_enable();
}

static bool req_space(void)
{
    return READ_ONCE(xs_ring->req_prod) - READ_ONCE(xs_ring->req_cons) < XENSTORE_RING_SIZE;
}

static bool rsp_data(void)
{
    return READ_ONCE(xs_ring->rsp_prod) != READ_ONCE(xs_ring->rsp_cons);
}

static void ring_write(const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        XENSTORE_RING_IDX cons = READ_ONCE(xs_ring->req_cons);
        XENSTORE_RING_IDX prod = xs_ring->req_prod;
        mb();
        size_t space = XENSTORE_RING_SIZE - (prod - cons);
        if (!space) {
            notify_remote_via_evtchn(xs_port);
            xs_wait(req_space);
            continue;
        }
        size_t n = len < space ? len : space;
        for (size_t i = 0; i < n; i++)
            xs_ring->req[MASK_XENSTORE_IDX(prod++)] = *p++;
        wmb();
        WRITE_ONCE(xs_ring->req_prod, prod);
        len -= n;
    }
    notify_remote_via_evtchn(xs_port);
}

/* Reads exactly len bytes (len 0..n); discards them when out is NULL. */
static void ring_read(void *out, size_t len)
{
    char *p = out;
    while (len) {
        XENSTORE_RING_IDX prod = READ_ONCE(xs_ring->rsp_prod);
        XENSTORE_RING_IDX cons = xs_ring->rsp_cons;
        rmb();
        size_t avail = prod - cons;
        if (!avail) {
            xs_wait(rsp_data);
            continue;
        }
        size_t n = len < avail ? len : avail;
        for (size_t i = 0; i < n; i++) {
            char c = xs_ring->rsp[MASK_XENSTORE_IDX(cons++)];
            if (p)
                *p++ = c;
        }
        mb();                   /* reads done before giving the space back */
        WRITE_ONCE(xs_ring->rsp_cons, cons);
        notify_remote_via_evtchn(xs_port);
        len -= n;
    }
}

static const struct { const char *name; int err; } xs_errors[] = {
    { "EINVAL", XEN_EINVAL }, { "EACCES", XEN_EACCES }, { "EEXIST", XEN_EEXIST },
    { "EISDIR", XEN_EISDIR }, { "ENOENT", XEN_ENOENT }, { "ENOMEM", XEN_ENOMEM },
    { "ENOSPC", XEN_ENOSPC }, { "EIO", XEN_EIO }, { "ENOTEMPTY", XEN_ENOTEMPTY },
    { "ENOSYS", XEN_ENOSYS }, { "EROFS", XEN_EROFS }, { "EBUSY", XEN_EBUSY },
    { "EAGAIN", XEN_EAGAIN }, { "EISCONN", XEN_EISCONN }, { "E2BIG", XEN_E2BIG },
    { "EPERM", XEN_EPERM },
};

static int xs_errno(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(xs_errors); i++)
        if (!strcmp(name, xs_errors[i].name))
            return -xs_errors[i].err;
    return -XEN_EINVAL;
}

/* Reads one whole message; watch events are queued and reported as such. */
static bool read_message(struct xsd_sockmsg *hdr, char *body, size_t size, size_t *stored)
{
    ring_read(hdr, sizeof(*hdr));
    if (hdr->type == XS_WATCH_EVENT) {
        if (watch_count < MAX_QUEUED_WATCHES && hdr->len < WATCH_MSG_MAX) {
            unsigned int slot = (watch_head + watch_count) % MAX_QUEUED_WATCHES;
            ring_read(watch_queue[slot].msg, hdr->len);
            watch_queue[slot].msg[hdr->len] = '\0';
            watch_queue[slot].len = hdr->len;
            watch_count++;
        } else {
            ring_read(NULL, hdr->len);   /* dropped: queue full or too long */
        }
        return false;
    }
    size_t keep = hdr->len < size ? hdr->len : size;
    ring_read(body, keep);
    ring_read(NULL, hdr->len - keep);
    *stored = keep;
    return true;
}

int xenbus_request(enum xsd_sockmsg_type type, const void *payload, size_t len,
                   char *reply, size_t size)
{
    char scratch[32];
    struct xsd_sockmsg hdr = {
        .type = type, .req_id = ++xs_req_id, .tx_id = 0, .len = (uint32_t)len,
    };

    if (!xs_ring)
        return -XEN_ENODEV;
    if (len > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    ring_write(&hdr, sizeof(hdr));
    ring_write(payload, len);

    if (!reply) {
        reply = scratch;
        size = sizeof(scratch);
    }
    for (;;) {
        struct xsd_sockmsg rsp;
        size_t got = 0;
        /* keep room for a terminating NUL */
        if (!read_message(&rsp, reply, size ? size - 1 : 0, &got))
            continue;
        if (rsp.req_id != hdr.req_id)
            continue;           /* not ours (cannot happen with one in flight) */
        if (size)
            reply[got] = '\0';
        if (rsp.type == XS_ERROR)
            return xs_errno(reply);
        return (int)rsp.len;
    }
}

int xenbus_read(const char *path, char *buf, size_t size)
{
    return xenbus_request(XS_READ, path, strlen(path) + 1, buf, size);
}

int xenbus_read_ulong(const char *path, unsigned long *val)
{
    char buf[32];
    const char *end;
    int rc = xenbus_read(path, buf, sizeof(buf));
    if (rc < 0)
        return rc;
    *val = simple_strtoul(buf, &end, 10);
    return (end == buf || *end) ? -XEN_EINVAL : 0;
}

int xenbus_write(const char *path, const char *value)
{
    char msg[512];
    size_t pl = strlen(path) + 1, vl = strlen(value);
    if (pl + vl > sizeof(msg))
        return -XEN_E2BIG;
    memcpy(msg, path, pl);
    memcpy(msg + pl, value, vl);          /* the value is not NUL-terminated */
    int rc = xenbus_request(XS_WRITE, msg, pl + vl, NULL, 0);
    return rc < 0 ? rc : 0;
}

int xenbus_rm(const char *path)
{
    int rc = xenbus_request(XS_RM, path, strlen(path) + 1, NULL, 0);
    return rc < 0 ? rc : 0;
}

static int watch_op(enum xsd_sockmsg_type type, const char *path, const char *token)
{
    char msg[512];
    size_t pl = strlen(path) + 1, tl = strlen(token) + 1;
    if (pl + tl > sizeof(msg))
        return -XEN_E2BIG;
    memcpy(msg, path, pl);
    memcpy(msg + pl, token, tl);
    int rc = xenbus_request(type, msg, pl + tl, NULL, 0);
    return rc < 0 ? rc : 0;
}

int xenbus_watch(const char *path, const char *token)
{
    return watch_op(XS_WATCH, path, token);
}

int xenbus_unwatch(const char *path, const char *token)
{
    return watch_op(XS_UNWATCH, path, token);
}

int xenbus_wait_watch(char *path, size_t path_size, char *token, size_t token_size)
{
    if (!xs_ring)
        return -XEN_ENODEV;
    while (!watch_count) {
        struct xsd_sockmsg hdr;
        size_t got;
        char junk[64];
        if (read_message(&hdr, junk, sizeof(junk), &got))
            continue;           /* a stray reply: nothing is in flight, drop it */
    }
    const char *msg = watch_queue[watch_head].msg;
    size_t len = watch_queue[watch_head].len;
    size_t plen = strnlen(msg, len);
    strlcpy(path, msg, path_size);
    strlcpy(token, plen < len ? msg + plen + 1 : "", token_size);
    watch_head = (watch_head + 1) % MAX_QUEUED_WATCHES;
    watch_count--;
    return 0;
}
