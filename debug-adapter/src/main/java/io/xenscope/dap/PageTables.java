package io.xenscope.dap;

import io.xenscope.cpu.Cpu;
import io.xenscope.debug.DebugSession;
import io.xenscope.debug.PageWalk;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.mmu.PageWalker;
import io.xenscope.mmu.PagingMode;
import io.xenscope.xen.Domain;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.FrameTable;
import io.xenscope.xen.mm.M2pTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guest's page tables, in the vCPU's paging mode ({@link PageWalk}: 32-bit, PAE or 4-level), as
 * the machine view shows them: entries with decoded flags and, for
 * a PV domain, the state of the frame they point to in Xen's frame table; and non-faulting walks of
 * one virtual address (no accessed/dirty updates, no access-rights checks, as {@link
 * io.xenscope.debug.DebugMemory}). Everything reads machine memory directly and never throws for bad
 * guest data: a table that is not RAM is reported, not dereferenced.
 */
public final class PageTables {

    private PageTables() {
    }

    public static String levelName(int level) {
        return PageWalk.levelName(level);
    }

    /** The virtual address an entry maps, in {@code mode}'s address space (canonical for 4-level paging). */
    public static long virtualAddress(PagingMode mode, long va) {
        return mode == PagingMode.LEVEL4 ? (va << 16) >> 16 : va & 0xffffffffL;
    }

    /** The flags of an entry, by their SDM names (bit 7 is PAT in a PT entry, PS above). */
    public static List<String> flags(long e, int level) {
        List<String> f = new ArrayList<>();
        if ((e & PageWalker.P) != 0) f.add("P");
        if ((e & PageWalker.RW) != 0) f.add("RW");
        if ((e & PageWalker.US) != 0) f.add("US");
        if ((e & PageWalker.PWT) != 0) f.add("PWT");
        if ((e & PageWalker.PCD) != 0) f.add("PCD");
        if ((e & PageWalker.A) != 0) f.add("A");
        if ((e & PageWalker.D) != 0) f.add("D");
        if ((e & PageWalker.PS) != 0) f.add(level == 1 ? "PAT" : "PS");
        if ((e & PageWalker.G) != 0) f.add("G");
        if ((e & PageWalker.NX) != 0) f.add("NX");
        return f;
    }

    /** The processor state of vCPU {@code vcpu}; without one, the session's selected vCPU. */
    public static Cpu cpu(DebugSession s, Integer vcpu) {
        if (vcpu == null) {
            return s.cpu();
        }
        List<Vcpu> vs = s.machine().domain().vcpus;
        if (vcpu < 0 || vcpu >= vs.size()) {
            throw new DapError("no vCPU " + vcpu + " (the domain has " + vs.size() + ")");
        }
        return vs.get(vcpu).cpu;
    }

    /** Whether the domain's page tables hold machine addresses (PV) rather than guest-physical ones. */
    public static boolean isPv(DebugSession s) {
        return !s.machine().isPvh() && !s.machine().domain().hvm;
    }

    /**
     * Reads the present entries of the table at machine address {@code table} of paging {@code level},
     * in the format of {@code cpu}'s paging mode (1024 4-byte entries for 32-bit paging, 4 PDPTEs for PAE).
     */
    public static List<Map<String, Object>> entries(DebugSession s, Cpu cpu, long table, int level, long vaBase) {
        PagingMode mode = PagingMode.of(cpu);
        PhysicalMemory mem = cpu.memory;
        checkTable(s, mode, table, level);
        boolean pv = isPv(s);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < PageWalk.entryCount(mode, level); i++) {
            long e = PageWalk.entry(mem, mode, table, i);
            if ((e & PageWalker.P) == 0) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i);
            m.put("va", GuestView.hex(virtualAddress(mode, vaBase + ((long) i << PageWalk.shift(mode, level)))));
            m.put("entry", GuestView.hex(e));
            m.put("flags", flags(e, level));
            boolean leaf = PageWalk.isLeaf(cpu, mode, e, level);
            long frame = PageWalk.frame(cpu, mode, e, level);
            m.put("frame", GuestView.hex(frame));
            m.put("level", level);
            if (!leaf) {
                m.put("table", GuestView.hex(frame));
            }
            if (pv) {
                frameState(s, frame, m);
            }
            out.add(m);
        }
        return out;
    }

    /** For a PV domain: the frame's type, type count, pin state and owner in Xen's frame table. */
    public static void frameState(DebugSession s, long machineAddress, Map<String, Object> into) {
        if (!isPv(s)) {
            return;
        }
        FrameTable frames = s.machine().domain().frames;
        long mfn = machineAddress >>> 12;
        if (frames.isValid(mfn)) {
            into.put("frameType", frames.type(mfn).words());
            into.put("typeCount", frames.typeCount(mfn));
            into.put("pinned", frames.isPinned(mfn));
            into.put("owner", FrameTable.ownerName(frames.owner(mfn)));
        }
    }

    /**
     * An error response unless {@code table} is an aligned table of machine RAM: page-aligned, but PAE's
     * PDPT only 32-byte aligned (SDM §4.4.1).
     */
    public static void checkTable(DebugSession s, PagingMode mode, long table, int level) {
        long align = mode == PagingMode.PAE && level == 3 ? 32 : 4096;
        if ((table & (align - 1)) != 0) {
            throw new DapError("table " + GuestView.hex(table) + " is not " + (align == 32 ? "32-byte" : "page")
                    + "-aligned");
        }
        if (!s.cpu().memory.isRam(table)) {
            throw new DapError("table " + GuestView.hex(table) + " is not in machine RAM");
        }
    }

    /** One step of a walk: the entry read at a level. */
    public record Step(int level, int index, long table, long entry) {
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", level);
            m.put("index", index);
            m.put("entry", GuestView.hex(entry));
            m.put("table", GuestView.hex(table));
            m.put("flags", flags(entry, level));
            return m;
        }
    }

    /** A walk: the steps taken and either the machine address or why it failed. */
    public record Walk(long va, List<Step> steps, long ma, long pa, long pageSize, String fault) {
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("va", GuestView.hex(va));
            if (fault == null) {
                if (pa >= 0) {
                    m.put("pa", GuestView.hex(pa));
                }
                m.put("ma", GuestView.hex(ma));
                m.put("pageSize", pageSize);
            }
            List<Map<String, Object>> st = new ArrayList<>();
            for (Step x : steps) {
                st.add(x.json());
            }
            m.put("steps", st);
            if (fault != null) {
                m.put("fault", fault);
            }
            return m;
        }

        /** One line, as the extension's translate command shows it. */
        public String describe() {
            StringBuilder sb = new StringBuilder(GuestView.hex(va));
            if (fault != null) {
                sb.append(": ").append(fault);
            } else {
                sb.append(" → ").append(pa >= 0 ? "pseudo-physical " + GuestView.hex(pa) : "?")
                        .append(", machine ").append(GuestView.hex(ma));
            }
            if (!steps.isEmpty()) {
                sb.append(",");
                for (Step x : steps) {
                    sb.append(' ').append(levelName(x.level)).append('[').append(x.index).append("]=")
                            .append(GuestView.hex(x.entry));
                }
            }
            return sb.toString();
        }
    }

    /** Walks {@code va} through {@code cpu}'s page tables, in its paging mode, without faulting or setting A/D bits. */
    public static Walk walk(DebugSession s, Cpu cpu, long va) {
        PageWalk w = PageWalk.of(cpu, va);
        List<Step> steps = new ArrayList<>();
        for (PageWalk.Step st : w.steps()) {
            steps.add(new Step(st.level(), st.index(), st.table(), st.entry()));
        }
        return w.mapped() ? new Walk(va, steps, w.physical(), pseudoPhysical(s, w.physical()), w.pageSize(), null)
                : new Walk(va, steps, -1, -1, 0, w.fault());
    }

    /** The guest's pseudo-physical address of a machine address (the M2P for PV), or -1. */
    public static long pseudoPhysical(DebugSession s, long ma) {
        if (!isPv(s)) {
            return ma;
        }
        Domain d = s.machine().domain();
        long pfn = d.m2p.get(ma >>> 12);
        if (pfn == M2pTable.INVALID_M2P_ENTRY || pfn < 0 || d.p2m == null || pfn >= d.p2m.length
                || d.p2m[(int) pfn] != ma >>> 12) {
            return -1; // not one of the domain's frames (Xen's, or another domain's)
        }
        return pfn << 12 | (ma & 0xfff);
    }
}
