package io.xenscope.dap.expr;

/** A malformed expression (at parse time) or one that cannot be evaluated now (unmapped memory, / 0). */
public final class ExpressionError extends RuntimeException {
    public ExpressionError(String message) {
        super(message);
    }
}
