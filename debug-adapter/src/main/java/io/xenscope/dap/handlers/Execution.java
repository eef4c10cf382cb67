package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.debug.StopEvent;
import java.util.function.Supplier;
import org.eclipse.lsp4j.debug.SteppingGranularity;

/** Starting the guest for continue and the steps: after the response, on the guest thread. */
final class Execution {
    private Execution() {
    }

    static void startAfterResponse(DapContext ctx, Integer threadId, Supplier<StopEvent> action) {
        ctx.stoppedSession();
        ThreadCheck.select(ctx, threadId); // a step steps this thread's vCPU
        if (!ctx.configured()) {
            throw new DapError("send configurationDone first");
        }
        ctx.variables.clear();
        ctx.afterResponse(() -> ctx.runner().start(action));
    }

    static boolean byInstruction(SteppingGranularity g) {
        return g == SteppingGranularity.INSTRUCTION;
    }
}
