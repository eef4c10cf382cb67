package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import io.xenscope.debug.DebugSession;
import io.xenscope.mmu.Watchpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.DataBreakpoint;
import org.eclipse.lsp4j.debug.DataBreakpointAccessType;
import org.eclipse.lsp4j.debug.SetDataBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetDataBreakpointsResponse;

/**
 * setDataBreakpoints: replaces the whole set of watchpoints (dataIds from {@link DataBreakpointInfoHandler}).
 * Each is verified, or refused with a message (a malformed dataId; conditions, which are not supported).
 * A hit stops with reason "data breakpoint" (see {@code DapContext.reportStop}).
 */
public final class SetDataBreakpointsHandler implements Handler<SetDataBreakpointsArguments, SetDataBreakpointsResponse> {
    @Override
    public SetDataBreakpointsResponse handle(SetDataBreakpointsArguments a, DapContext ctx) throws Exception {
        if (a == null || a.getBreakpoints() == null) {
            throw new DapError("setDataBreakpoints needs \"breakpoints\"");
        }
        DebugSession s = ctx.session();
        List<Breakpoint> out = new ArrayList<>();
        Map<Watchpoint, Integer> ids = new LinkedHashMap<>();
        for (DataBreakpoint db : a.getBreakpoints()) {
            int id = ctx.breakpoints.newId();
            Breakpoint b = new Breakpoint();
            b.setId(id);
            try {
                if (db.getCondition() != null && !db.getCondition().isBlank()
                        || db.getHitCondition() != null && !db.getHitCondition().isBlank()) {
                    throw new DapError("conditions on data breakpoints are not supported");
                }
                DataBreakpointInfoHandler.Target t = DataBreakpointInfoHandler.Target.parse(db.getDataId());
                Watchpoint w = new Watchpoint(kind(db.getAccessType()),
                        t.physical() ? Watchpoint.Space.PHYSICAL : Watchpoint.Space.LINEAR, t.address(), t.length());
                ids.putIfAbsent(w, id);
                b.setVerified(true);
                b.setMessage(w.toString());
            } catch (DapError | IllegalArgumentException e) {
                b.setVerified(false);
                b.setMessage(e.getMessage());
            }
            out.add(b);
        }
        ctx.runner().whenStopped(() -> {
            s.setWatchpoints(ids.keySet());
            return null;
        });
        ctx.dataBreakpointIds.clear();
        ctx.dataBreakpointIds.putAll(ids);
        SetDataBreakpointsResponse r = new SetDataBreakpointsResponse();
        r.setBreakpoints(out.toArray(new Breakpoint[0]));
        return r;
    }

    /** DAP's access types as x86's: write (the default), read, readWrite (any access). */
    private static Watchpoint.Kind kind(DataBreakpointAccessType t) {
        if (t == null || t == DataBreakpointAccessType.WRITE) {
            return Watchpoint.Kind.WRITE;
        }
        return t == DataBreakpointAccessType.READ ? Watchpoint.Kind.READ : Watchpoint.Kind.ACCESS;
    }
}
