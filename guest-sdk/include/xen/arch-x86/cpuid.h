/* SPDX-License-Identifier: MIT */
/*
 * Xen's CPUID leaves (xen/include/public/arch-x86/cpuid.h). An HVM or PVH guest
 * finds them at XEN_CPUID_FIRST_LEAF + n * 0x100 (Xen moves them up when it
 * also presents Viridian leaves at 0x40000000; Linux scans 0x40000000 to
 * 0x40010000 in 0x100 steps, arch/x86/include/asm/xen/hypervisor.h).
 * #defines only: usable from assembly.
 */
#ifndef XEN_ARCH_X86_CPUID_H
#define XEN_ARCH_X86_CPUID_H

#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i)    (XEN_CPUID_FIRST_LEAF + (i))

/* Leaf 1 (base+0): EAX = the largest Xen leaf, EBX:ECX:EDX = "XenVMMXenVMM". */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558 /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e /* "nVMM" */

/* Leaf 2 (base+1): EAX = version, major << 16 | minor. */
/* Leaf 3 (base+2): EAX = number of hypercall pages, EBX = the MSR that fills them. */
/* Leaf 5 (base+4): HVM-specific features (EAX), vcpu id (EBX), domid (ECX). */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT (1u << 0)
#define XEN_HVM_CPUID_X2APIC_VIRT      (1u << 1)
#define XEN_HVM_CPUID_IOMMU_MAPPINGS   (1u << 2)
#define XEN_HVM_CPUID_VCPU_ID_PRESENT  (1u << 3)
#define XEN_HVM_CPUID_DOMID_PRESENT    (1u << 4)
#define XEN_HVM_CPUID_EXT_DEST_ID      (1u << 5)
#define XEN_HVM_CPUID_UPCALL_VECTOR    (1u << 6)

#endif
