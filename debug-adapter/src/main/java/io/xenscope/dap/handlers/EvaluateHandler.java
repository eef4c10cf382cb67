package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.Handler;
import io.xenscope.dap.PageTables;
import io.xenscope.dap.expr.ExpressionError;
import io.xenscope.dap.expr.ExpressionParser;
import io.xenscope.debug.DebugSession;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.EvaluateResponse;

/**
 * evaluate: an expression of the breakpoint-condition language ({@link ExpressionParser}: registers,
 * numbers, ELF symbols, {@code *(uint32_t *)ADDR}, C operators), shown as hex and unsigned decimal;
 * or {@code translate ADDR}: the page walk of a virtual address (as xenscope/translate, on one line).
 */
public final class EvaluateHandler implements Handler<EvaluateArguments, EvaluateResponse> {
    private static final Pattern TRANSLATE = Pattern.compile("translate\\s+(.+)");

    @Override
    public EvaluateResponse handle(EvaluateArguments a, DapContext ctx) {
        if (a == null || a.getExpression() == null || a.getExpression().isBlank()) {
            throw new DapError("nothing to evaluate");
        }
        DebugSession s = ctx.stoppedSession();
        ThreadCheck.selectFrame(ctx, a == null ? null : a.getFrameId());
        String e = a.getExpression().trim();
        EvaluateResponse r = new EvaluateResponse();
        r.setVariablesReference(0);
        Matcher t = TRANSLATE.matcher(e);
        if (t.matches()) {
            PageTables.Walk w = PageTables.walk(s, s.cpu(), value(s, t.group(1)));
            r.setResult(w.describe());
            if (w.fault() == null) {
                r.setMemoryReference(GuestView.hex(w.va()));
            }
            return r;
        }
        long value = value(s, e);
        r.setResult(GuestView.hex(value) + " (" + Long.toUnsignedString(value) + ")");
        r.setMemoryReference(GuestView.hex(value));
        return r;
    }

    private static long value(DebugSession s, String expression) {
        try {
            return ExpressionParser.parse(expression, s.symbols()).eval(s);
        } catch (ExpressionError x) {
            throw new DapError("cannot evaluate '" + expression.trim() + "': " + x.getMessage());
        }
    }
}
