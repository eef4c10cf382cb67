/*
 * pv-xenstore: talk to xenstored over the ring Xen's builder set up
 * (start_info->store_mfn / store_evtchn), with the xs_wire protocol:
 *   read domid and name (paths relative to /local/domain/<domid>),
 *   write a key under our home's data/ directory, watch it, receive the
 *   initial watch event xenstored fires on registration, change the key,
 *   receive the change event, read it back, unwatch, shut down.
 */
#include <xenscope/xenscope.h>

static int fail(const char *what, int rc)
{
    printk("%s failed: %d (%s)\n", what, rc, xen_errname(rc));
    return 1;
}

static int wait_event(const char *expect_path, const char *expect_token)
{
    char path[128], token[32];
    int rc = xenbus_wait_watch(path, sizeof(path), token, sizeof(token));
    if (rc)
        return fail("xenbus_wait_watch", rc);
    printk("watch event: path \"%s\" token \"%s\"\n", path, token);
    return strcmp(path, expect_path) || strcmp(token, expect_token);
}

int main(void)
{
    char buf[128], home[64], key[96];
    unsigned long domid;
    int rc;

    if ((rc = xenbus_read_ulong("domid", &domid)))
        return fail("xenbus read domid", rc);
    printk("pv-xenstore: domid %lu\n", domid);
    if ((rc = xenbus_read("name", buf, sizeof(buf))) < 0)
        return fail("xenbus read name", rc);
    printk("name \"%s\"\n", buf);

    snprintf(home, sizeof(home), "/local/domain/%lu", domid);
    snprintf(key, sizeof(key), "%s/data/xenscope-test", home);

    if ((rc = xenbus_write(key, "hello")))
        return fail("xenbus write", rc);
    printk("wrote %s = \"hello\"\n", key);

    if ((rc = xenbus_watch(key, "tok1")))
        return fail("xenbus watch", rc);
    printk("watching %s\n", key);
    if (wait_event(key, "tok1"))        /* fired once on registration */
        return 1;

    if ((rc = xenbus_write(key, "world")))
        return fail("xenbus write", rc);
    printk("wrote %s = \"world\"\n", key);
    if (wait_event(key, "tok1"))        /* fired by the change */
        return 1;

    if ((rc = xenbus_read(key, buf, sizeof(buf))) < 0)
        return fail("xenbus read", rc);
    printk("read back \"%s\"\n", buf);

    if ((rc = xenbus_unwatch(key, "tok1")))
        return fail("xenbus unwatch", rc);
    rc = xenbus_read("data/does-not-exist", buf, sizeof(buf));
    printk("reading a missing key: %d (%s)\n", rc, xen_errname(rc));
    printk("pv-xenstore: done\n");
    return 0;
}
