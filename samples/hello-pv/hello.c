/* hello-pv: the smallest useful Xen PV guest. */
#include <xenscope/xenscope.h>

int main(void)
{
    char extra[16];
    xen_feature_info_t fi = { .submap_idx = 0 };

    printk("Hello from a Xen PV guest!\n");

    int ver = HYPERVISOR_xen_version(XENVER_version, NULL);
    memset(extra, 0, sizeof(extra));
    HYPERVISOR_xen_version(XENVER_extraversion, extra);
    extra[sizeof(extra) - 1] = '\0';
    printk("Xen version %d.%d%s\n", ver >> 16, ver & 0xffff, extra);

    int rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
    printk("XENVER_get_features: rc %d, submap 0 = %#x\n", rc, fi.submap);

    start_info_t *si = start_info;
    char magic[33];
    memcpy(magic, si->magic, 32);
    magic[32] = '\0';
    printk("start_info at %p: magic \"%s\"\n", (void *)si, magic);
    printk("  nr_pages      %lu (%lu KiB)\n", si->nr_pages, si->nr_pages * 4);
    printk("  flags         %#x\n", si->flags);
    printk("  store         mfn %#lx, evtchn %u\n", si->store_mfn, si->store_evtchn);
    printk("  console       mfn %#lx, evtchn %u\n", si->console.domU.mfn, si->console.domU.evtchn);
    printk("  pt_base       %p (%lu page-table frames)\n", (void *)si->pt_base, si->nr_pt_frames);
    printk("  mfn_list      %p\n", (void *)si->mfn_list);
    printk("  cmd_line      \"%s\"\n", si->cmd_line);
    printk("Kernel image %p-%p, hypercall page at %p\n", (void *)_text, (void *)_end,
           (void *)hypercall_page);
    printk("Goodbye.\n");
    return 0;
}
