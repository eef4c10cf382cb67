/**
 * Multiboot version 1 boot of an HVM guest by XenScope's BIOS: {@link
 * io.xenscope.boot.multiboot.MultibootLoader} (the load plan, checked when the machine is built;
 * loaded by POST) and {@link io.xenscope.boot.multiboot.MultibootInfo} (the information structure
 * where QEMU puts it). The header itself is parsed by {@link io.xenscope.boot.elf.MultibootHeader}.
 */
package io.xenscope.boot.multiboot;
