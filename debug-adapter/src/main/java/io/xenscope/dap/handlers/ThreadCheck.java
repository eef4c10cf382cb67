package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;

final class ThreadCheck {
    private ThreadCheck() {
    }

    static void check(Integer threadId) {
        if (threadId != null && threadId != DapContext.VCPU0_THREAD) {
            throw new DapError("no thread " + threadId + " (thread " + DapContext.VCPU0_THREAD + " is vCPU 0)");
        }
    }
}
