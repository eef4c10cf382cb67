package io.xenscope.dap;

import io.xenscope.dap.expr.ExpressionError;
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
 * set request replaces its origin's addresses and behaviours (conditions, hit conditions, log
 * messages), and the engine gets the union of the addresses. When the engine stops at one,
 * {@link #decide} runs on the guest thread: a false condition, an unmet hit condition or a logpoint
 * lets the guest go on without any event but the log output. Temporary breakpoints of the steppers
 * are not here. Ids are DAP breakpoint ids.
 */
public final class Breakpoints {
    private final DapContext context;
    private final Map<String, Map<Long, List<Integer>>> byOrigin = new HashMap<>();
    private final Map<String, Map<Integer, BreakpointBehaviour>> behaviours = new HashMap<>();
    private final Set<Long> installed = new HashSet<>();
    private volatile List<Integer> lastStopIds = List.of();
    private volatile long lastStopPc = -1;
    private int nextId = 1;

    Breakpoints(DapContext context) {
        this.context = context;
    }

    public synchronized int newId() {
        return nextId++;
    }

    /** Replaces the addresses of {@code origin} (address → DAP ids) and updates the engine. */
    public void replace(String origin, Map<Long, List<Integer>> addresses) throws Exception {
        replace(origin, addresses, Map.of());
    }

    /** As {@link #replace(String, Map)}, with the behaviours of the ids that have one. */
    public void replace(String origin, Map<Long, List<Integer>> addresses, Map<Integer, BreakpointBehaviour> behaviour)
            throws Exception {
        DebugSession s = context.session();
        context.runner().whenStopped(() -> {
            synchronized (this) {
                byOrigin.put(origin, addresses);
                behaviours.put(origin, behaviour);
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

    /** The ids of the user breakpoints a stop at {@code address} is for: those {@link #decide} stopped for there. */
    public synchronized List<Integer> idsAt(long address) {
        if (address == lastStopPc) {
            return lastStopIds;
        }
        List<Integer> ids = new ArrayList<>();
        for (Map<Long, List<Integer>> m : byOrigin.values()) {
            ids.addAll(m.getOrDefault(address, List.of()));
        }
        return ids;
    }

    /**
     * The engine stopped at {@code pc} (guest thread, guest stopped): which user breakpoints there
     * stop. Conditions are evaluated, hits counted, logpoints printed; empty means resume. A
     * condition that cannot be evaluated stops, with the reason on the console, as gdb does.
     */
    public synchronized List<Integer> decide(long pc, DebugSession s) {
        List<Integer> stop = new ArrayList<>();
        boolean any = false;
        for (Map.Entry<String, Map<Long, List<Integer>>> o : byOrigin.entrySet()) {
            Map<Integer, BreakpointBehaviour> bs = behaviours.getOrDefault(o.getKey(), Map.of());
            for (int id : o.getValue().getOrDefault(pc, List.of())) {
                any = true;
                BreakpointBehaviour b = bs.get(id);
                if (b == null) {
                    stop.add(id);
                } else if (decide(id, b, s)) {
                    stop.add(id);
                }
            }
        }
        lastStopPc = pc;
        lastStopIds = any ? List.copyOf(stop) : List.of();
        return any ? stop : null;
    }

    private boolean decide(int id, BreakpointBehaviour b, DebugSession s) {
        if (b.condition != null) {
            try {
                if (b.condition.eval(s) == 0) {
                    return false;
                }
            } catch (ExpressionError e) {
                context.output("console", "Breakpoint " + id + ": cannot evaluate the condition '" + b.conditionText
                        + "': " + e.getMessage() + "; stopped\n");
                return true;
            }
        }
        b.hits++;
        if (b.hitCondition != null && !b.hitCondition.stopsAt(b.hits)) {
            return false;
        }
        if (b.log != null) {
            context.log(b.log.render(s) + "\n", b.source, b.line);
            return false;
        }
        return true;
    }

    /** Installs every user breakpoint again, on a new machine (restart); hit counts start over. */
    public synchronized void reinstall() {
        DebugSession s = context.session();
        installed.clear();
        for (Map<Long, List<Integer>> m : byOrigin.values()) {
            for (long a : m.keySet()) {
                if (installed.add(a)) {
                    s.addBreakpoint(a);
                }
            }
        }
        behaviours.values().forEach(m -> m.values().forEach(b -> b.hits = 0));
    }
}
