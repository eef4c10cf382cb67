package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import org.eclipse.lsp4j.debug.PauseArguments;

/** pause: asks the running guest to stop; the stopped event (reason pause) follows. */
public final class PauseHandler implements Handler<PauseArguments, Void> {
    @Override
    public Void handle(PauseArguments a, DapContext ctx) {
        ThreadCheck.select(ctx, a == null ? null : a.getThreadId());
        ctx.session();
        if (ctx.runner().isRunning()) {
            ctx.runner().pause(); // the stopped event (reason pause) follows from the guest thread
        } // stopped already: nothing to do (DAP allows that)
        return null;
    }
}
