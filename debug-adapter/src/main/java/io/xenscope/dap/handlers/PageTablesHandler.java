package io.xenscope.dap.handlers;

import com.google.gson.JsonObject;
import io.xenscope.cpu.Cpu;
import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.Handler;
import io.xenscope.dap.PageTables;
import io.xenscope.debug.DebugSession;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * xenscope/pageTables: the present entries of one table, lazily (see vscode-client/README.md).
 * Without {@code table}: the vCPU's PML4 (CR3). A child table's entries need the virtual address
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
        if ((cpu.cr0 & Cpu.CR0_PG) == 0) {
            throw new DapError("paging is off on this vCPU");
        }
        Long table = Args.address(a, "table");
        Integer level = Args.integer(a, "level");
        long root = cpu.cr3 & PageTables.ADDR;
        long va;
        if (table == null) {
            if (level != null && level != 4) {
                throw new DapError("without 'table' the level is 4 (the PML4 at CR3)");
            }
            table = root;
            level = 4;
            va = 0;
        } else {
            if (level == null) {
                level = table == root ? 4 : null;
                if (level == null) {
                    throw new DapError("'level' (1..4) is required with 'table'");
                }
            }
            if (level < 1 || level > 4) {
                throw new DapError("'level' must be 1..4, not " + level);
            }
            PageTables.checkTable(s, table);
            Long given = Args.address(a, "va");
            if (given != null) {
                va = given & ~((1L << PageTables.shift(level + 1)) - 1);
            } else if (level == 4) {
                va = 0;
            } else {
                Long known = vaOfTable.get(key(table, level));
                if (known == null) {
                    known = search(cpu, root, 4, 0, table, level);
                }
                if (known == null) {
                    throw new DapError("table " + GuestView.hex(table) + " is not reachable at level " + level
                            + " from CR3 " + GuestView.hex(cpu.cr3));
                }
                va = known;
            }
        }
        List<Map<String, Object>> entries = PageTables.entries(s, table, level, va);
        for (Map<String, Object> e : entries) {
            if (e.get("table") instanceof String child) {
                vaOfTable.put(key(GuestView.parseAddress(child), level - 1), GuestView.parseAddress((String) e.get("va")));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("table", GuestView.hex(table));
        body.put("level", level);
        PageTables.frameState(s, table, body);
        body.put("entries", entries);
        return body;
    }

    private static String key(long table, int level) {
        return level + ":" + table;
    }

    /** The first virtual address at which {@code want} is the table of {@code wantLevel}, or null. */
    private static Long search(Cpu cpu, long table, int level, long base, long want, int wantLevel) {
        if (!cpu.memory.isRam(table)) {
            return null;
        }
        for (int i = 0; i < 512; i++) {
            long e = cpu.memory.read64(table + 8L * i);
            if ((e & 1) == 0 || PageTables.isLeaf(e, level)) {
                continue;
            }
            long va = PageTables.canonical(base + ((long) i << PageTables.shift(level)));
            long child = e & PageTables.ADDR;
            if (level - 1 == wantLevel) {
                if (child == want) {
                    return va;
                }
            } else if (level - 1 > wantLevel) {
                Long r = search(cpu, child, level - 1, va, want, wantLevel);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }
}
