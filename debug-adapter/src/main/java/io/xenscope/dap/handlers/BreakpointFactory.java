package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.GuestView;
import io.xenscope.debug.symbols.SymbolTable;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.debug.Breakpoint;

/** DAP breakpoint objects for resolved addresses. */
final class BreakpointFactory {
    private BreakpointFactory() {
    }

    static Breakpoint verified(DapContext ctx, int id, List<Long> addresses) {
        Breakpoint b = new Breakpoint();
        b.setId(id);
        b.setVerified(true);
        long a = addresses.get(0);
        b.setInstructionReference(GuestView.hex(a));
        Optional<SymbolTable.Symbolized> s = GuestView.lookup(ctx.session(), a);
        if (s.isPresent() && s.get().file() != null) {
            b.setSource(GuestView.source(ctx, s.get().file()));
            b.setLine(s.get().line());
        }
        if (addresses.size() > 1) {
            b.setMessage(addresses.size() + " locations");
        }
        return b;
    }

    static Breakpoint unverified(int id, String message) {
        Breakpoint b = new Breakpoint();
        b.setId(id);
        b.setVerified(false);
        b.setMessage(message);
        return b;
    }
}
