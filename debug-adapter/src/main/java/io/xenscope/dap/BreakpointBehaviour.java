package io.xenscope.dap;

import io.xenscope.dap.expr.Expression;
import io.xenscope.dap.expr.ExpressionParser;
import io.xenscope.dap.expr.HitCondition;
import io.xenscope.dap.expr.LogMessage;
import io.xenscope.debug.symbols.SymbolTable;
import org.eclipse.lsp4j.debug.Source;

/**
 * What a user breakpoint does when the guest reaches it, beyond stopping: a condition (stop only
 * when it is non-zero), a hit condition over the count of hits with the condition true, and a log
 * message (a logpoint prints it and does not stop). Parsed when the breakpoint is set, so a
 * malformed one is reported then; {@code source}/{@code line} place a logpoint's output.
 */
public final class BreakpointBehaviour {
    final String conditionText;
    final Expression condition;
    final HitCondition hitCondition;
    final LogMessage log;
    final Source source;
    final Integer line;
    long hits;

    private BreakpointBehaviour(String conditionText, Expression condition, HitCondition hitCondition, LogMessage log,
                                Source source, Integer line) {
        this.conditionText = conditionText;
        this.condition = condition;
        this.hitCondition = hitCondition;
        this.log = log;
        this.source = source;
        this.line = line;
    }

    /**
     * The behaviour of a breakpoint with these (possibly blank) settings; null when all are blank (a
     * plain breakpoint). An {@link io.xenscope.dap.expr.ExpressionError} says what is malformed.
     */
    public static BreakpointBehaviour of(String condition, String hitCondition, String logMessage, SymbolTable symbols,
                                         Source source, Integer line) {
        boolean c = condition != null && !condition.isBlank();
        boolean h = hitCondition != null && !hitCondition.isBlank();
        boolean l = logMessage != null && !logMessage.isEmpty();
        if (!c && !h && !l) {
            return null;
        }
        return new BreakpointBehaviour(c ? condition.trim() : null, c ? ExpressionParser.parse(condition, symbols) : null,
                h ? HitCondition.parse(hitCondition) : null, l ? LogMessage.parse(logMessage, symbols) : null, source, line);
    }
}
