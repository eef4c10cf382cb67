package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import io.xenscope.debug.DebugSession;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsResponse;

/** setExceptionBreakpoints: the "hypercall" filter stops after every hypercall returns. */
public final class SetExceptionBreakpointsHandler
        implements Handler<SetExceptionBreakpointsArguments, SetExceptionBreakpointsResponse> {
    /** Xen's hypercall numbers are below 64. */
    static final int HYPERCALLS = 64;

    @Override
    public SetExceptionBreakpointsResponse handle(SetExceptionBreakpointsArguments a, DapContext ctx) throws Exception {
        String[] filters = a == null || a.getFilters() == null ? new String[0] : a.getFilters();
        boolean hypercall = false;
        List<Breakpoint> out = new ArrayList<>();
        for (String f : filters) {
            if (!InitializeHandler.HYPERCALL_FILTER.equals(f)) {
                throw new DapError("unknown exception filter '" + f + "' (known: hypercall)");
            }
            hypercall = true;
            Breakpoint b = new Breakpoint();
            b.setVerified(true);
            out.add(b);
        }
        DebugSession s = ctx.session();
        boolean on = hypercall;
        ctx.runner().whenStopped(() -> {
            for (int n = 0; n < HYPERCALLS; n++) {
                s.stopOnHypercall(n, on);
            }
            return null;
        });
        SetExceptionBreakpointsResponse r = new SetExceptionBreakpointsResponse();
        r.setBreakpoints(out.toArray(new Breakpoint[0]));
        return r;
    }
}
