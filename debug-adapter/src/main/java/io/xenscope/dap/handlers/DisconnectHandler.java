package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import org.eclipse.lsp4j.debug.DisconnectArguments;

/** disconnect: the guest is discarded (there is nothing to detach from) and the adapter ends. */
public final class DisconnectHandler implements Handler<DisconnectArguments, Void> {
    @Override
    public Void handle(DisconnectArguments a, DapContext ctx) {
        ctx.afterResponse(ctx::finish);
        return null;
    }
}
