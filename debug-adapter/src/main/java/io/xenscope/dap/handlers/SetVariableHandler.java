package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import io.xenscope.dap.expr.ExpressionError;
import org.eclipse.lsp4j.debug.SetVariableArguments;
import org.eclipse.lsp4j.debug.SetVariableResponse;
import org.eclipse.lsp4j.debug.Variable;

/**
 * setVariable: a register of the "Registers" scope (GPRs, rip, rflags, fs_base, gs_base, cr2) or a
 * flag bit under rflags, to the value of an expression ({@code 0x10}, {@code rax + 8}). What cannot
 * be changed safely is refused with the reason.
 */
public final class SetVariableHandler implements Handler<SetVariableArguments, SetVariableResponse> {
    @Override
    public SetVariableResponse handle(SetVariableArguments a, DapContext ctx) {
        if (a == null || a.getName() == null || a.getValue() == null) {
            throw new DapError("setVariable needs a variablesReference, a name and a value");
        }
        ctx.stoppedSession();
        Variable v;
        try {
            v = ctx.variables.setter(a.getVariablesReference()).set(a.getName(), a.getValue());
        } catch (ExpressionError e) {
            throw new DapError("cannot set " + a.getName() + ": " + e.getMessage());
        }
        SetVariableResponse r = new SetVariableResponse();
        r.setValue(v.getValue());
        r.setMemoryReference(v.getMemoryReference());
        r.setVariablesReference(v.getVariablesReference());
        return r;
    }
}
