/*
 * hvm-realmode: an HVM guest booted from a raw disk by the BIOS (MODE =
 * hvm-realmode). guest-sdk's boot sector prints at each stage (real mode,
 * image loaded with int 13h, protected mode, long mode); here, in 64-bit C,
 * we check what the stages left behind: the CPU's mode bits, the A20 gate
 * (no wrap at 1 MiB), where the BIOS put us, and, on Xen only, Xen's version.
 */
#include <xenscope/xenscope.h>

#define X86_CR0_PE  (1UL << 0)
#define X86_CR0_PG  (1UL << 31)
#define X86_CR4_PAE (1UL << 5)
#define MSR_EFER    0xc0000080
#define EFER_LMA    (1UL << 10)

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

/* With A20 off, 0x100000 + x is x: writing one would change the other. */
static bool a20_enabled(void)
{
    volatile uint32_t *low = (volatile uint32_t *)0x7dfcUL;       /* in the boot sector */
    volatile uint32_t *high = (volatile uint32_t *)0x107dfcUL;
    uint32_t saved = *high;
    *high = ~*low;
    bool on = *high != *low;
    *high = saved;
    return on;
}

int main(void)
{
    unsigned long cr0, cr4;
    __asm__ __volatile__("mov %%cr0, %0" : "=r"(cr0));
    __asm__ __volatile__("mov %%cr4, %0" : "=r"(cr4));
    uint64_t efer = rdmsr(MSR_EFER);

    printk("Hello from 64-bit C, booted from a disk!\n");
    printk("CR0.PE %lu CR0.PG %lu CR4.PAE %lu EFER.LMA %lu\n", cr0 & X86_CR0_PE,
           (cr0 & X86_CR0_PG) >> 31, (cr4 & X86_CR4_PAE) >> 5, (unsigned long)(efer & EFER_LMA) >> 10);
    printk("A20 %s\n", a20_enabled() ? "enabled" : "disabled");
    printk("boot signature %#x at 0x7dfe\n", *(volatile uint16_t *)0x7dfeUL);
    printk("Kernel image %p-%p, hypercall page at %p\n", (void *)_text, (void *)_end,
           (void *)hypercall_page);
    if (xen_present()) {
        int v = HYPERVISOR_xen_version(XENVER_version, NULL);
        printk("xen: Xen %d.%d, hypercall page filled\n", v >> 16, v & 0xffff);
    }
    printk("Goodbye.\n");
    return 0;
}
