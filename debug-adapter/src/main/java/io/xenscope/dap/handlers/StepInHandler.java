package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import org.eclipse.lsp4j.debug.StepInArguments;

/** stepIn: one source line, entering calls to code with line information; or one instruction. */
public final class StepInHandler implements Handler<StepInArguments, Void> {
    @Override
    public Void handle(StepInArguments a, DapContext ctx) {
        boolean insn = a != null && Execution.byInstruction(a.getGranularity());
        Execution.startAfterResponse(ctx, a == null ? null : a.getThreadId(),
                () -> insn ? ctx.runner().stepInstruction() : ctx.runner().stepLine(false));
        return null;
    }
}
