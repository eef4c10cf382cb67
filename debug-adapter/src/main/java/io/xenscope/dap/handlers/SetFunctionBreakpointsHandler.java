package io.xenscope.dap.handlers;

import io.xenscope.dap.BreakpointBehaviour;
import io.xenscope.dap.DapContext;
import io.xenscope.dap.expr.ExpressionError;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.FunctionBreakpoint;
import org.eclipse.lsp4j.debug.SetFunctionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetFunctionBreakpointsResponse;

/**
 * setFunctionBreakpoints: past the prologue of each copy of the function, as gdb's "break NAME";
 * with a condition and a hit condition.
 */
public final class SetFunctionBreakpointsHandler
        implements Handler<SetFunctionBreakpointsArguments, SetFunctionBreakpointsResponse> {
    @Override
    public SetFunctionBreakpointsResponse handle(SetFunctionBreakpointsArguments a, DapContext ctx) throws Exception {
        if (a == null || a.getBreakpoints() == null) {
            throw new DapError("setFunctionBreakpoints needs \"breakpoints\"");
        }
        List<Breakpoint> out = new ArrayList<>();
        Map<Long, List<Integer>> addresses = new HashMap<>();
        Map<Integer, BreakpointBehaviour> behaviours = new HashMap<>();
        for (FunctionBreakpoint fb : a.getBreakpoints()) {
            int id = ctx.breakpoints.newId();
            String name = fb.getName() == null ? "" : fb.getName().trim();
            List<Long> at;
            try {
                at = name.isEmpty() ? List.of() : ctx.session().resolve(name);
            } catch (RuntimeException e) {
                at = List.of();
            }
            if (at.isEmpty()) {
                out.add(BreakpointFactory.unverified(id, "no function '" + name + "'"));
                continue;
            }
            BreakpointBehaviour behaviour;
            try {
                behaviour = BreakpointBehaviour.of(fb.getCondition(), fb.getHitCondition(), null, ctx.symbols(), null, null);
            } catch (ExpressionError e) {
                out.add(BreakpointFactory.unverified(id, e.getMessage()));
                continue;
            }
            if (behaviour != null) {
                behaviours.put(id, behaviour);
            }
            out.add(BreakpointFactory.verified(ctx, id, at));
            for (long addr : at) {
                addresses.computeIfAbsent(addr, k -> new ArrayList<>()).add(id);
            }
        }
        ctx.breakpoints.replace("function", addresses, behaviours);
        SetFunctionBreakpointsResponse r = new SetFunctionBreakpointsResponse();
        r.setBreakpoints(out.toArray(new Breakpoint[0]));
        return r;
    }
}
