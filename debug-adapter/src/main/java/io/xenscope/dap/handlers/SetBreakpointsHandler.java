package io.xenscope.dap.handlers;

import io.xenscope.dap.BreakpointBehaviour;
import io.xenscope.dap.DapContext;
import io.xenscope.dap.expr.ExpressionError;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import io.xenscope.debug.symbols.SymbolTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsResponse;
import org.eclipse.lsp4j.debug.SourceBreakpoint;

/**
 * setBreakpoints: source lines through the DWARF line table, placed where gdb would put them (a line
 * without code moves to the next line with code; the response carries the actual line), with
 * conditions, hit conditions and log messages ({@link BreakpointBehaviour}); a malformed one leaves
 * its breakpoint unverified with the reason as its message.
 */
public final class SetBreakpointsHandler implements Handler<SetBreakpointsArguments, SetBreakpointsResponse> {
    @Override
    public SetBreakpointsResponse handle(SetBreakpointsArguments a, DapContext ctx) throws Exception {
        if (a == null || a.getSource() == null || (a.getSource().getPath() == null && a.getSource().getName() == null)) {
            throw new DapError("setBreakpoints needs a source with a path");
        }
        String file = a.getSource().getPath() != null ? a.getSource().getPath() : a.getSource().getName();
        SymbolTable st = ctx.session().symbols();
        SourceBreakpoint[] wanted = a.getBreakpoints() != null ? a.getBreakpoints() : new SourceBreakpoint[0];
        List<Breakpoint> out = new ArrayList<>();
        Map<Long, List<Integer>> addresses = new HashMap<>();
        Map<Integer, BreakpointBehaviour> behaviours = new HashMap<>();
        for (SourceBreakpoint sb : wanted) {
            int id = ctx.breakpoints.newId();
            int line = ctx.linesStartAt1 ? sb.getLine() : sb.getLine() + 1;
            List<Long> at = st == null ? List.of() : st.addressesFor(file, line);
            if (at.isEmpty()) {
                out.add(BreakpointFactory.unverified(id, st == null || !st.hasLineInfo()
                        ? "the kernel has no line information" : "no code at or after line " + line + " of " + file));
                continue;
            }
            Breakpoint b = BreakpointFactory.verified(ctx, id, at);
            if (b.getLine() == null) {
                b.setLine(st.resolvedLine(file, line));
            }
            BreakpointBehaviour behaviour;
            try {
                behaviour = BreakpointBehaviour.of(sb.getCondition(), sb.getHitCondition(), sb.getLogMessage(), st,
                        b.getSource() != null ? b.getSource() : a.getSource(), b.getLine());
            } catch (ExpressionError e) {
                out.add(BreakpointFactory.unverified(id, e.getMessage()));
                continue;
            }
            if (behaviour != null) {
                behaviours.put(id, behaviour);
            }
            out.add(b);
            for (long addr : at) {
                addresses.computeIfAbsent(addr, k -> new ArrayList<>()).add(id);
            }
        }
        ctx.breakpoints.replace("source:" + file, addresses, behaviours);
        SetBreakpointsResponse r = new SetBreakpointsResponse();
        r.setBreakpoints(out.toArray(new Breakpoint[0]));
        return r;
    }
}
