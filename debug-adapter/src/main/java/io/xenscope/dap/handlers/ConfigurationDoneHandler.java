package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import io.xenscope.debug.StopEvent;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;

/** configurationDone: report the entry stop (stopOnEntry) or start the guest. */
public final class ConfigurationDoneHandler implements Handler<ConfigurationDoneArguments, Void> {
    @Override
    public Void handle(ConfigurationDoneArguments a, DapContext ctx) {
        if (!ctx.isLaunched()) {
            throw new DapError("configurationDone before launch");
        }
        if (ctx.configured()) {
            throw new DapError("configurationDone was already sent");
        }
        ctx.setConfigured();
        if (ctx.stopOnEntry()) {
            long pc = ctx.session().pc();
            ctx.afterResponse(() -> ctx.runner().start(() -> new StopEvent.Entry(pc)));
        } else {
            ctx.afterResponse(() -> ctx.runner().start(ctx.runner()::cont));
        }
        return null;
    }
}
