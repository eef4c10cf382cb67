/* hello-pvh: the smallest useful Xen PVH guest. */
#include <xenscope/xenscope.h>
#include <xen/hvm/start_info.h>

extern struct hvm_start_info *hvm_start_info;

static const char *memmap_type(uint32_t t)
{
    switch (t) {
    case XEN_HVM_MEMMAP_TYPE_RAM:      return "RAM";
    case XEN_HVM_MEMMAP_TYPE_RESERVED: return "reserved";
    case XEN_HVM_MEMMAP_TYPE_ACPI:     return "ACPI";
    case XEN_HVM_MEMMAP_TYPE_NVS:      return "NVS";
    case XEN_HVM_MEMMAP_TYPE_UNUSABLE: return "unusable";
    default:                           return "?";
    }
}

int main(void)
{
    char extra[16];
    xen_feature_info_t fi = { .submap_idx = 0 };

    printk("Hello from a Xen PVH guest!\n");

    /* Booted by another PVH loader (QEMU's -kernel), there is no Xen to ask. */
    if (xen_present()) {
        int ver = HYPERVISOR_xen_version(XENVER_version, NULL);
        memset(extra, 0, sizeof(extra));
        HYPERVISOR_xen_version(XENVER_extraversion, extra);
        extra[sizeof(extra) - 1] = '\0';
        printk("xen: Xen version %d.%d%s\n", ver >> 16, ver & 0xffff, extra);

        int rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
        printk("xen: XENVER_get_features: rc %d, submap 0 = %#x (auto_translated_physmap %s, hvm_callback_vector %s)\n",
               rc, fi.submap, (fi.submap >> XENFEAT_auto_translated_physmap) & 1 ? "yes" : "no",
               (fi.submap >> XENFEAT_hvm_callback_vector) & 1 ? "yes" : "no");
    }

    const struct hvm_start_info *si = hvm_start_info;
    printk("hvm_start_info at %p: magic %#x, version %u\n", (const void *)si, si->magic, si->version);
    printk("  flags         %#x\n", si->flags);
    printk("  nr_modules    %u\n", si->nr_modules);
    printk("  cmdline       \"%s\"\n", si->cmdline_paddr ? (const char *)si->cmdline_paddr : "");
    printk("  rsdp_paddr    %#lx\n", (unsigned long)si->rsdp_paddr);
    printk("  memmap        %u entries\n", si->memmap_entries);
    const struct hvm_memmap_table_entry *e = (const void *)si->memmap_paddr;
    for (uint32_t i = 0; i < si->memmap_entries; i++)
        printk("    0x%012lx-0x%012lx %s\n", (unsigned long)e[i].addr,
               (unsigned long)(e[i].addr + e[i].size - 1), memmap_type(e[i].type));
    printk("Kernel image %p-%p, hypercall page at %p\n", (void *)_text, (void *)_end,
           (void *)hypercall_page);
    printk("Goodbye.\n");
    return 0;
}
