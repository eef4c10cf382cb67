package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import org.eclipse.lsp4j.debug.NextArguments;

/** next: step over one source line (calls run to their return), or one instruction. */
public final class NextHandler implements Handler<NextArguments, Void> {
    @Override
    public Void handle(NextArguments a, DapContext ctx) {
        boolean insn = a != null && Execution.byInstruction(a.getGranularity());
        Execution.startAfterResponse(ctx, a == null ? null : a.getThreadId(),
                () -> insn ? ctx.runner().stepInstruction() : ctx.runner().stepLine(true));
        return null;
    }
}
