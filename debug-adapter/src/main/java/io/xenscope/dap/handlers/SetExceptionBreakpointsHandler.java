package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import io.xenscope.debug.DebugSession;
import io.xenscope.debug.DebugSession.FaultFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.ExceptionFilterOptions;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsResponse;

/**
 * setExceptionBreakpoints: "hypercall" stops after every hypercall returns; "pagefault", "gp", "ud"
 * stop at a guest exception before Xen delivers it ("pagefault" takes a CR2 / error-code condition,
 * see {@link FaultCondition}); "refusedUpdate" stops after Xen refuses a page-table update (condition:
 * PvMmuRule names); "crash" stops when the domain would crash or crashes, with its state intact.
 */
public final class SetExceptionBreakpointsHandler
        implements Handler<SetExceptionBreakpointsArguments, SetExceptionBreakpointsResponse> {
    /** Xen's hypercall numbers are below 64. */
    static final int HYPERCALLS = 64;

    @Override
    public SetExceptionBreakpointsResponse handle(SetExceptionBreakpointsArguments a, DapContext ctx) throws Exception {
        Map<String, String> on = new LinkedHashMap<>(); // filter -> condition ("" when none)
        if (a != null && a.getFilters() != null) {
            for (String f : a.getFilters()) {
                on.put(f, "");
            }
        }
        if (a != null && a.getFilterOptions() != null) {
            for (ExceptionFilterOptions o : a.getFilterOptions()) {
                on.put(o.getFilterId(), o.getCondition() == null ? "" : o.getCondition().trim());
            }
        }
        List<FaultFilter> faults = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        List<Breakpoint> out = new ArrayList<>();
        for (Map.Entry<String, String> e : on.entrySet()) {
            String cond = e.getValue();
            switch (e.getKey()) {
                case InitializeHandler.HYPERCALL_FILTER, InitializeHandler.CRASH_FILTER -> noCondition(e);
                case InitializeHandler.PAGEFAULT_FILTER -> faults.add(FaultCondition.parse(FaultFilter.vector(14), cond));
                case InitializeHandler.GP_FILTER -> {
                    noCondition(e);
                    faults.add(FaultFilter.vector(13));
                }
                case InitializeHandler.UD_FILTER -> {
                    noCondition(e);
                    faults.add(FaultFilter.vector(6));
                }
                case InitializeHandler.REFUSED_UPDATE_FILTER -> {
                    for (String r : cond.split("[,\\s]+")) {
                        if (!r.isEmpty()) {
                            try {
                                io.xenscope.xen.mm.PvMmuRule.valueOf(r);
                            } catch (IllegalArgumentException x) {
                                throw new DapError("refusedUpdate: no rule '" + r + "' (PvMmuRule names, e.g. "
                                        + io.xenscope.xen.mm.PvMmuRule.values()[0].name() + ")");
                            }
                            rules.add(r);
                        }
                    }
                }
                default -> throw new DapError("unknown exception filter '" + e.getKey()
                        + "' (known: hypercall, pagefault, gp, ud, refusedUpdate, crash)");
            }
            Breakpoint b = new Breakpoint();
            b.setVerified(true);
            out.add(b);
        }
        DebugSession s = ctx.session();
        ctx.exceptionBreakpoints(a);
        boolean hypercall = on.containsKey(InitializeHandler.HYPERCALL_FILTER);
        boolean refused = on.containsKey(InitializeHandler.REFUSED_UPDATE_FILTER);
        boolean crash = on.containsKey(InitializeHandler.CRASH_FILTER);
        ctx.runner().whenStopped(() -> {
            for (int n = 0; n < HYPERCALLS; n++) {
                s.stopOnHypercall(n, hypercall);
            }
            s.setFaultStops(faults);
            s.stopOnRefusedUpdate(refused, rules);
            s.stopOnCrash(crash);
            return null;
        });
        SetExceptionBreakpointsResponse r = new SetExceptionBreakpointsResponse();
        r.setBreakpoints(out.toArray(new Breakpoint[0]));
        return r;
    }

    private static void noCondition(Map.Entry<String, String> e) {
        if (!e.getValue().isEmpty()) {
            throw new DapError("the '" + e.getKey() + "' filter takes no condition");
        }
    }
}
