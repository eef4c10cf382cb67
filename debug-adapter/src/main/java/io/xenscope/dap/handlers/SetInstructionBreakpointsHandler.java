package io.xenscope.dap.handlers;

import io.xenscope.dap.BreakpointBehaviour;
import io.xenscope.dap.DapContext;
import io.xenscope.dap.expr.ExpressionError;
import io.xenscope.dap.DapError;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.Handler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.InstructionBreakpoint;
import org.eclipse.lsp4j.debug.SetInstructionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetInstructionBreakpointsResponse;

/** setInstructionBreakpoints: engine breakpoints at instructionReference + offset, with a condition and a hit condition. */
public final class SetInstructionBreakpointsHandler
        implements Handler<SetInstructionBreakpointsArguments, SetInstructionBreakpointsResponse> {
    @Override
    public SetInstructionBreakpointsResponse handle(SetInstructionBreakpointsArguments a, DapContext ctx)
            throws Exception {
        if (a == null || a.getBreakpoints() == null) {
            throw new DapError("setInstructionBreakpoints needs \"breakpoints\"");
        }
        ctx.session();
        List<Breakpoint> out = new ArrayList<>();
        Map<Long, List<Integer>> addresses = new HashMap<>();
        Map<Integer, BreakpointBehaviour> behaviours = new HashMap<>();
        for (InstructionBreakpoint ib : a.getBreakpoints()) {
            int id = ctx.breakpoints.newId();
            long addr;
            try {
                addr = GuestView.parseAddress(ib.getInstructionReference())
                        + (ib.getOffset() == null ? 0 : ib.getOffset());
            } catch (DapError e) {
                out.add(BreakpointFactory.unverified(id, e.getMessage()));
                continue;
            }
            BreakpointBehaviour behaviour;
            try {
                behaviour = BreakpointBehaviour.of(ib.getCondition(), ib.getHitCondition(), null, ctx.symbols(), null, null);
            } catch (ExpressionError e) {
                out.add(BreakpointFactory.unverified(id, e.getMessage()));
                continue;
            }
            if (behaviour != null) {
                behaviours.put(id, behaviour);
            }
            out.add(BreakpointFactory.verified(ctx, id, List.of(addr)));
            addresses.computeIfAbsent(addr, k -> new ArrayList<>()).add(id);
        }
        ctx.breakpoints.replace("instruction", addresses, behaviours);
        SetInstructionBreakpointsResponse r = new SetInstructionBreakpointsResponse();
        r.setBreakpoints(out.toArray(new Breakpoint[0]));
        return r;
    }
}
