package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import io.xenscope.dap.LaunchConfig;
import java.util.Map;

/**
 * launch: boots the guest the arguments describe ({@link LaunchConfig}: program or an xl.cfg, mode
 * pv/pvh/hvm, memory, cmdline, vcpus), stopped at its entry. The initialized event follows the response.
 */
public final class LaunchHandler implements Handler<Map<String, Object>, Void> {
    @Override
    public Void handle(Map<String, Object> a, DapContext ctx) throws Exception {
        if (ctx.isLaunched()) {
            throw new DapError("a guest is already launched in this session");
        }
        LaunchConfig config = LaunchConfig.from(a);
        ctx.launched(config.boot(), config);
        ctx.afterResponse(() -> ctx.client().initialized());
        return null;
    }
}
