package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ExceptionBreakpointsFilter;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;

/** initialize: what this adapter really supports. */
public final class InitializeHandler implements Handler<InitializeRequestArguments, Capabilities> {
    public static final String HYPERCALL_FILTER = "hypercall";

    @Override
    public Capabilities handle(InitializeRequestArguments a, DapContext ctx) {
        if (a != null && Boolean.FALSE.equals(a.getLinesStartAt1())) {
            ctx.linesStartAt1 = false;
        }
        Capabilities c = new Capabilities();
        c.setSupportsConfigurationDoneRequest(true);
        c.setSupportsFunctionBreakpoints(true);
        c.setSupportsInstructionBreakpoints(true);
        c.setSupportsSteppingGranularity(true);
        c.setSupportsReadMemoryRequest(true);
        c.setSupportsDisassembleRequest(true);
        c.setSupportsTerminateRequest(true);
        c.setSupportsEvaluateForHovers(false);
        c.setSupportsConditionalBreakpoints(false);
        ExceptionBreakpointsFilter f = new ExceptionBreakpointsFilter();
        f.setFilter(HYPERCALL_FILTER);
        f.setLabel("Hypercalls");
        f.setDescription("Stop after every hypercall returns");
        f.setDefault_(false);
        c.setExceptionBreakpointFilters(new ExceptionBreakpointsFilter[] {f});
        return c;
    }
}
