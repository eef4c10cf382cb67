package io.xenscope.dap.expr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A breakpoint's hit condition as VS Code's JavaScript debugger reads it (js-debug's
 * {@code hitConditionRe}): {@code N} or {@code == N} stops on the N-th hit only, {@code > N},
 * {@code >= N}, {@code < N}, {@code <= N} compare the hit count, {@code % N} stops on every N-th hit.
 * A hit is counted each time the breakpoint is reached with its condition (if any) true.
 */
public record HitCondition(String op, long n) {
    private static final Pattern SYNTAX = Pattern.compile("(>=|<=|={1,3}|>|<|%)?\\s*(\\d+)");

    public static HitCondition parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new ExpressionError("hit condition '" + text + "' is not one of N, == N, > N, >= N, < N, <= N, % N");
        }
        String op = m.group(1) == null || m.group(1).startsWith("=") ? "==" : m.group(1);
        long n;
        try {
            n = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw new ExpressionError("hit condition '" + text + "': " + m.group(2) + " is too large");
        }
        if (op.equals("%") && n == 0) {
            throw new ExpressionError("hit condition '" + text + "': % 0 never stops");
        }
        return new HitCondition(op, n);
    }

    /** Whether the {@code hits}-th hit stops. */
    public boolean stopsAt(long hits) {
        return switch (op) {
            case ">" -> hits > n;
            case ">=" -> hits >= n;
            case "<" -> hits < n;
            case "<=" -> hits <= n;
            case "%" -> hits % n == 0;
            default -> hits == n;
        };
    }
}
