/* SPDX-License-Identifier: MIT */
/*
 * Xen from inside an HVM container (PVH and HVM guests), the way Linux's
 * arch/x86/xen/enlighten_hvm.c does it:
 *
 *  1. Find Xen's CPUID leaves (0x40000000 + n * 0x100, "XenVMMXenVMM") and
 *     write hypercall_page's physical address to the MSR of leaf base+2:
 *     Xen fills the page with vmcall (Intel) or vmmcall (AMD) stubs. The
 *     HYPERVISOR_* wrappers then work as for PV (same 64-bit registers).
 *  2. XENMEM_add_to_physmap(XENMAPSPACE_shared_info) places shared_info at
 *     a page of our .bss.
 *  3. The event-channel callback vector, registered as HVM_PARAM_CALLBACK_IRQ
 *     (type vector). Events stay masked (IF = 0) until local_events_enable().
 *  4. The console and xenstore rings are the pages of HVM_PARAM_CONSOLE_PFN /
 *     HVM_PARAM_STORE_PFN with the event channels of the *_EVTCHN params.
 */
#include <xenscope/xenscope.h>
#include <xenscope/hvm.h>
#include <xen/hvm/params.h>
#include <xen/hvm/hvm_op.h>

#define XS_CALLBACK_VECTOR 0xf3         /* Linux's HYPERVISOR_CALLBACK_VECTOR */
#define BOOT_CS 0x08

bool xen_hypercalls_ready;

static uint8_t shared_info_page[4096] __page_aligned_bss;

struct idt_gate {
    uint16_t offset_lo, selector;
    uint8_t ist, type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi, reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate (SDM Vol. 3A 7.14.1)");
static struct idt_gate idt[256] __page_aligned_bss;

extern const unsigned long xs_trap_entries[22];
extern char xs_callback_vector[];

uint32_t xen_cpuid_base(void)
{
    for (uint32_t base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_FIRST_LEAF + 0x10000; base += 0x100) {
        uint32_t a, b, c, d;
        cpuid(base, &a, &b, &c, &d);
        if (b == XEN_CPUID_SIGNATURE_EBX && c == XEN_CPUID_SIGNATURE_ECX &&
            d == XEN_CPUID_SIGNATURE_EDX && a - base >= 2)
            return base;
    }
    return 0;
}

int xen_hvm_init_hypercalls(void)
{
    uint32_t base = xen_cpuid_base(), pages, msr, c, d;
    if (!base)
        return -1;
    cpuid(base + 2, &pages, &msr, &c, &d);
    wrmsr(msr, (uint64_t)(unsigned long)hypercall_page);   /* identity map: VA = physical */
    xen_hypercalls_ready = true;
    return 0;
}

static void set_gate(unsigned int vec, unsigned long handler)
{
    idt[vec] = (struct idt_gate){
        .offset_lo = (uint16_t)handler, .selector = BOOT_CS, .ist = 0,
        .type_attr = 0x8e,      /* present, DPL 0, 64-bit interrupt gate */
        .offset_mid = (uint16_t)(handler >> 16), .offset_hi = (uint32_t)(handler >> 32),
    };
}

void xs_idt_init(void)
{
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } idtr = {
        sizeof(idt) - 1, (uint64_t)(unsigned long)idt,
    };
    for (unsigned int v = 0; v < ARRAY_SIZE(xs_trap_entries); v++)
        set_gate(v, xs_trap_entries[v]);
    set_gate(XS_CALLBACK_VECTOR, (unsigned long)xs_callback_vector);
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

int xen_hvm_setup(void)
{
    uint64_t pfn, port;
    int rc;

    if (!xen_hypercalls_ready)
        return -XEN_ENOSYS;
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .idx = 0,
        .gpfn = virt_to_pfn(shared_info_page),
    };
    if ((rc = (int)HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp)))
        return rc;
    HYPERVISOR_shared_info = (shared_info_t *)shared_info_page;

    rc = hvm_param_set(HVM_PARAM_CALLBACK_IRQ,
                       ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT) |
                       XS_CALLBACK_VECTOR);
    if (rc)
        return rc;

    if (!hvm_param_get(HVM_PARAM_CONSOLE_PFN, &pfn) && pfn &&
        !hvm_param_get(HVM_PARAM_CONSOLE_EVTCHN, &port))
        console_init_ring(pfn_to_virt(pfn), (evtchn_port_t)port);
    if (!hvm_param_get(HVM_PARAM_STORE_PFN, &pfn) && pfn &&
        !hvm_param_get(HVM_PARAM_STORE_EVTCHN, &port))
        xenbus_init_ring(pfn_to_virt(pfn), (evtchn_port_t)port);
    return 0;
}

/* What entry.S leaves on the stack for xs_do_trap (lowest address first). */
struct xs_trap_frame {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;      /* the CPU's frame */
};

void xs_do_trap(struct xs_trap_frame *f) __noreturn;
void xs_do_trap(struct xs_trap_frame *f)
{
    unsigned long cr2;
    __asm__ __volatile__("movq %%cr2, %0" : "=r"(cr2));
    printk("\n*** Unhandled exception %lu (%s) in the guest kernel\n", (unsigned long)f->vector,
           xs_trap_name(f->vector));
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
