package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import org.eclipse.lsp4j.debug.TerminateArguments;

/** terminate: stops the guest for good and ends the session (terminated event). */
public final class TerminateHandler implements Handler<TerminateArguments, Void> {
    @Override
    public Void handle(TerminateArguments a, DapContext ctx) {
        if (ctx.isLaunched()) {
            ctx.runner().pause();
        }
        ctx.afterResponse(ctx::sendTerminated);
        return null;
    }
}
