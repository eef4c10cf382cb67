package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.Handler;
import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ExceptionBreakpointsFilter;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;

/** initialize: what this adapter really supports. */
public final class InitializeHandler implements Handler<InitializeRequestArguments, Capabilities> {
    public static final String HYPERCALL_FILTER = "hypercall";
    public static final String PAGEFAULT_FILTER = "pagefault";
    public static final String GP_FILTER = "gp";
    public static final String UD_FILTER = "ud";
    public static final String REFUSED_UPDATE_FILTER = "refusedUpdate";
    public static final String CRASH_FILTER = "crash";

    @Override
    public Capabilities handle(InitializeRequestArguments a, DapContext ctx) {
        if (a != null && Boolean.FALSE.equals(a.getLinesStartAt1())) {
            ctx.linesStartAt1 = false;
        }
        Capabilities c = new Capabilities();
        c.setSupportsConfigurationDoneRequest(true);
        c.setSupportsFunctionBreakpoints(true);
        c.setSupportsInstructionBreakpoints(true);
        c.setSupportsDataBreakpoints(true);
        c.setSupportsSteppingGranularity(true);
        c.setSupportsReadMemoryRequest(true);
        c.setSupportsDisassembleRequest(true);
        c.setSupportsTerminateRequest(true);
        c.setSupportsEvaluateForHovers(false);
        c.setSupportsConditionalBreakpoints(true);
        c.setSupportsHitConditionalBreakpoints(true);
        c.setSupportsLogPoints(true);
        c.setSupportsSetVariable(true);
        c.setSupportsWriteMemoryRequest(true);
        c.setSupportsRestartRequest(true);
        c.setSupportsExceptionInfoRequest(true);
        c.setSupportsExceptionFilterOptions(true);
        c.setExceptionBreakpointFilters(new ExceptionBreakpointsFilter[] {
            filter(HYPERCALL_FILTER, "Hypercalls", "Stop after every hypercall returns", null),
            filter(PAGEFAULT_FILTER, "Page faults (#PF)",
                    "Stop at a guest page fault, before Xen delivers it", FaultCondition.SYNTAX),
            filter(GP_FILTER, "General protection (#GP)",
                    "Stop at a guest #GP Xen does not emulate, before it is delivered", null),
            filter(UD_FILTER, "Invalid opcode (#UD)",
                    "Stop at a guest #UD Xen does not emulate, before it is delivered", null),
            filter(REFUSED_UPDATE_FILTER, "Refused page-table updates",
                    "Stop after Xen refuses a page-table update (mmu_update, mmuext_op, update_va_mapping)",
                    "PvMmuRule names, e.g. L2_DISALLOWED_BITS (comma or space separated); empty: any rule"),
            filter(CRASH_FILTER, "Domain crash",
                    "Stop when the domain would crash (an unhandled fault) or crashes, with its state intact", null),
        });
        return c;
    }

    private static ExceptionBreakpointsFilter filter(String id, String label, String description, String condition) {
        ExceptionBreakpointsFilter f = new ExceptionBreakpointsFilter();
        f.setFilter(id);
        f.setLabel(label);
        f.setDescription(description);
        f.setDefault_(false);
        if (condition != null) {
            f.setSupportsCondition(true);
            f.setConditionDescription(condition);
        }
        return f;
    }
}
