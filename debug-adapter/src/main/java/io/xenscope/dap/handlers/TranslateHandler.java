package io.xenscope.dap.handlers;

import com.google.gson.JsonObject;
import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import io.xenscope.dap.PageTables;
import io.xenscope.debug.DebugSession;
import java.util.Map;

/**
 * xenscope/translate: a guest virtual address through the vCPU's page tables, step by step, without
 * faulting (see vscode-client/README.md). A walk that fails is a normal response with {@code fault}.
 */
public final class TranslateHandler implements Handler<JsonObject, Map<String, Object>> {
    @Override
    public Map<String, Object> handle(JsonObject a, DapContext ctx) {
        DebugSession s = ctx.stoppedSession();
        Long va = Args.address(a, "address");
        if (va == null) {
            throw new DapError("'address' is required");
        }
        return PageTables.walk(s, PageTables.cpu(s, Args.integer(a, "vcpu")), va).json();
    }
}
