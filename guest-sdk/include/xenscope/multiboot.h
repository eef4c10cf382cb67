/* SPDX-License-Identifier: MIT */
/*
 * Multiboot v1 (the Multiboot Specification 0.6.96, section 3): the header
 * an HVM image carries (MODE = hvm, arch/x86_64/hvm/head.S) and the
 * information structure the loader passes in %ebx (with %eax =
 * MULTIBOOT_BOOTLOADER_MAGIC). All addresses are physical and below 4 GiB.
 */
#ifndef XENSCOPE_MULTIBOOT_H
#define XENSCOPE_MULTIBOOT_H

#define MULTIBOOT_HEADER_MAGIC     0x1BADB002
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002
/* Header flags. */
#define MULTIBOOT_PAGE_ALIGN       (1u << 0)    /* modules on 4 KiB boundaries */
#define MULTIBOOT_MEMORY_INFO      (1u << 1)    /* mem_* and mmap_* wanted */
#define MULTIBOOT_AOUT_KLUDGE      (1u << 16)   /* load addresses in the header */
/* multiboot_info.flags: which fields are valid. */
#define MULTIBOOT_INFO_MEMORY      (1u << 0)
#define MULTIBOOT_INFO_BOOTDEV     (1u << 1)
#define MULTIBOOT_INFO_CMDLINE     (1u << 2)
#define MULTIBOOT_INFO_MODS        (1u << 3)
#define MULTIBOOT_INFO_MEM_MAP     (1u << 6)
#define MULTIBOOT_INFO_BOOT_LOADER_NAME (1u << 9)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;      /* KiB below 640 KiB / above 1 MiB */
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
    uint32_t apm_table;
    uint32_t vbe_control_info, vbe_mode_info;
    uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off, vbe_interface_len;
};
_Static_assert(sizeof(struct multiboot_info) == 88, "multiboot_info");
_Static_assert(__builtin_offsetof(struct multiboot_info, cmdline) == 16, "multiboot_info.cmdline");
_Static_assert(__builtin_offsetof(struct multiboot_info, mmap_length) == 44, "multiboot_info.mmap_length");
_Static_assert(__builtin_offsetof(struct multiboot_info, boot_loader_name) == 64, "multiboot_info.boot_loader_name");

/* One memory-map entry; size counts the bytes after itself (20 for the e820 fields). */
struct multiboot_mmap_entry {
    uint32_t size;
    uint64_t addr, len;
    uint32_t type;                      /* 1 RAM, 2 reserved, 3 ACPI, 4 NVS, 5 bad (e820 types) */
} __attribute__((packed));
_Static_assert(sizeof(struct multiboot_mmap_entry) == 24, "multiboot_mmap_entry");

/* Set by the HVM start code: what the loader passed, or NULL (MODE = hvm-realmode). */
extern const struct multiboot_info *multiboot_info;
#endif

#endif
