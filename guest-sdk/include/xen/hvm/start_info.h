/* SPDX-License-Identifier: MIT */
/*
 * PVH start of day (xen/include/public/arch-x86/hvm/start_info.h).
 *
 * Xen enters a PVH kernel at XEN_ELFNOTE_PHYS32_ENTRY in 32-bit protected
 * mode, paging off, CR0 = PE|ET, flat 4 GiB CS (execute/read) and DS/ES/SS
 * (read/write), TR a 32-bit TSS of limit 0x67, interrupts off, and
 * %ebx = physical address of struct hvm_start_info.
 */
#ifndef XEN_HVM_START_INFO_H
#define XEN_HVM_START_INFO_H

#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

#define XEN_HVM_MEMMAP_TYPE_RAM       1
#define XEN_HVM_MEMMAP_TYPE_RESERVED  2
#define XEN_HVM_MEMMAP_TYPE_ACPI      3
#define XEN_HVM_MEMMAP_TYPE_NVS       4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE  5
#define XEN_HVM_MEMMAP_TYPE_DISABLED  6
#define XEN_HVM_MEMMAP_TYPE_PMEM      7

#ifndef __ASSEMBLY__
#include <xen/xen.h>

struct hvm_start_info {
    uint32_t magic;             /* XEN_HVM_START_MAGIC_VALUE */
    uint32_t version;           /* 0 or 1 (1 adds the memory map) */
    uint32_t flags;             /* SIF_xxx */
    uint32_t nr_modules;
    uint64_t modlist_paddr;     /* struct hvm_modlist_entry[nr_modules] */
    uint64_t cmdline_paddr;     /* NUL-terminated command line */
    uint64_t rsdp_paddr;        /* ACPI RSDP, 0 = none given */
    uint64_t memmap_paddr;      /* version >= 1: struct hvm_memmap_table_entry[] */
    uint32_t memmap_entries;    /* version >= 1 */
    uint32_t reserved;
};

struct hvm_modlist_entry {
    uint64_t paddr;
    uint64_t size;
    uint64_t cmdline_paddr;
    uint64_t reserved;
};

struct hvm_memmap_table_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
    uint32_t reserved;
};

_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info");
_Static_assert(__builtin_offsetof(struct hvm_start_info, memmap_paddr) == 40, "memmap_paddr");
_Static_assert(__builtin_offsetof(struct hvm_start_info, memmap_entries) == 48, "memmap_entries");
_Static_assert(sizeof(struct hvm_modlist_entry) == 32, "hvm_modlist_entry");
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 24, "hvm_memmap_table_entry");
#endif

#endif
