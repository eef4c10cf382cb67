package io.xenscope.debug;

import io.xenscope.cpu.Cpu;
import io.xenscope.mmu.PageWalker;

/**
 * The debugger's view of guest virtual memory: translates through the guest's current page tables
 * (4-level paging) without faulting and without touching accessed/dirty bits, ignores access rights
 * (a debugger may read kernel memory and write read-only code), and reports what it walked.
 */
public final class DebugMemory {
    private static final long ADDR = ((1L << PageWalker.MAXPHYADDR) - 1) & ~0xfffL;
    private final Cpu cpu;

    public DebugMemory(Cpu cpu) {
        this.cpu = cpu;
    }

    /** Physical (machine) address of {@code va}, or -1 when it is not mapped. */
    public long translate(long va) {
        if ((cpu.cr0 & Cpu.CR0_PG) == 0) {
            return cpu.memory.isRam(va) ? va : -1;
        }
        long table = cpu.cr3 & ADDR;
        for (int level = 4; level >= 1; level--) {
            int shift = 12 + 9 * (level - 1);
            long ea = table + (((va >>> shift) & 0x1ff) << 3);
            if (!cpu.memory.isRam(ea)) {
                return -1;
            }
            long e = cpu.memory.read64(ea);
            if ((e & PageWalker.P) == 0) {
                return -1;
            }
            if (level == 1 || (level <= 3 && (e & PageWalker.PS) != 0)) {
                long size = 1L << shift;
                long pa = (e & ADDR & ~(size - 1)) | (va & (size - 1));
                return cpu.memory.isRam(pa) ? pa : -1;
            }
            table = e & ADDR;
        }
        return -1;
    }

    /** Reads up to {@code length} bytes; stops at the first unmapped byte (the result may be shorter). */
    public byte[] read(long va, int length) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length);
        for (int i = 0; i < length; i++) {
            long pa = translate(va + i);
            if (pa < 0) {
                break;
            }
            out.write(cpu.memory.read8(pa));
        }
        return out.toByteArray();
    }

    /** Writes bytes (translated code on the page is dropped as for any write); false if a byte is unmapped. */
    public boolean write(long va, byte[] bytes) {
        long[] pas = new long[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pas[i] = translate(va + i);
            if (pas[i] < 0) {
                return false;
            }
        }
        for (int i = 0; i < bytes.length; i++) {
            cpu.memory.write8(pas[i], bytes[i] & 0xff);
        }
        return true;
    }

    /** The page walk for {@code va}, one line per level: entry address, value and flags. */
    public String describeWalk(long va) {
        StringBuilder sb = new StringBuilder(String.format("walk of 0x%016x with cr3 0x%x%n", va, cpu.cr3));
        if ((cpu.cr0 & Cpu.CR0_PG) == 0) {
            return sb.append("paging is off: physical = linear\n").toString();
        }
        long table = cpu.cr3 & ADDR;
        for (int level = 4; level >= 1; level--) {
            int shift = 12 + 9 * (level - 1);
            int index = (int) ((va >>> shift) & 0x1ff);
            long ea = table + ((long) index << 3);
            if (!cpu.memory.isRam(ea)) {
                return sb.append(String.format("  L%d table at 0x%x is not RAM%n", level, table)).toString();
            }
            long e = cpu.memory.read64(ea);
            sb.append(String.format("  L%d[%3d] @0x%010x = 0x%016x %s%n", level, index, ea, e, flags(e)));
            if ((e & PageWalker.P) == 0) {
                return sb.append("  not present\n").toString();
            }
            if (level == 1 || (level <= 3 && (e & PageWalker.PS) != 0)) {
                long size = 1L << shift;
                long pa = (e & ADDR & ~(size - 1)) | (va & (size - 1));
                return sb.append(String.format("  => machine address 0x%x (%s page)%n", pa,
                        size == 4096 ? "4K" : size == 1 << 21 ? "2M" : "1G")).toString();
            }
            table = e & ADDR;
        }
        return sb.toString();
    }

    private static String flags(long e) {
        StringBuilder s = new StringBuilder();
        s.append((e & PageWalker.P) != 0 ? "P" : "-");
        s.append((e & PageWalker.RW) != 0 ? " RW" : " RO");
        s.append((e & PageWalker.US) != 0 ? " U" : " S");
        if ((e & PageWalker.A) != 0) s.append(" A");
        if ((e & PageWalker.D) != 0) s.append(" D");
        if ((e & PageWalker.PS) != 0) s.append(" PS");
        if ((e & PageWalker.G) != 0) s.append(" G");
        if ((e & PageWalker.NX) != 0) s.append(" NX");
        return s.toString();
    }
}
