/* SPDX-License-Identifier: MIT */
/*
 * Address translation of a 64-bit PV guest:
 *   kernel VA  = VIRT_BASE + (pfn << 12)      (the domain builder's layout)
 *   mfn        = mfn_list[pfn]                (start_info->mfn_list, the p2m)
 *   pfn        = machine_to_phys_mapping[mfn] (Xen's read-only M2P)
 * Page-table entries, mmu_update pointers and NEW_BASEPTR take MACHINE frames.
 */
#ifndef XENSCOPE_MM_H
#define XENSCOPE_MM_H

#include <xen/xen.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* Where the kernel is linked: guest.lds VIRT_BASE (PV); PVH runs on an identity map. */
#ifdef XS_PVH
#define XS_VIRT_BASE 0UL
#else
#define XS_VIRT_BASE 0xffffffff80000000UL
#endif

/* L1 entry flags for kernel mappings: a 64-bit PV kernel runs in ring 3. */
#define L1_PROT    (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_USER)
#define L1_PROT_RO (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_USER)
/* Entries of L2/L3/L4 tables. */
#define PT_PROT    (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_USER)

#define l1_table_offset(va) (((va) >> L1_PAGETABLE_SHIFT) & (PAGETABLE_ENTRIES - 1))
#define l2_table_offset(va) (((va) >> L2_PAGETABLE_SHIFT) & (PAGETABLE_ENTRIES - 1))
#define l3_table_offset(va) (((va) >> L3_PAGETABLE_SHIFT) & (PAGETABLE_ENTRIES - 1))
#define l4_table_offset(va) (((va) >> L4_PAGETABLE_SHIFT) & (PAGETABLE_ENTRIES - 1))

typedef uint64_t pgentry_t;

#ifdef XS_PVH
/*
 * PVH is auto-translated: Xen's interfaces take guest frame numbers (gfn =
 * pfn), and our boot stub identity-maps the low 4 GiB, so VA = physical.
 */
static inline unsigned long virt_to_pfn(const void *va)
{ return (unsigned long)va >> PAGE_SHIFT; }

static inline void *pfn_to_virt(unsigned long pfn)
{ return (void *)(pfn << PAGE_SHIFT); }

static inline xen_pfn_t pfn_to_mfn(unsigned long pfn)
{ return pfn; }

static inline unsigned long mfn_to_pfn(xen_pfn_t mfn)
{ return mfn; }

static inline xen_pfn_t virt_to_mfn(const void *va)
{ return virt_to_pfn(va); }
#else
extern start_info_t *start_info;
#define machine_to_phys_mapping ((const unsigned long *)MACH2PHYS_VIRT_START)

static inline unsigned long virt_to_pfn(const void *va)
{ return ((unsigned long)va - XS_VIRT_BASE) >> PAGE_SHIFT; }

static inline void *pfn_to_virt(unsigned long pfn)
{ return (void *)(XS_VIRT_BASE + (pfn << PAGE_SHIFT)); }

static inline xen_pfn_t pfn_to_mfn(unsigned long pfn)
{ return ((const xen_pfn_t *)start_info->mfn_list)[pfn]; }

static inline unsigned long mfn_to_pfn(xen_pfn_t mfn)
{ return machine_to_phys_mapping[mfn]; }

static inline xen_pfn_t virt_to_mfn(const void *va)
{ return pfn_to_mfn(virt_to_pfn(va)); }

#endif

/* Machine address of the byte at a kernel VA. */
static inline uint64_t virt_to_mach(const void *va)
{ return ((uint64_t)virt_to_mfn(va) << PAGE_SHIFT) | ((unsigned long)va & ~PAGE_MASK); }

/* Kernel VA of a machine frame the builder mapped (console, xenstore, ...). */
static inline void *mfn_to_virt(xen_pfn_t mfn)
{ return pfn_to_virt(mfn_to_pfn(mfn)); }

#endif
