/* SPDX-License-Identifier: MIT */
/*
 * pvh_start_kernel: from head.S (64-bit, identity map of the low 4 GiB,
 * interrupts off) to the guest's main() and back to Xen, for a PVH guest.
 *
 *  1. Find Xen's CPUID leaves (0x40000000 + n * 0x100, "XenVMMXenVMM") and
 *     write hypercall_page's physical address to the MSR of leaf base+2:
 *     Xen fills the page with vmcall stubs. The HYPERVISOR_* wrappers then
 *     work as for PV (same 64-bit registers).
 *  2. XENMEM_add_to_physmap(XENMAPSPACE_shared_info) places shared_info at
 *     a page of our .bss.
 *  3. Our IDT: exception entries, and the event-channel callback vector,
 *     registered as HVM_PARAM_CALLBACK_IRQ (type vector). Events stay masked
 *     (IF = 0) until local_events_enable().
 *  4. The console and xenstore rings are the pages of HVM_PARAM_CONSOLE_PFN /
 *     HVM_PARAM_STORE_PFN with the event channels of the *_EVTCHN params.
 */
#include <xenscope/xenscope.h>
#include <xen/hvm/start_info.h>
#include <xen/hvm/params.h>
#include <xen/hvm/hvm_op.h>

#define XS_PVH_CALLBACK_VECTOR 0xf3     /* Linux's HYPERVISOR_CALLBACK_VECTOR */
#define BOOT_CS 0x08

struct hvm_start_info *hvm_start_info;

static uint8_t shared_info_page[4096] __page_aligned_bss;

struct idt_gate {
    uint16_t offset_lo, selector;
    uint8_t ist, type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi, reserved;
};
static struct idt_gate idt[256] __page_aligned_bss;

extern const unsigned long xs_pvh_trap_entries[22];
extern char xs_pvh_callback_vector[];

static void early_fail(const char *msg, size_t len) __noreturn;
static void early_fail(const char *msg, size_t len)
{
    console_write_early(msg, len);
    shutdown(SHUTDOWN_crash);
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    __asm__ __volatile__("wrmsr" :: "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)) : "memory");
}

/* The base of Xen's CPUID leaves, or 0 if we are not on Xen. */
uint32_t xen_cpuid_base(void)
{
    for (uint32_t base = 0x40000000; base < 0x40010000; base += 0x100) {
        uint32_t a, b, c, d;
        cpuid(base, &a, &b, &c, &d);
        if (b == 0x566e6558 && c == 0x65584d4d && d == 0x4d4d566e && a - base >= 2)
            return base;
    }
    return 0;
}

static void install_hypercall_page(void)
{
    uint32_t base = xen_cpuid_base(), pages, msr, c, d;
    if (!base) {
        /* No hypercalls yet: nothing to print with. Stop here. */
        for (;;)
            __asm__ __volatile__("cli; hlt");
    }
    cpuid(base + 2, &pages, &msr, &c, &d);
    wrmsr(msr, (uint64_t)(unsigned long)hypercall_page);   /* identity map: VA = physical */
}

static void set_gate(unsigned int vec, unsigned long handler)
{
    idt[vec] = (struct idt_gate){
        .offset_lo = (uint16_t)handler, .selector = BOOT_CS, .ist = 0,
        .type_attr = 0x8e,      /* present, DPL 0, 64-bit interrupt gate */
        .offset_mid = (uint16_t)(handler >> 16), .offset_hi = (uint32_t)(handler >> 32),
    };
}

static void traps_init(void)
{
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } idtr = {
        sizeof(idt) - 1, (uint64_t)(unsigned long)idt,
    };
    for (unsigned int v = 0; v < ARRAY_SIZE(xs_pvh_trap_entries); v++)
        set_gate(v, xs_pvh_trap_entries[v]);
    set_gate(XS_PVH_CALLBACK_VECTOR, (unsigned long)xs_pvh_callback_vector);
    __asm__ __volatile__("lidt %0" :: "m"(idtr));
}

static int hvm_param_get(uint32_t index, uint64_t *value)
{
    xen_hvm_param_t p = { .domid = DOMID_SELF, .index = index };
    int rc = (int)HYPERVISOR_hvm_op(HVMOP_get_param, &p);
    *value = rc ? 0 : p.value;
    return rc;
}

static int hvm_param_set(uint32_t index, uint64_t value)
{
    xen_hvm_param_t p = { .domid = DOMID_SELF, .index = index, .value = value };
    return (int)HYPERVISOR_hvm_op(HVMOP_set_param, &p);
}

void pvh_start_kernel(struct hvm_start_info *si) __noreturn;
void pvh_start_kernel(struct hvm_start_info *si)
{
    uint64_t pfn, port;

    hvm_start_info = si;
    install_hypercall_page();

    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .idx = 0,
        .gpfn = virt_to_pfn(shared_info_page),
    };
    if (HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp)) {
        static const char msg[] = "xenscope: cannot map shared_info\n";
        early_fail(msg, sizeof(msg) - 1);
    }
    HYPERVISOR_shared_info = (shared_info_t *)shared_info_page;

    traps_init();
    if (hvm_param_set(HVM_PARAM_CALLBACK_IRQ,
                      ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT) |
                      XS_PVH_CALLBACK_VECTOR)) {
        static const char msg[] = "xenscope: cannot set HVM_PARAM_CALLBACK_IRQ\n";
        early_fail(msg, sizeof(msg) - 1);
    }

    if (!hvm_param_get(HVM_PARAM_CONSOLE_PFN, &pfn) && pfn &&
        !hvm_param_get(HVM_PARAM_CONSOLE_EVTCHN, &port))
        console_init_ring(pfn_to_virt(pfn), (evtchn_port_t)port);
    if (!hvm_param_get(HVM_PARAM_STORE_PFN, &pfn) && pfn &&
        !hvm_param_get(HVM_PARAM_STORE_EVTCHN, &port))
        xenbus_init_ring(pfn_to_virt(pfn), (evtchn_port_t)port);

    int rc = main();
    shutdown(rc == 0 ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}

static const char *const trap_names[] = {
    "divide error", "debug", "NMI", "int3", "overflow", "bounds", "invalid opcode",
    "device not available", "double fault", "coprocessor segment overrun", "invalid TSS",
    "segment not present", "stack segment", "general protection", "page fault", "reserved",
    "x87 FPU error", "alignment check", "machine check", "SIMD error", "virtualisation",
    "control protection",
};

/* What head.S leaves on the stack for xs_pvh_do_trap (lowest address first). */
struct xs_pvh_trap_frame {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;      /* the CPU's frame */
};

void xs_pvh_do_trap(struct xs_pvh_trap_frame *f) __noreturn;
void xs_pvh_do_trap(struct xs_pvh_trap_frame *f)
{
    unsigned long cr2;
    __asm__ __volatile__("movq %%cr2, %0" : "=r"(cr2));
    printk("\n*** Unhandled exception %lu (%s) in the guest kernel\n", (unsigned long)f->vector,
           f->vector < ARRAY_SIZE(trap_names) ? trap_names[f->vector] : "?");
    printk("  error  %016lx\n", (unsigned long)f->error_code);
    printk("  rip    %016lx  cs  %04lx\n", (unsigned long)f->rip, (unsigned long)(f->cs & 0xffff));
    printk("  rflags %016lx\n", (unsigned long)f->rflags);
    printk("  rsp    %016lx  ss  %04lx\n", (unsigned long)f->rsp, (unsigned long)(f->ss & 0xffff));
    if (f->vector == 14)
        printk("  cr2    %016lx\n", cr2);
    printk("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", (unsigned long)f->rax,
           (unsigned long)f->rbx, (unsigned long)f->rcx, (unsigned long)f->rdx);
    printk("  rsi %016lx rdi %016lx rbp %016lx\n", (unsigned long)f->rsi, (unsigned long)f->rdi,
           (unsigned long)f->rbp);
    shutdown(SHUTDOWN_crash);
}
