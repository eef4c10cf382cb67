package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import java.util.List;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.VariablesResponse;

/** variables: the children of a reference handed out by scopes (or by a variable). */
public final class VariablesHandler implements Handler<VariablesArguments, VariablesResponse> {
    @Override
    public VariablesResponse handle(VariablesArguments a, DapContext ctx) {
        if (a == null) {
            throw new DapError("variables needs a variablesReference");
        }
        ctx.stoppedSession();
        List<Variable> all = ctx.variables.get(a.getVariablesReference()).get();
        int start = a.getStart() == null ? 0 : Math.max(0, a.getStart());
        int count = a.getCount() == null || a.getCount() <= 0 ? all.size() : a.getCount();
        List<Variable> page = all.subList(Math.min(start, all.size()), Math.min(all.size(), start + count));
        VariablesResponse r = new VariablesResponse();
        r.setVariables(page.toArray(new Variable[0]));
        return r;
    }
}
