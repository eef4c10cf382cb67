package io.xenscope.mmu;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.fault.PageFault;
import io.xenscope.memory.PhysicalMemory;

/**
 * Translates a linear address by walking the guest's page tables as the hardware does (SDM Vol. 3
 * chapter 4): 32-bit paging with 4 MiB pages (§4.3), PAE (§4.4) and 4-level paging with 2 MiB and
 * 1 GiB pages (§4.5), with the access rights of §4.6 (U/S, R/W with CR0.WP, NX with EFER.NXE, SMEP,
 * SMAP), reserved-bit checks, and accessed/dirty updates (§4.8). It serves the CPU; the debugger's
 * walks, which must not fault or set A/D bits and report every entry, are {@code debug.PageWalk}.
 */
public final class PageWalker {
    /** Entry bits common to every level (SDM Vol. 3 Tables 4-14..4-20). */
    public static final long P = 1, RW = 1 << 1, US = 1 << 2, PWT = 1 << 3, PCD = 1 << 4, A = 1 << 5, D = 1 << 6,
            PS = 1 << 7, G = 1 << 8, NX = 1L << 63;
    /** Physical address width of the CPU model (cpuid 0x80000008). */
    public static final int MAXPHYADDR = 40;
    static final long ADDR_MASK = ((1L << MAXPHYADDR) - 1) & ~0xfffL;
    /** Bits MAXPHYADDR..51 of an entry must be 0; bits 52..62 are ignored (SDM Vol. 3 §4.5.4). */
    static final long RESERVED_ADDRESS_BITS = ((1L << 52) - 1) & ~((1L << MAXPHYADDR) - 1);

    /** The result of a successful walk: the physical address and what the TLB needs to know. */
    public record Translation(long physical, long pageSize, boolean global) {
    }

    private PageWalker() {
    }

    /**
     * Translates {@code linear} for an access of {@code type} ({@link AccessType}); {@code user} is
     * true for CPL 3 accesses that are not implicit supervisor accesses (SDM Vol. 3 §4.6).
     * Sets the accessed and dirty bits as hardware does; throws {@link PageFault} on failure.
     */
    public static Translation translate(Cpu cpu, PhysicalMemory mem, long linear, int type, boolean user) {
        return switch (PagingMode.of(cpu)) {
            case NONE -> new Translation(linear & 0xffffffffL, 1L << 32, true);
            case BITS32 -> walk32(cpu, mem, linear & 0xffffffffL, type, user);
            case PAE -> walkPae(cpu, mem, linear & 0xffffffffL, type, user);
            case LEVEL4 -> walk4(cpu, mem, linear, type, user);
        };
    }

    private static Translation walk4(Cpu cpu, PhysicalMemory mem, long la, int type, boolean user) {
        return walkEntries(cpu, mem, la, type, user, cpu.cr3 & ADDR_MASK, 4);
    }

    private static Translation walkPae(Cpu cpu, PhysicalMemory mem, long la, int type, boolean user) {
        // The four PDPTEs are loaded with CR3 on real hardware (SDM §4.4.1); we read them at walk time.
        long pdpte = mem.read64((cpu.cr3 & 0xffffffe0L) + ((la >>> 30) << 3));
        if ((pdpte & P) == 0) {
            throw fault(cpu, la, type, user, 0);
        }
        if ((pdpte & (RESERVED_ADDRESS_BITS | NX | 0x1e6)) != 0) { // PDPTE bits 1, 2, 5-8 (SDM Table 4-8)
            throw fault(cpu, la, type, user, PageFault.RSVD | PageFault.P);
        }
        return walkEntries(cpu, mem, la, type, user, pdpte & ADDR_MASK, 2);
    }

    /**
     * Walks 64-bit entries from {@code table} at {@code topLevel} down to the page: PML4 → PDPT → PD →
     * PT for 4-level paging, PD → PT under a PAE PDPTE. PS makes a 1 GiB (level 3) or 2 MiB
     * (level 2) page; PS in a PML4E and the address bits below a large page are reserved.
     */
    private static Translation walkEntries(Cpu cpu, PhysicalMemory mem, long la, int type, boolean user,
                                           long table, int topLevel) {
        boolean nxe = (cpu.efer & Cpu.EFER_NXE) != 0;
        long reservedHigh = RESERVED_ADDRESS_BITS | (nxe ? 0 : NX);
        long rights = RW | US; // accumulated: AND of R/W and U/S, OR of NX
        long nx = 0;
        long[] entryAddr = new long[topLevel];
        long[] entries = new long[topLevel];
        for (int level = topLevel; level >= 1; level--) {
            int shift = 12 + 9 * (level - 1);
            long ea = table + (((la >>> shift) & 0x1ff) << 3);
            long e = mem.read64(ea);
            int depth = topLevel - level;
            entryAddr[depth] = ea;
            entries[depth] = e;
            if ((e & P) == 0) {
                throw fault(cpu, la, type, user, 0);
            }
            boolean large = (e & PS) != 0 && (level == 2 || level == 3);
            long reserved = reservedHigh | (level == 4 ? PS : 0) | (large ? ((1L << shift) - 1) & ~0x1fffL : 0);
            if ((e & reserved) != 0) {
                throw fault(cpu, la, type, user, PageFault.RSVD | PageFault.P);
            }
            rights &= e;
            nx |= e & NX;
            if (large || level == 1) {
                long pageSize = 1L << shift;
                check(cpu, la, type, user, rights, nxe ? nx : 0);
                setAccessedDirty(mem, entryAddr, entries, depth + 1, type == AccessType.WRITE);
                long base = e & ADDR_MASK & ~(pageSize - 1);
                return new Translation(base | (la & (pageSize - 1)), pageSize, (e & G) != 0);
            }
            table = e & ADDR_MASK;
        }
        throw new AssertionError("unreachable");
    }

    private static Translation walk32(Cpu cpu, PhysicalMemory mem, long la, int type, boolean user) {
        long pdea = (cpu.cr3 & 0xfffff000L) + ((la >>> 22) << 2);
        long pde = mem.read32(pdea) & 0xffffffffL;
        if ((pde & P) == 0) {
            throw fault(cpu, la, type, user, 0);
        }
        if ((pde & PS) != 0 && (cpu.cr4 & Cpu.CR4_PSE) != 0) {
            // 4 MiB page; bits 13..20 hold PA bits 32..39 (PSE-36), bit 21 is reserved (SDM Table 4-4)
            if ((pde & (1L << 21)) != 0) {
                throw fault(cpu, la, type, user, PageFault.RSVD | PageFault.P);
            }
            check(cpu, la, type, user, pde, 0);
            setAccessedDirty32(mem, new long[] {pdea}, new long[] {pde}, type == AccessType.WRITE);
            long base = (pde & 0xffc00000L) | ((pde >>> 13) & 0xffL) << 32;
            return new Translation(base | (la & 0x3fffff), 1L << 22, (pde & G) != 0 && (cpu.cr4 & Cpu.CR4_PGE) != 0);
        }
        long ptea = (pde & 0xfffff000L) + (((la >>> 12) & 0x3ff) << 2);
        long pte = mem.read32(ptea) & 0xffffffffL;
        if ((pte & P) == 0) {
            throw fault(cpu, la, type, user, 0);
        }
        check(cpu, la, type, user, pde & pte, 0);
        setAccessedDirty32(mem, new long[] {pdea, ptea}, new long[] {pde, pte}, type == AccessType.WRITE);
        return new Translation((pte & 0xfffff000L) | (la & 0xfff), 4096, (pte & G) != 0 && (cpu.cr4 & Cpu.CR4_PGE) != 0);
    }

    /** Access rights (SDM Vol. 3 §4.6.1): U/S, R/W with CR0.WP, execute-disable, SMEP and SMAP. */
    private static void check(Cpu cpu, long la, int type, boolean user, long rights, long nx) {
        boolean userPage = (rights & US) != 0;
        boolean writable = (rights & RW) != 0;
        if (user) {
            if (!userPage || type == AccessType.WRITE && !writable || type == AccessType.EXECUTE && nx != 0) {
                throw fault(cpu, la, type, true, PageFault.P);
            }
            return;
        }
        switch (type) {
            case AccessType.WRITE -> {
                if (!writable && (cpu.cr0 & Cpu.CR0_WP) != 0 || smapViolation(cpu, userPage)) {
                    throw fault(cpu, la, type, false, PageFault.P);
                }
            }
            case AccessType.EXECUTE -> {
                if (nx != 0 || userPage && (cpu.cr4 & Cpu.CR4_SMEP) != 0) {
                    throw fault(cpu, la, type, false, PageFault.P);
                }
            }
            default -> {
                if (smapViolation(cpu, userPage)) {
                    throw fault(cpu, la, type, false, PageFault.P);
                }
            }
        }
    }

    /** SMAP (SDM §4.6.1): supervisor data access to a user page with CR4.SMAP and, at CPL < 3, EFLAGS.AC clear. */
    private static boolean smapViolation(Cpu cpu, boolean userPage) {
        return userPage && (cpu.cr4 & Cpu.CR4_SMAP) != 0 && (cpu.cpl == 3 || (cpu.rflags & Flags.AC) == 0);
    }

    private static PageFault fault(Cpu cpu, long la, int type, boolean user, int bits) {
        int code = bits;
        if (type == AccessType.WRITE) {
            code |= PageFault.W;
        }
        if (user) {
            code |= PageFault.U;
        }
        // I/D is reported only when execute-disable or SMEP is in use (SDM Vol. 3 §4.7)
        if (type == AccessType.EXECUTE && PagingMode.of(cpu) != PagingMode.BITS32
                && ((cpu.efer & Cpu.EFER_NXE) != 0 || (cpu.cr4 & Cpu.CR4_SMEP) != 0)) {
            code |= PageFault.I;
        }
        return new PageFault(la, code);
    }

    private static void setAccessedDirty(PhysicalMemory mem, long[] addr, long[] entries, int count, boolean write) {
        for (int i = 0; i < count; i++) {
            long e = entries[i];
            long want = e | A | (write && i == count - 1 ? D : 0);
            if (want != e) {
                mem.write64(addr[i], want);
            }
        }
    }

    private static void setAccessedDirty32(PhysicalMemory mem, long[] addr, long[] entries, boolean write) {
        for (int i = 0; i < addr.length; i++) {
            long e = entries[i];
            long want = e | A | (write && i == addr.length - 1 ? D : 0);
            if (want != e) {
                mem.write32(addr[i], (int) want);
            }
        }
    }
}
