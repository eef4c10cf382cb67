package io.xenscope.dap.expr;

import io.xenscope.debug.DebugSession;
import io.xenscope.debug.symbols.SymbolTable;
import java.util.ArrayList;
import java.util.List;

/**
 * A logpoint's message: text with {@code {expr}} interpolations (VS Code's convention), each an
 * {@link ExpressionParser} expression printed in unsigned decimal, or with a format after a colon:
 * {@code {rsp:x}} hexadecimal (0x...), {@code {rax:d}} signed decimal. {@code {{} and {@code }}} are
 * literal braces. An interpolation that cannot be evaluated prints as {@code <error: why>}.
 */
public final class LogMessage {
    private interface Part {
        String render(DebugSession s);
    }

    private final List<Part> parts;

    private LogMessage(List<Part> parts) {
        this.parts = parts;
    }

    public static LogMessage parse(String template, SymbolTable symbols) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < template.length() && template.charAt(i + 1) == c) {
                text.append(c);
                i += 2;
                continue;
            }
            if (c == '}') {
                throw new ExpressionError("unmatched '}' in log message at column " + (i + 1) + " (write }} for a brace)");
            }
            if (c != '{') {
                text.append(c);
                i++;
                continue;
            }
            int close = template.indexOf('}', i);
            if (close < 0) {
                throw new ExpressionError("unclosed '{' in log message at column " + (i + 1));
            }
            String inner = template.substring(i + 1, close);
            char format = 'u';
            int colon = inner.lastIndexOf(':');
            if (colon >= 0 && inner.substring(colon + 1).trim().matches("[xdu]")) {
                format = inner.substring(colon + 1).trim().charAt(0);
                inner = inner.substring(0, colon);
            }
            String literal = text.toString();
            text.setLength(0);
            parts.add(s -> literal);
            Expression e = ExpressionParser.parse(inner, symbols);
            char f = format;
            parts.add(s -> {
                try {
                    long v = e.eval(s);
                    return f == 'x' ? "0x" + Long.toHexString(v) : f == 'd' ? Long.toString(v) : Long.toUnsignedString(v);
                } catch (ExpressionError x) {
                    return "<error: " + x.getMessage() + ">";
                }
            });
            i = close + 1;
        }
        String tail = text.toString();
        parts.add(s -> tail);
        return new LogMessage(parts);
    }

    public String render(DebugSession s) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            sb.append(p.render(s));
        }
        return sb.toString();
    }
}
