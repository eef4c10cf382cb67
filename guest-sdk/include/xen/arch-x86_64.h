/* SPDX-License-Identifier: MIT */
/*
 * x86-64 specifics of the Xen ABI (arch-x86/xen.h, arch-x86/xen-x86_64.h):
 * the Xen-reserved virtual range, flat selectors, trap_info, iret_context,
 * arch_vcpu_info, arch_shared_info, page-table entry bits.
 */
#ifndef XEN_ARCH_X86_64_H
#define XEN_ARCH_X86_64_H

#include <xen/abi.h>

/* Virtual range owned by Xen in every 64-bit PV address space: L4 slots 256..271. */
#define HYPERVISOR_VIRT_START 0xFFFF800000000000UL
#define HYPERVISOR_VIRT_END   0xFFFF880000000000UL
/* The read-only M2P table (one unsigned long pfn per mfn). */
#define MACH2PHYS_VIRT_START  0xFFFF800000000000UL
#define MACH2PHYS_VIRT_END    0xFFFF804000000000UL
#define MACH2PHYS_NR_ENTRIES  ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)
#define XEN_L4_FIRST_XEN_SLOT 256
#define XEN_L4_LAST_XEN_SLOT  271

/* Flat selectors: a 64-bit PV kernel runs in ring 3. */
#define FLAT_RING3_CS32 0xe023
#define FLAT_RING3_CS64 0xe033
#define FLAT_RING3_DS32 0xe02b
#define FLAT_RING3_DS64 0x0000
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_SS64 0xe02b
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64
#define FLAT_USER_CS64   FLAT_RING3_CS64
#define FLAT_USER_SS64   FLAT_RING3_SS64

/* ---- set_trap_table ------------------------------------------------------ */
/* flags: bits 0-1 DPL, bit 2 set = mask events (upcall_mask = 1) on entry. */
#define TI_GET_DPL(_ti)      ((_ti)->flags & 3)
#define TI_GET_IF(_ti)       ((_ti)->flags & 4)
#define TI_SET_DPL(_ti, _d)  ((_ti)->flags = (uint8_t)(((_ti)->flags & ~3) | (_d)))
#define TI_SET_IF(_ti, _i)   ((_ti)->flags = (uint8_t)(((_ti)->flags & ~4) | ((!!(_i)) << 2)))

struct trap_info {
    uint8_t vector;
    uint8_t flags;
    uint16_t cs;
    unsigned long address;
};
typedef struct trap_info trap_info_t;
XEN_ABI_SIZE(trap_info_t, 16);
XEN_ABI_OFF(trap_info_t, cs, 2);
XEN_ABI_OFF(trap_info_t, address, 8);

/* ---- HYPERVISOR_iret ----------------------------------------------------- */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall  (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL  VGCF_in_syscall

/* What the iret hypercall pops from the guest stack (lowest address first). */
struct iret_context {
    uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};
XEN_ABI_SIZE(struct iret_context, 72);
XEN_ABI_OFF(struct iret_context, flags, 24);
XEN_ABI_OFF(struct iret_context, rip, 32);
XEN_ABI_OFF(struct iret_context, ss, 64);

/* ---- per-vCPU and shared arch state --------------------------------------- */
struct arch_vcpu_info {
    unsigned long cr2;     /* faulting address of the last #PF */
    unsigned long pad;
};
XEN_ABI_SIZE(struct arch_vcpu_info, 16);

struct arch_shared_info {
    unsigned long max_pfn;
    xen_pfn_t pfn_to_mfn_frame_list_list;
    unsigned long nmi_reason;
    unsigned long p2m_cr3;
    unsigned long p2m_vaddr;
    unsigned long p2m_generation;
};
XEN_ABI_SIZE(struct arch_shared_info, 48);

/* ---- page-table entries (x86-64 4-level paging) ------------------------- */
#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_PWT      0x008UL
#define _PAGE_PCD      0x010UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_PAT      0x080UL  /* L1 */
#define _PAGE_PSE      0x080UL  /* L2/L3: superpage */
#define _PAGE_GLOBAL   0x100UL
#define _PAGE_AVAIL    0xe00UL
#define _PAGE_NX       (1UL << 63)
#define PTE_ADDR_MASK  0x000ffffffffff000UL

#define XEN_PAGE_SHIFT 12
#define XEN_PAGE_SIZE  (1UL << XEN_PAGE_SHIFT)
#define L1_PAGETABLE_SHIFT 12
#define L2_PAGETABLE_SHIFT 21
#define L3_PAGETABLE_SHIFT 30
#define L4_PAGETABLE_SHIFT 39
#define PAGETABLE_ENTRIES  512

#endif
