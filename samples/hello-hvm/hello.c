/*
 * hello-hvm: an HVM guest loaded by a Multiboot loader (MODE = hvm). Prints
 * what the loader passed (flags, memory sizes, command line, loader name, the
 * BIOS memory map) and, on Xen only, how it found Xen from inside (CPUID
 * leaves, hypercall page MSR) and Xen's version through a hypercall.
 */
#include <xenscope/xenscope.h>
#include <xenscope/multiboot.h>

static const char *e820_type(uint32_t t)
{
    switch (t) {
    case 1:  return "RAM";
    case 2:  return "reserved";
    case 3:  return "ACPI";
    case 4:  return "NVS";
    case 5:  return "unusable";
    default: return "?";
    }
}

static const char *string_at(const struct multiboot_info *mbi, uint32_t flag, uint32_t pa)
{
    return (mbi->flags & flag) && pa ? (const char *)(unsigned long)pa : "(none)";
}

static void print_memory_map(const struct multiboot_info *mbi)
{
    if (!(mbi->flags & MULTIBOOT_INFO_MEM_MAP)) {
        printk("  mmap          (none)\n");
        return;
    }
    unsigned long p = mbi->mmap_addr, end = p + mbi->mmap_length;
    unsigned int n = 0;
    /* Each entry's size field counts the bytes after it (Multiboot 3.3). */
    for (unsigned long q = p; q < end; q += ((const struct multiboot_mmap_entry *)q)->size + 4)
        n++;
    printk("  mmap          %u entries\n", n);
    for (; p < end; p += ((const struct multiboot_mmap_entry *)p)->size + 4) {
        const struct multiboot_mmap_entry *e = (const void *)p;
        printk("    0x%012lx-0x%012lx %s\n", (unsigned long)e->addr,
               (unsigned long)(e->addr + e->len - 1), e820_type(e->type));
    }
}

static void print_xen(void)
{
    uint32_t base = xen_cpuid_base(), ver, a, msr, c, d;
    char extra[16];

    cpuid(base + 1, &ver, &a, &c, &d);
    printk("xen: found Xen %u.%u at CPUID leaf %#x\n", ver >> 16, ver & 0xffff, base);
    cpuid(base + 2, &a, &msr, &c, &d);
    printk("xen: hypercall page at %p, filled through MSR %#x\n", (void *)hypercall_page, msr);
    int v = HYPERVISOR_xen_version(XENVER_version, NULL);
    memset(extra, 0, sizeof(extra));
    HYPERVISOR_xen_version(XENVER_extraversion, extra);
    extra[sizeof(extra) - 1] = '\0';
    printk("xen: XENVER_version %d.%d, extraversion \"%s\"\n", v >> 16, v & 0xffff, extra);
}

int main(void)
{
    const struct multiboot_info *mbi = multiboot_info;

    printk("Hello from an HVM guest!\n");
    printk("multiboot_info at %p: flags %#x\n", (const void *)mbi, mbi->flags);
    if (mbi->flags & MULTIBOOT_INFO_MEMORY)
        printk("  mem_lower     %u KiB, mem_upper %u KiB\n", mbi->mem_lower, mbi->mem_upper);
    else
        printk("  mem_lower     (none)\n");
    printk("  cmdline       \"%s\"\n", string_at(mbi, MULTIBOOT_INFO_CMDLINE, mbi->cmdline));
    printk("  boot loader   \"%s\"\n", string_at(mbi, MULTIBOOT_INFO_BOOT_LOADER_NAME, mbi->boot_loader_name));
    print_memory_map(mbi);
    printk("Kernel image %p-%p, hypercall page at %p\n", (void *)_text, (void *)_end,
           (void *)hypercall_page);
    if (xen_present())
        print_xen();
    printk("Goodbye.\n");
    return 0;
}
