package io.xenscope.dap.handlers;

import com.google.gson.JsonObject;
import io.xenscope.cpu.Cpu;
import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.Handler;
import io.xenscope.dap.PageTables;
import io.xenscope.debug.DebugSession;
import io.xenscope.debug.PageWalk;
import io.xenscope.mmu.PagingMode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * xenscope/pageTables: the present entries of one table, lazily (see vscode-client/README.md).
 * Without {@code table}: the table CR3 points to in the vCPU's paging mode (PML4, PAE's PDPT, or
 * 32-bit paging's PD; {@code paging} in the body names the mode). A child table's entries need the virtual address
 * the table maps: the {@code va} argument when given, else the one it had in the listing that showed
 * it, else it is looked for from CR3 down.
 */
public final class PageTablesHandler implements Handler<JsonObject, Map<String, Object>> {
    /** (table machine address, level) → base virtual address, from the listings sent so far. */
    private final Map<String, Long> vaOfTable = new HashMap<>();

    @Override
    public Map<String, Object> handle(JsonObject a, DapContext ctx) {
        DebugSession s = ctx.stoppedSession();
        Cpu cpu = PageTables.cpu(s, Args.integer(a, "vcpu"));
        PagingMode mode = PagingMode.of(cpu);
        if (mode == PagingMode.NONE) {
            throw new DapError("paging is off on this vCPU");
        }
        int top = PageWalk.rootLevel(mode);
        String rootName = PageWalk.levelName(top);
        Long table = Args.address(a, "table");
        Integer level = Args.integer(a, "level");
        long root = PageWalk.root(cpu, mode);
        long va;
        if (table == null) {
            if (level != null && level != top) {
                throw new DapError("without 'table' the level is " + top + " (the " + rootName + " at CR3)");
            }
            table = root;
            level = top;
            va = 0;
        } else {
            if (level == null) {
                level = table == root ? top : null;
                if (level == null) {
                    throw new DapError("'level' (1.." + top + ") is required with 'table'");
                }
            }
            if (level < 1 || level > top) {
                throw new DapError("'level' must be 1.." + top + ", not " + level);
            }
            PageTables.checkTable(s, mode, table, level);
            Long given = Args.address(a, "va");
            if (given != null) {
                va = level == top ? 0 : given & ~((1L << PageWalk.shift(mode, level + 1)) - 1);
            } else if (level == top) {
                va = 0;
            } else {
                Long known = vaOfTable.get(key(table, level));
                if (known == null) {
                    known = search(cpu, mode, root, top, 0, table, level);
                }
                if (known == null) {
                    throw new DapError("table " + GuestView.hex(table) + " is not reachable at level " + level
                            + " from CR3 " + GuestView.hex(cpu.cr3));
                }
                va = known;
            }
        }
        List<Map<String, Object>> entries = PageTables.entries(s, cpu, table, level, va);
        for (Map<String, Object> e : entries) {
            if (e.get("table") instanceof String child) {
                vaOfTable.put(key(GuestView.parseAddress(child), level - 1), GuestView.parseAddress((String) e.get("va")));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("table", GuestView.hex(table));
        body.put("level", level);
        body.put("paging", mode.name());
        PageTables.frameState(s, table, body);
        body.put("entries", entries);
        return body;
    }

    private static String key(long table, int level) {
        return level + ":" + table;
    }

    /** The first virtual address at which {@code want} is the table of {@code wantLevel}, or null. */
    private static Long search(Cpu cpu, PagingMode mode, long table, int level, long base, long want, int wantLevel) {
        for (int i = 0; i < PageWalk.entryCount(mode, level); i++) {
            if (!cpu.memory.isRam(table + (long) PageWalk.entrySize(mode) * i)) {
                return null;
            }
            long e = PageWalk.entry(cpu.memory, mode, table, i);
            if ((e & 1) == 0 || PageWalk.isLeaf(cpu, mode, e, level)) {
                continue;
            }
            long va = PageTables.virtualAddress(mode, base + ((long) i << PageWalk.shift(mode, level)));
            long child = PageWalk.frame(cpu, mode, e, level);
            if (level - 1 == wantLevel) {
                if (child == want) {
                    return va;
                }
            } else if (level - 1 > wantLevel) {
                Long r = search(cpu, mode, child, level - 1, va, want, wantLevel);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }
}
