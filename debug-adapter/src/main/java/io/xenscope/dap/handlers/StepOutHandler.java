package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import org.eclipse.lsp4j.debug.StepOutArguments;

/** stepOut: runs to the return address the unwinder finds for the current frame. */
public final class StepOutHandler implements Handler<StepOutArguments, Void> {
    @Override
    public Void handle(StepOutArguments a, DapContext ctx) {
        Execution.startAfterResponse(ctx, a == null ? null : a.getThreadId(), () -> ctx.runner().stepOut());
        return null;
    }
}
