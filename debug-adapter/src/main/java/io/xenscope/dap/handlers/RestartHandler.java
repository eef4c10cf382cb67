package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import io.xenscope.dap.LaunchConfig;
import io.xenscope.debug.DebugSession;
import io.xenscope.debug.StopEvent;
import org.eclipse.lsp4j.debug.RestartArguments;

/**
 * restart: boots the same launch configuration again on a fresh machine (the new boot first, so a
 * failure leaves the old guest as it was); breakpoints and exception filters carry over; then the
 * guest stops at its entry (stopOnEntry) or runs, as after configurationDone.
 */
public final class RestartHandler implements Handler<RestartArguments, Void> {
    @Override
    public Void handle(RestartArguments a, DapContext ctx) throws Exception {
        LaunchConfig config = ctx.launchConfig();
        if (config == null) {
            throw new DapError("nothing to restart: send 'launch' first");
        }
        DebugSession s = config.boot();
        ctx.relaunched(s, config);
        ctx.output("console", "XenScope: restarted " + config.program().getFileName() + " as " + s.machine().mode().name().toLowerCase(java.util.Locale.ROOT) + "\n");
        if (ctx.configured()) {
            long pc = s.pc();
            ctx.afterResponse(() -> ctx.runner().start(config.stopOnEntry() ? () -> new StopEvent.Entry(pc) : ctx.runner()::cont));
        }
        return null;
    }
}
