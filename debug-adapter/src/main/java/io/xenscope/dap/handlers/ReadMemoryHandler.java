package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.Handler;
import io.xenscope.debug.DebugSession;
import java.util.Base64;
import org.eclipse.lsp4j.debug.ReadMemoryArguments;
import org.eclipse.lsp4j.debug.ReadMemoryResponse;

/** readMemory: guest virtual memory through the guest's page tables; stops at the first unmapped byte. */
public final class ReadMemoryHandler implements Handler<ReadMemoryArguments, ReadMemoryResponse> {
    static final int MAX = 1 << 20;

    @Override
    public ReadMemoryResponse handle(ReadMemoryArguments a, DapContext ctx) {
        if (a == null) {
            throw new DapError("readMemory needs arguments");
        }
        DebugSession s = ctx.stoppedSession();
        long addr = GuestView.parseAddress(a.getMemoryReference()) + (a.getOffset() == null ? 0 : a.getOffset());
        int count = a.getCount();
        if (count < 0 || count > MAX) {
            throw new DapError("count must be between 0 and " + MAX);
        }
        byte[] b = s.memory().read(addr, count);
        ReadMemoryResponse r = new ReadMemoryResponse();
        r.setAddress(GuestView.hex(addr));
        r.setData(Base64.getEncoder().encodeToString(b));
        if (b.length < count) {
            r.setUnreadableBytes(count - b.length);
        }
        return r;
    }
}
