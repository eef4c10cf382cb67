package io.xenscope.xen;

import java.util.List;

/**
 * Where the PVH builder put things, in guest-physical addresses (= our physical addresses: the
 * domain is auto-translated and we keep no p2m): the kernel's PT_LOAD extent, hvm_start_info with
 * its command line and memory map, the special pages (xenstore and console rings), the entry point.
 */
public record PvhLayout(long kernelStart, long kernelEnd, long startInfo, long cmdline, long memmap,
        List<MemmapEntry> memoryMap, long storePfn, long consolePfn, long entry) {

    /** struct hvm_memmap_table_entry: addr, size, type (1 RAM, 2 reserved, 3 ACPI, 4 NVS, 5 unusable...). */
    public record MemmapEntry(long addr, long size, int type) {
    }
}
