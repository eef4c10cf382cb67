package io.xenscope.dap.expr;

import io.xenscope.debug.DebugSession;

/**
 * A parsed expression of the adapter's small language (see {@link ExpressionParser}), evaluated
 * against the stopped guest: 64-bit values, as {@code uint64_t} in C.
 */
@FunctionalInterface
public interface Expression {
    /** The value now; an {@link ExpressionError} when it cannot be computed (unmapped memory, division by 0). */
    long eval(DebugSession s);
}
