package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import org.eclipse.lsp4j.debug.Thread;
import org.eclipse.lsp4j.debug.ThreadsResponse;

/** threads: one per vCPU (the PV machine has vCPU 0). */
public final class ThreadsHandler implements Handler<Void, ThreadsResponse> {
    @Override
    public ThreadsResponse handle(Void a, DapContext ctx) {
        ThreadsResponse r = new ThreadsResponse();
        if (!ctx.isLaunched()) {
            r.setThreads(new Thread[0]);
            return r;
        }
        Thread t = new Thread();
        t.setId(DapContext.VCPU0_THREAD);
        t.setName("vCPU 0");
        r.setThreads(new Thread[] {t});
        return r;
    }
}
