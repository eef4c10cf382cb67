package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.Handler;
import io.xenscope.dap.PageTables;
import io.xenscope.debug.DebugSession;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.EvaluateResponse;

/**
 * evaluate: a register ({@code rax}, {@code $rip}), a number, a function name (its address), or a
 * memory read {@code *(uint8_t|uint16_t|uint32_t|uint64_t *)ADDR} where ADDR is any of those, or
 * {@code translate ADDR}: the page walk of a virtual address (as xenscope/translate, on one line).
 */
public final class EvaluateHandler implements Handler<EvaluateArguments, EvaluateResponse> {
    private static final Pattern DEREF = Pattern.compile(
            "\\*\\s*\\(\\s*u?int(8|16|32|64)_t\\s*\\*\\s*\\)\\s*(.+)");
    private static final Pattern TRANSLATE = Pattern.compile("translate\\s+(.+)");

    @Override
    public EvaluateResponse handle(EvaluateArguments a, DapContext ctx) {
        if (a == null || a.getExpression() == null || a.getExpression().isBlank()) {
            throw new DapError("nothing to evaluate");
        }
        DebugSession s = ctx.stoppedSession();
        String e = a.getExpression().trim();
        EvaluateResponse r = new EvaluateResponse();
        Matcher t = TRANSLATE.matcher(e);
        if (t.matches()) {
            PageTables.Walk w = PageTables.walk(s, s.cpu(), scalar(s, t.group(1).trim()));
            r.setResult(w.describe());
            if (w.fault() == null) {
                r.setMemoryReference(GuestView.hex(w.va()));
            }
            r.setVariablesReference(0);
            return r;
        }
        Matcher m = DEREF.matcher(e);
        long value;
        if (m.matches()) {
            int bytes = Integer.parseInt(m.group(1)) / 8;
            long addr = scalar(s, m.group(2).trim());
            byte[] b = s.memory().read(addr, bytes);
            if (b.length < bytes) {
                throw new DapError("cannot read " + bytes + " bytes at " + GuestView.hex(addr) + ": not mapped");
            }
            value = 0;
            for (int i = bytes - 1; i >= 0; i--) {
                value = value << 8 | (b[i] & 0xff);
            }
        } else {
            value = scalar(s, e);
        }
        r.setResult(GuestView.hex(value) + " (" + Long.toUnsignedString(value) + ")");
        r.setMemoryReference(GuestView.hex(value));
        r.setVariablesReference(0);
        return r;
    }

    static long scalar(DebugSession s, String e) {
        String x = e.startsWith("(") && e.endsWith(")") ? e.substring(1, e.length() - 1).trim() : e;
        Optional<Long> reg = GuestView.register(s, x);
        if (reg.isPresent()) {
            return reg.get();
        }
        if (x.matches("0[xX][0-9a-fA-F]+|\\d+")) {
            return GuestView.parseAddress(x);
        }
        String name = x.startsWith("&") ? x.substring(1).trim() : x;
        if (s.symbols() != null && name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            OptionalLong at = s.symbols().entryOf(name);
            if (at.isPresent()) {
                return at.getAsLong();
            }
        }
        throw new DapError("cannot evaluate '" + e + "': registers (rax, $rip), numbers, function names and "
                + "*(uint64_t *)ADDR and translate ADDR are supported");
    }
}
