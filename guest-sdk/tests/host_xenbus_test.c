/*
 * Host-side test of lib/xenbus.c and lib/events.c against fakes: a tiny
 * in-process xenstored that serves the request ring whenever the client
 * "blocks", and a fake shared_info for the 2-level event dispatcher.
 * The library sources are included so their static state is reachable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenscope/xenscope.h>

/* Route the library's hypercalls to fakes (defined below) before including it. */
static int fake_event_channel_op(int cmd, void *arg);
static int fake_sched_op(int cmd, void *arg);
static int fake_xen_version(int cmd, void *arg);
#define HYPERVISOR_event_channel_op fake_event_channel_op
#define HYPERVISOR_sched_op fake_sched_op
#define HYPERVISOR_xen_version fake_xen_version

#include "../lib/xenbus.c"
#include "../lib/events.c"

uint8_t hypercall_page[4096];      /* linked, never called */
void console_write(const char *buf, size_t len) { fwrite(buf, 1, len, stdout); }
void panic(const char *fmt, ...) { printf("panic: %s\n", fmt); exit(2); }
start_info_t *start_info;

static int failures;
#define EXPECT(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

/* ---- fake xenstored ----------------------------------------------------- */
static struct xenstore_domain_interface ring_page;
static struct { char path[128], value[128]; } nodes[16];
static int nr_nodes;
static struct { char path[128], token[32]; } watches[4];
static int nr_watches;
static int notifications;

static void rsp_put(const void *d, size_t n)
{
    const char *p = d;
    for (size_t i = 0; i < n; i++)
        ring_page.rsp[MASK_XENSTORE_IDX(ring_page.rsp_prod + i)] = p[i];
    ring_page.rsp_prod += (uint32_t)n;
}

static void reply(uint32_t type, uint32_t req_id, const void *body, size_t len)
{
    struct xsd_sockmsg h = { type, req_id, 0, (uint32_t)len };
    rsp_put(&h, sizeof(h));
    rsp_put(body, len);
}

static void fire(const char *path)
{
    for (int i = 0; i < nr_watches; i++)
        if (!strcmp(watches[i].path, path)) {
            char b[200];
            size_t pl = strlen(path) + 1, tl = strlen(watches[i].token) + 1;
            memcpy(b, path, pl);
            memcpy(b + pl, watches[i].token, tl);
            reply(XS_WATCH_EVENT, 0, b, pl + tl);
        }
}

static void serve(void)
{
    while (ring_page.req_prod - ring_page.req_cons >= sizeof(struct xsd_sockmsg)) {
        struct xsd_sockmsg h;
        char body[512];
        for (size_t i = 0; i < sizeof(h); i++)
            ((char *)&h)[i] = ring_page.req[MASK_XENSTORE_IDX(ring_page.req_cons + i)];
        if (ring_page.req_prod - ring_page.req_cons < sizeof(h) + h.len)
            return;
        for (size_t i = 0; i < h.len; i++)
            body[i] = ring_page.req[MASK_XENSTORE_IDX(ring_page.req_cons + sizeof(h) + i)];
        body[h.len] = '\0';
        ring_page.req_cons += (uint32_t)(sizeof(h) + h.len);
        EXPECT(h.tx_id == 0);

        char path[128];
        strcpy(path, body);
        if (path[0] != '/')
            snprintf(path, sizeof(path), "/local/domain/7/%s", body);
        int n = -1;
        for (int i = 0; i < nr_nodes; i++)
            if (!strcmp(nodes[i].path, path))
                n = i;
        switch (h.type) {
        case XS_READ:
            if (n < 0)
                reply(XS_ERROR, h.req_id, "ENOENT", 7);
            else
                reply(XS_READ, h.req_id, nodes[n].value, strlen(nodes[n].value));
            break;
        case XS_WRITE: {
            size_t pl = strlen(body) + 1;
            EXPECT(h.len > pl);
            if (n < 0)
                n = nr_nodes++;
            strcpy(nodes[n].path, path);
            memcpy(nodes[n].value, body + pl, h.len - pl);   /* value is not NUL-terminated */
            nodes[n].value[h.len - pl] = '\0';
            reply(XS_WRITE, h.req_id, "OK", 3);
            fire(path);
            break;
        }
        case XS_WATCH:
            strcpy(watches[nr_watches].path, path);
            strcpy(watches[nr_watches].token, body + strlen(body) + 1);
            nr_watches++;
            reply(XS_WATCH, h.req_id, "OK", 3);
            fire(path);                      /* xenstored fires once up front */
            break;
        case XS_UNWATCH:
            nr_watches = 0;
            reply(XS_UNWATCH, h.req_id, "OK", 3);
            break;
        default:
            reply(XS_ERROR, h.req_id, "EINVAL", 7);
        }
    }
}

/* ---- hypervisor stubs ---------------------------------------------------- */
static shared_info_t fake_shared;
static int hypercalls;

static int fake_event_channel_op(int cmd, void *arg)
{
    hypercalls++;
    if (cmd == EVTCHNOP_send) {
        EXPECT(((evtchn_send_t *)arg)->port == 2);
        notifications++;
        return 0;
    }
    return -XEN_ENOSYS;
}

/* SCHEDOP_block: "xenstored" runs, then Xen re-enabled events (as the real block does). */
static int fake_sched_op(int cmd, void *arg)
{
    hypercalls++;
    EXPECT(cmd == SCHEDOP_block);
    EXPECT(fake_shared.vcpu_info[0].evtchn_upcall_mask == 1);   /* called masked */
    serve();
    fake_shared.vcpu_info[0].evtchn_upcall_mask = 0;
    return 0;
}

static int fake_xen_version(int cmd, void *arg)
{
    hypercalls++;
    return 0x40013;
}

static unsigned int seen_port[8], nr_seen;
static void handler(evtchn_port_t port, struct xs_regs *r, void *d)
{
    seen_port[nr_seen++] = port;
    EXPECT(d == (void *)&nr_seen);
}

int main(void)
{
    HYPERVISOR_shared_info = &fake_shared;
    fake_shared.vcpu_info[0].evtchn_upcall_mask = 1;

    /* --- event dispatcher: ports 3 and 70 pending, 5 pending but masked --- */
    evtchn_set_handler(3, handler, &nr_seen);
    evtchn_set_handler(70, handler, &nr_seen);
    evtchn_set_handler(5, handler, &nr_seen);
    set_bit(3, fake_shared.evtchn_pending);
    set_bit(70, fake_shared.evtchn_pending);
    set_bit(5, fake_shared.evtchn_pending);
    set_bit(5, fake_shared.evtchn_mask);
    fake_shared.vcpu_info[0].evtchn_pending_sel = (1UL << 0) | (1UL << 1);
    fake_shared.vcpu_info[0].evtchn_upcall_pending = 1;
    xs_do_hypervisor_callback(NULL);
    EXPECT(nr_seen == 2 && seen_port[0] == 3 && seen_port[1] == 70);
    EXPECT(!test_bit(3, fake_shared.evtchn_pending) && !test_bit(70, fake_shared.evtchn_pending));
    EXPECT(test_bit(5, fake_shared.evtchn_pending));
    EXPECT(fake_shared.vcpu_info[0].evtchn_pending_sel == 0);
    EXPECT(fake_shared.vcpu_info[0].evtchn_upcall_pending == 0);
    /* unmasking a pending port re-raises the selector and upcall_pending (mask stays on) */
    unmask_evtchn(5);
    EXPECT(!test_bit(5, fake_shared.evtchn_mask));
    EXPECT(fake_shared.vcpu_info[0].evtchn_pending_sel == 1 && fake_shared.vcpu_info[0].evtchn_upcall_pending == 1);
    xs_do_hypervisor_callback(NULL);
    EXPECT(nr_seen == 3 && seen_port[2] == 5);

    /* --- xenbus over the fake ring --- */
    xs_ring = &ring_page;
    xs_port = 2;
    strcpy(nodes[0].path, "/local/domain/7/domid");
    strcpy(nodes[0].value, "7");
    strcpy(nodes[1].path, "/local/domain/7/name");
    strcpy(nodes[1].value, "guest");
    nr_nodes = 2;

    unsigned long domid = 0;
    char buf[64], path[128], token[32];
    EXPECT(xenbus_read_ulong("domid", &domid) == 0 && domid == 7);
    EXPECT(xenbus_read("name", buf, sizeof(buf)) == 5 && !strcmp(buf, "guest"));
    EXPECT(xenbus_read("nope", buf, sizeof(buf)) == -XEN_ENOENT);
    EXPECT(xenbus_write("/local/domain/7/data/k", "hello") == 0);
    EXPECT(xenbus_watch("/local/domain/7/data/k", "tok1") == 0);
    EXPECT(xenbus_wait_watch(path, sizeof(path), token, sizeof(token)) == 0);
    EXPECT(!strcmp(path, "/local/domain/7/data/k") && !strcmp(token, "tok1"));
    EXPECT(xenbus_write("/local/domain/7/data/k", "world") == 0);
    EXPECT(xenbus_wait_watch(path, sizeof(path), token, sizeof(token)) == 0);
    EXPECT(!strcmp(path, "/local/domain/7/data/k") && !strcmp(token, "tok1"));
    EXPECT(xenbus_read("/local/domain/7/data/k", buf, sizeof(buf)) == 5 && !strcmp(buf, "world"));
    EXPECT(xenbus_unwatch("/local/domain/7/data/k", "tok1") == 0);
    EXPECT(watch_count == 0);
    /* many requests: indices wrap the 1 KiB rings several times */
    for (int i = 0; i < 200; i++)
        EXPECT(xenbus_read("name", buf, sizeof(buf)) == 5);
    EXPECT(ring_page.req_prod > 4 * XENSTORE_RING_SIZE && ring_page.rsp_cons == ring_page.rsp_prod);
    EXPECT(notifications > 0);
    (void)hypercalls;

    if (failures) {
        printf("guest-sdk xenbus/events host tests: %d failure(s)\n", failures);
        return 1;
    }
    printf("guest-sdk xenbus/events host tests: ok\n");
    return 0;
}
