package io.xenscope.debug;

import io.xenscope.cpu.Cpu;
import io.xenscope.mmu.PageWalker;
import io.xenscope.mmu.PagingMode;

/**
 * The debugger's view of guest virtual memory: translates through the guest's current page tables in
 * whatever paging mode the vCPU is in ({@link PageWalk}: none, 32-bit, PAE or 4-level) without faulting
 * and without touching accessed/dirty bits, ignores access rights (a debugger may read kernel memory
 * and write read-only code), and reports what it walked.
 */
public final class DebugMemory {
    private final Cpu cpu;

    public DebugMemory(Cpu cpu) {
        this.cpu = cpu;
    }

    /** Physical (machine) address of {@code va}, or -1 when it is not mapped. */
    public long translate(long va) {
        return PageWalk.of(cpu, va).physical();
    }

    /** The walk of {@code va}: every entry read, and the physical address or why there is none. */
    public PageWalk walk(long va) {
        return PageWalk.of(cpu, va);
    }

    /** Reads up to {@code length} bytes; stops at the first unmapped byte (the result may be shorter). */
    public byte[] read(long va, int length) {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long pa = translate(va + done);
            if (pa < 0) {
                break;
            }
            int n = chunk(va + done, length - done); // every page is at least 4 KiB
            for (int i = 0; i < n; i++) {
                out[done + i] = (byte) cpu.memory.read8(pa + i);
            }
            done += n;
        }
        return done == length ? out : java.util.Arrays.copyOf(out, done);
    }

    /** Writes bytes (translated code on the page is dropped as for any write); false if a byte is unmapped. */
    public boolean write(long va, byte[] bytes) {
        long[] pas = new long[bytes.length];
        for (int done = 0; done < bytes.length; ) {
            long pa = translate(va + done);
            if (pa < 0) {
                return false;
            }
            int n = chunk(va + done, bytes.length - done);
            for (int i = 0; i < n; i++) {
                pas[done + i] = pa + i;
            }
            done += n;
        }
        for (int i = 0; i < bytes.length; i++) {
            cpu.memory.write8(pas[i], bytes[i] & 0xff);
        }
        return true;
    }

    /** Bytes from {@code va} to the end of its 4 KiB page, at most {@code left}. */
    private static int chunk(long va, int left) {
        return (int) Math.min(left, 0x1000 - (va & 0xfff));
    }

    /** The page walk for {@code va}, one line per level: entry address, value and flags. */
    public String describeWalk(long va) {
        PageWalk w = PageWalk.of(cpu, va);
        StringBuilder sb = new StringBuilder(String.format("walk of 0x%016x with cr3 0x%x (%s)%n", va, cpu.cr3,
                modeName(w.mode())));
        if (w.mode() == PagingMode.NONE && w.mapped()) {
            return sb.append("  paging is off: physical = linear\n").toString();
        }
        String entryFormat = w.mode() == PagingMode.BITS32 ? "0x%08x" : "0x%016x";
        for (PageWalk.Step st : w.steps()) {
            sb.append(String.format("  %-4s[%4d] @0x%010x = " + entryFormat + " %s%n", st.levelName(), st.index(),
                    st.entryAddress(), st.entry(), flags(w.mode(), st)));
        }
        if (!w.mapped()) {
            return sb.append("  ").append(w.fault()).append('\n').toString();
        }
        return sb.append(String.format("  => physical address 0x%x (%s page)%n", w.physical(), pageSizeName(w.pageSize())))
                .toString();
    }

    private static String modeName(PagingMode mode) {
        return switch (mode) {
            case NONE -> "paging off";
            case BITS32 -> "32-bit paging";
            case PAE -> "PAE paging";
            case LEVEL4 -> "4-level paging";
        };
    }

    private static String pageSizeName(long size) {
        return size >= 1L << 30 ? (size >>> 30) + "G" : size >= 1L << 20 ? (size >>> 20) + "M" : (size >>> 10) + "K";
    }

    private static String flags(PagingMode mode, PageWalk.Step st) {
        long e = st.entry();
        StringBuilder s = new StringBuilder();
        s.append((e & PageWalker.P) != 0 ? "P" : "-");
        if (mode == PagingMode.PAE && st.level() == 3) {
            return s.toString(); // a PAE PDPTE has no R/W, U/S, A, D (SDM Table 4-8)
        }
        s.append((e & PageWalker.RW) != 0 ? " RW" : " RO");
        s.append((e & PageWalker.US) != 0 ? " U" : " S");
        if ((e & PageWalker.A) != 0) s.append(" A");
        if ((e & PageWalker.D) != 0) s.append(" D");
        if ((e & PageWalker.PS) != 0 && st.level() > 1) s.append(" PS");
        if ((e & PageWalker.G) != 0) s.append(" G");
        if ((e & PageWalker.NX) != 0) s.append(" NX");
        return s.toString();
    }
}
