package io.xenscope.dap;

import io.xenscope.debug.DebugSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The user's breakpoints by origin (one source file, the function list, the instruction list): each
 * set request replaces its origin's addresses, and the engine gets the union. Temporary breakpoints
 * of the steppers are not here. Ids are DAP breakpoint ids.
 */
public final class Breakpoints {
    private final DapContext context;
    private final Map<String, Map<Long, List<Integer>>> byOrigin = new HashMap<>();
    private final Set<Long> installed = new HashSet<>();
    private int nextId = 1;

    Breakpoints(DapContext context) {
        this.context = context;
    }

    public synchronized int newId() {
        return nextId++;
    }

    /** Replaces the addresses of {@code origin} (address → DAP ids) and updates the engine. */
    public void replace(String origin, Map<Long, List<Integer>> addresses) throws Exception {
        DebugSession s = context.session();
        context.runner().whenStopped(() -> {
            synchronized (this) {
                byOrigin.put(origin, addresses);
                Set<Long> want = new TreeSet<>();
                byOrigin.values().forEach(m -> want.addAll(m.keySet()));
                for (long a : new ArrayList<>(installed)) {
                    if (!want.contains(a)) {
                        s.removeBreakpoint(a);
                        installed.remove(a);
                    }
                }
                for (long a : want) {
                    if (installed.add(a)) {
                        s.addBreakpoint(a);
                    }
                }
            }
            return null;
        });
    }

    public synchronized List<Integer> idsAt(long address) {
        List<Integer> ids = new ArrayList<>();
        for (Map<Long, List<Integer>> m : byOrigin.values()) {
            ids.addAll(m.getOrDefault(address, List.of()));
        }
        return ids;
    }
}
