package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.debug.DebugSession;
import io.xenscope.xen.Vcpu;

/** A request's threadId: an online vCPU (thread N is vCPU N-1), which the request then looks at. */
final class ThreadCheck {
    private ThreadCheck() {
    }

    /** Selects the vCPU of {@code threadId} (null: the selected one stays); an unknown thread is an error. */
    static void select(DapContext ctx, Integer threadId) {
        if (threadId == null) {
            return;
        }
        DebugSession s = ctx.session();
        if (s != null) {
            for (Vcpu v : s.onlineVcpus()) {
                if (DapContext.threadOf(v.id()) == threadId) {
                    s.selectVcpu(v.id());
                    return;
                }
            }
        } else if (threadId == DapContext.VCPU0_THREAD) {
            return;
        }
        throw new DapError("no thread " + threadId + " (thread N is vCPU N-1, and only online vCPUs are threads)");
    }

    /** Selects the vCPU a frame id belongs to ({@link DapContext#frameId}). */
    static void selectFrame(DapContext ctx, Integer frameId) {
        if (frameId != null && frameId > 0) {
            select(ctx, DapContext.threadOf(DapContext.vcpuOfFrame(frameId)));
        }
    }
}
