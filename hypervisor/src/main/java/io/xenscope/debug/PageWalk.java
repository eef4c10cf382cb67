package io.xenscope.debug;

import io.xenscope.cpu.Cpu;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.mmu.PageWalker;
import io.xenscope.mmu.PagingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A debugger's walk of one linear address through the paging mode a vCPU's CR0/CR4/EFER select (SDM
 * Vol. 3 §4.1.1): none (linear = physical), 32-bit paging (§4.3: PD → PT of 1024 4-byte entries, 4 MiB
 * pages with CR4.PSE and PSE-36), PAE (§4.4: 4 PDPTEs at CR3 → PD → PT of 512 8-byte entries, 2 MiB
 * pages) and 4-level paging (§4.5: PML4 → PDPT → PD → PT, 2 MiB and 1 GiB pages). Unlike {@link
 * PageWalker} it never faults, sets no accessed/dirty bits, ignores access rights and reserved bits,
 * and reports every entry it read; a table outside RAM ends the walk rather than being read.
 *
 * <p>Levels are numbered as for 4-level paging in every mode: 4 PML4, 3 PDPT, 2 PD, 1 PT.
 *
 * @param physical the physical (for PV: machine) address, or -1 when {@code fault} says why not
 */
public record PageWalk(long linear, PagingMode mode, List<Step> steps, long physical, long pageSize, String fault) {
    private static final long ADDR = ((1L << PageWalker.MAXPHYADDR) - 1) & ~0xfffL;
    private static final String[] LEVEL_NAMES = {"", "PT", "PD", "PDPT", "PML4"};

    /** One entry read: its level, index in its table, the table's address, the entry's address and value. */
    public record Step(int level, int index, long table, long entryAddress, long entry) {
        public String levelName() {
            return PageWalk.levelName(level);
        }
    }

    public boolean mapped() {
        return fault == null;
    }

    public static String levelName(int level) {
        return level >= 1 && level <= 4 ? LEVEL_NAMES[level] : "L" + level;
    }

    /** The level of the table CR3 points to: 2 (32-bit), 3 (PAE's PDPT), 4 (PML4); 0 with paging off. */
    public static int rootLevel(PagingMode mode) {
        return switch (mode) {
            case NONE -> 0;
            case BITS32 -> 2;
            case PAE -> 3;
            case LEVEL4 -> 4;
        };
    }

    /** The address of the root table: PAE's PDPT is 32-byte aligned (SDM §4.4.1), the others 4 KiB. */
    public static long root(Cpu cpu, PagingMode mode) {
        return switch (mode) {
            case NONE -> 0;
            case BITS32 -> cpu.cr3 & 0xfffff000L;
            case PAE -> cpu.cr3 & 0xffffffe0L;
            case LEVEL4 -> cpu.cr3 & ADDR;
        };
    }

    /** Bytes per entry: 4 for 32-bit paging, 8 otherwise. */
    public static int entrySize(PagingMode mode) {
        return mode == PagingMode.BITS32 ? 4 : 8;
    }

    /** Entries in a table of {@code level}: 1024 (32-bit), 4 (PAE's PDPT), 512. */
    public static int entryCount(PagingMode mode, int level) {
        return mode == PagingMode.BITS32 ? 1024 : mode == PagingMode.PAE && level == 3 ? 4 : 512;
    }

    /** Bit shift of the region one entry of {@code level} maps (32-bit: 12, 22; else 12, 21, 30, 39). */
    public static int shift(PagingMode mode, int level) {
        return mode == PagingMode.BITS32 ? 12 + 10 * (level - 1) : 12 + 9 * (level - 1);
    }

    /** Whether {@code entry} (present) of {@code level} maps a page rather than a table. */
    public static boolean isLeaf(Cpu cpu, PagingMode mode, long entry, int level) {
        if (level == 1) {
            return true;
        }
        boolean ps = (entry & PageWalker.PS) != 0;
        return switch (mode) {
            case BITS32 -> ps && (cpu.cr4 & Cpu.CR4_PSE) != 0; // PS is ignored without CR4.PSE (§4.3)
            case PAE -> level == 2 && ps; // a PDPTE has no PS bit (§4.4.2)
            default -> ps && (level == 2 || level == 3);
        };
    }

    /** The address of the page or table an entry of {@code level} points to. */
    public static long frame(Cpu cpu, PagingMode mode, long entry, int level) {
        if (mode == PagingMode.BITS32) {
            if (level == 2 && isLeaf(cpu, mode, entry, level)) {
                // PSE-36: PDE bits 13..20 are physical address bits 32..39 (SDM §4.3, Table 4-4)
                return (entry & 0xffc00000L) | ((entry >>> 13) & 0xffL) << 32;
            }
            return entry & 0xfffff000L;
        }
        long size = isLeaf(cpu, mode, entry, level) ? 1L << shift(mode, level) : 4096;
        return entry & ADDR & ~(size - 1);
    }

    /** Reads one entry of {@code table}. */
    public static long entry(PhysicalMemory mem, PagingMode mode, long table, int index) {
        return mode == PagingMode.BITS32 ? mem.read32(table + 4L * index) & 0xffffffffL : mem.read64(table + 8L * index);
    }

    /** Walks {@code linear} through {@code cpu}'s current paging mode. */
    public static PageWalk of(Cpu cpu, long linear) {
        PagingMode mode = PagingMode.of(cpu);
        PhysicalMemory mem = cpu.memory;
        List<Step> steps = new ArrayList<>();
        if (mode != PagingMode.LEVEL4 && (linear >>> 32) != 0) {
            return new PageWalk(linear, mode, steps, -1, 0, "beyond the 32-bit linear address space");
        }
        if (mode == PagingMode.NONE) {
            return mem.isRam(linear) ? new PageWalk(linear, mode, steps, linear, 4096, null)
                    : new PageWalk(linear, mode, steps, -1, 0, "paging is off and " + hex(linear) + " is not RAM");
        }
        if (mode == PagingMode.LEVEL4 && (linear << 16) >> 16 != linear) {
            return new PageWalk(linear, mode, steps, -1, 0, "not a canonical address");
        }
        long table = root(cpu, mode);
        for (int level = rootLevel(mode); level >= 1; level--) {
            int shift = shift(mode, level);
            int index = (int) ((linear >>> shift) & (entryCount(mode, level) - 1));
            long ea = table + (long) entrySize(mode) * index;
            if (!mem.isRam(ea)) {
                return new PageWalk(linear, mode, steps, -1, 0,
                        levelName(level) + " table at " + hex(table) + " is not RAM");
            }
            long e = entry(mem, mode, table, index);
            steps.add(new Step(level, index, table, ea, e));
            if ((e & PageWalker.P) == 0) {
                return new PageWalk(linear, mode, steps, -1, 0, "not present at " + levelName(level) + "[" + index + "]");
            }
            if (isLeaf(cpu, mode, e, level)) {
                long size = 1L << shift;
                long pa = frame(cpu, mode, e, level) | (linear & (size - 1));
                return mem.isRam(pa) ? new PageWalk(linear, mode, steps, pa, size, null)
                        : new PageWalk(linear, mode, steps, -1, 0, "maps " + hex(pa) + ", which is not RAM");
            }
            table = frame(cpu, mode, e, level);
        }
        throw new AssertionError("a level-1 entry is always a leaf");
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
