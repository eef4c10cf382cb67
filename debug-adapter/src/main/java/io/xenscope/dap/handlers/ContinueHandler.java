package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.ContinueResponse;

/** continue: runs until a breakpoint, a hypercall stop, a pause or shutdown. */
public final class ContinueHandler implements Handler<ContinueArguments, ContinueResponse> {
    @Override
    public ContinueResponse handle(ContinueArguments a, DapContext ctx) {
        Execution.startAfterResponse(ctx, a == null ? null : a.getThreadId(), () -> ctx.runner().cont());
        ContinueResponse r = new ContinueResponse();
        r.setAllThreadsContinued(true);
        return r;
    }
}
