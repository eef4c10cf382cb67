/* SPDX-License-Identifier: MIT */
/*
 * Boot stub of a 64-bit HVM guest loaded by a Multiboot v1 loader (MODE = hvm:
 * QEMU's -kernel, GRUB, XenScope's HVM firmware).
 *
 *  - The Multiboot header (Multiboot Specification 0.6.96, 3.1.1): in the
 *    first 8 KiB of the file, 4-byte aligned; flags ask for page-aligned
 *    modules and the memory information. No a.out kludge: the loader reads
 *    the ELF32 program headers (the build converts the linked ELF64 with
 *    objcopy -O elf32-i386; the ELF64 stays next to it for the debugger).
 *  - _start: the loader enters in 32-bit flat protected mode, paging off,
 *    IF = 0, %eax = 0x2BADB002, %ebx = physical address of the
 *    multiboot_info (3.2 "Machine state"). A wrong %eax means %ebx is not
 *    ours to read: the C side is told (info 0) and reports it.
 *    xs_long_mode_entry (arch/x86_64/common/entry.S) then calls
 *    hvm_multiboot_start(info, eax) in 64-bit mode.
 */
#include <xenscope/multiboot.h>

#define MB_FLAGS (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)

    .section .text.head, "ax", @progbits
    .code32
    .p2align 2
    .globl multiboot_header
multiboot_header:
    .long MULTIBOOT_HEADER_MAGIC
    .long MB_FLAGS
    .long -(MULTIBOOT_HEADER_MAGIC + MB_FLAGS)
    .size multiboot_header, . - multiboot_header

    .globl _start
    .type _start, @function
_start:
    xorl    %esi, %esi
    cmpl    $MULTIBOOT_BOOTLOADER_MAGIC, %eax
    jne     1f
    movl    %ebx, %esi                  /* only a multiboot loader's %ebx is an info pointer */
1:  movl    %eax, %ebx
    movl    $hvm_multiboot_start, %ebp
    jmp     xs_long_mode_entry
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
