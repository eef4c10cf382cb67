/*
 * hello: one source built as a Xen PV, a PVH and an HVM (multiboot) guest
 * (MODES = pv pvh hvm). The library hides the difference: printk goes to
 * Xen's console (ring or console_io) or, in an HVM container without Xen's
 * console, to COM1; shutdown() is SCHEDOP_shutdown on Xen and isa-debug-exit
 * elsewhere. What only Xen can answer is printed on "xen: " lines.
 */
#include <xenscope/xenscope.h>

int main(void)
{
    char extra[16];

    printk("Hello from guest-sdk, built as %s!\n", XS_MODE);
    if (xen_present()) {
        int v = HYPERVISOR_xen_version(XENVER_version, NULL);
        memset(extra, 0, sizeof(extra));
        HYPERVISOR_xen_version(XENVER_extraversion, extra);
        extra[sizeof(extra) - 1] = '\0';
        printk("xen: Xen %d.%d%s\n", v >> 16, v & 0xffff, extra);
        xen_feature_info_t fi = { .submap_idx = 0 };
        HYPERVISOR_xen_version(XENVER_get_features, &fi);
        printk("xen: auto_translated_physmap %s\n",
               (fi.submap >> XENFEAT_auto_translated_physmap) & 1 ? "yes" : "no");
    }
    printk("Kernel image %p-%p\n", (void *)_text, (void *)_end);
    printk("Goodbye.\n");
    return 0;
}
