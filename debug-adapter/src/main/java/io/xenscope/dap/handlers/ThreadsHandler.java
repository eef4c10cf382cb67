package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import io.xenscope.xen.Vcpu;
import java.util.List;
import org.eclipse.lsp4j.debug.Thread;
import org.eclipse.lsp4j.debug.ThreadsResponse;

/** threads: one per online vCPU of the domain, "vCPU N" (ids: {@link DapContext#threadOf}). */
public final class ThreadsHandler implements Handler<Void, ThreadsResponse> {
    @Override
    public ThreadsResponse handle(Void a, DapContext ctx) {
        ThreadsResponse r = new ThreadsResponse();
        if (!ctx.isLaunched()) {
            r.setThreads(new Thread[0]);
            return r;
        }
        List<Vcpu> vcpus = ctx.session().onlineVcpus();
        Thread[] threads = new Thread[vcpus.size()];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread();
            threads[i].setId(DapContext.threadOf(vcpus.get(i).id));
            threads[i].setName("vCPU " + vcpus.get(i).id);
        }
        r.setThreads(threads);
        return r;
    }
}
