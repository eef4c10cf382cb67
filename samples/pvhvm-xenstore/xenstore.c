/*
 * pvhvm-xenstore: an HVM guest (MODE = hvm) that finds Xen from inside and
 * turns on Xen's PV interfaces, as a PVHVM Linux does
 * (arch/x86/xen/enlighten_hvm.c):
 *   CPUID leaves "XenVMMXenVMM" -> hypercall page through the MSR of leaf
 *   base+2 (done by the HVM start code) -> xen_hvm_setup(): shared_info
 *   through XENMEM_add_to_physmap, the event callback vector through
 *   HVM_PARAM_CALLBACK_IRQ, the console and xenstore rings from the
 *   HVM_PARAM_{CONSOLE,STORE}_{PFN,EVTCHN} parameters.
 * Then the xenstore exchange of pv-xenstore: domid and name, a key written,
 * watched (events arrive through the callback vector), changed, read back,
 * and a missing key. Lines up to the set-up go to COM1; from there on
 * printk writes to the PV console ring. Without Xen only the first and the
 * last line are printed.
 */
#include <xenscope/xenscope.h>

static int fail(const char *what, int rc)
{
    printk("xen: %s failed: %d (%s)\n", what, rc, xen_errname(rc));
    return 1;
}

static int wait_event(const char *expect_path, const char *expect_token)
{
    char path[128], token[32];
    int rc = xenbus_wait_watch(path, sizeof(path), token, sizeof(token));
    if (rc)
        return fail("xenbus_wait_watch", rc);
    printk("xen: watch event: path \"%s\" token \"%s\"\n", path, token);
    return strcmp(path, expect_path) || strcmp(token, expect_token);
}

static int xenstore_exchange(void)
{
    char buf[128], key[96];
    unsigned long domid;
    int rc;

    if ((rc = xenbus_read_ulong("domid", &domid)))
        return fail("xenbus read domid", rc);
    printk("xen: xenstore: domid %lu\n", domid);
    if ((rc = xenbus_read("name", buf, sizeof(buf))) < 0)
        return fail("xenbus read name", rc);
    printk("xen: xenstore: name \"%s\"\n", buf);

    snprintf(key, sizeof(key), "/local/domain/%lu/data/xenscope-test", domid);
    if ((rc = xenbus_write(key, "hello")))
        return fail("xenbus write", rc);
    printk("xen: wrote %s = \"hello\"\n", key);
    if ((rc = xenbus_watch(key, "tok1")))
        return fail("xenbus watch", rc);
    if (wait_event(key, "tok1"))        /* fired once on registration */
        return 1;
    if ((rc = xenbus_write(key, "world")))
        return fail("xenbus write", rc);
    printk("xen: wrote %s = \"world\"\n", key);
    if (wait_event(key, "tok1"))        /* fired by the change */
        return 1;
    if ((rc = xenbus_read(key, buf, sizeof(buf))) < 0)
        return fail("xenbus read", rc);
    printk("xen: read back \"%s\"\n", buf);
    if ((rc = xenbus_unwatch(key, "tok1")))
        return fail("xenbus unwatch", rc);
    rc = xenbus_read("data/does-not-exist", buf, sizeof(buf));
    printk("xen: reading a missing key: %d (%s)\n", rc, xen_errname(rc));
    return 0;
}

int main(void)
{
    printk("pvhvm-xenstore: an HVM guest looking for Xen\n");
    if (xen_present()) {
        uint32_t base = xen_cpuid_base(), ver, feat, vcpu, domid, d;
        cpuid(base + 1, &ver, &d, &d, &d);
        cpuid(base + 4, &feat, &vcpu, &domid, &d);
        printk("xen: Xen %u.%u at CPUID leaf %#x\n", ver >> 16, ver & 0xffff, base);
        if (feat & XEN_HVM_CPUID_DOMID_PRESENT)
            printk("xen: CPUID says domid %u\n", domid);
        printk("xen: PVHVM set-up: shared_info, callback vector, PV console and xenstore rings\n");
        int rc = xen_hvm_setup();
        if (rc)
            return fail("xen_hvm_setup", rc);
        /* From here printk writes to the PV console ring. */
        printk("xen: on the PV console ring; shared_info at %p\n", (void *)HYPERVISOR_shared_info);
        if (xenstore_exchange())
            return 1;
    }
    printk("pvhvm-xenstore: done\n");
    return 0;
}
