package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.Handler;
import io.xenscope.debug.DebugSession;
import java.util.Arrays;
import java.util.Base64;
import org.eclipse.lsp4j.debug.WriteMemoryArguments;
import org.eclipse.lsp4j.debug.WriteMemoryResponse;

/**
 * writeMemory: guest virtual memory through the guest's page tables ({@code DebugMemory}: access
 * rights ignored, so read-only code can be patched; translated code on the page is dropped as for
 * any write, so the guest runs the new bytes). With allowPartial, the mapped prefix is written.
 */
public final class WriteMemoryHandler implements Handler<WriteMemoryArguments, WriteMemoryResponse> {
    @Override
    public WriteMemoryResponse handle(WriteMemoryArguments a, DapContext ctx) {
        if (a == null || a.getData() == null) {
            throw new DapError("writeMemory needs a memoryReference and data");
        }
        DebugSession s = ctx.stoppedSession();
        long va = GuestView.parseAddress(a.getMemoryReference()) + (a.getOffset() == null ? 0 : a.getOffset());
        byte[] data;
        try {
            data = Base64.getDecoder().decode(a.getData());
        } catch (IllegalArgumentException e) {
            throw new DapError("writeMemory: data is not base64: " + e.getMessage());
        }
        int mapped = 0;
        while (mapped < data.length && s.memory().translate(va + mapped) >= 0) {
            mapped++;
        }
        if (mapped < data.length && !Boolean.TRUE.equals(a.getAllowPartial())) {
            throw new DapError("cannot write " + data.length + " bytes at " + GuestView.hex(va) + ": "
                    + GuestView.hex(va + mapped) + " is not mapped");
        }
        s.memory().write(va, Arrays.copyOf(data, mapped));
        WriteMemoryResponse r = new WriteMemoryResponse();
        r.setBytesWritten(mapped);
        return r;
    }
}
