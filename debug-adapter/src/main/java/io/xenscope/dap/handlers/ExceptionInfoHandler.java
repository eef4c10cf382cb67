package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import io.xenscope.debug.StopEvent;
import org.eclipse.lsp4j.debug.ExceptionBreakMode;
import org.eclipse.lsp4j.debug.ExceptionDetails;
import org.eclipse.lsp4j.debug.ExceptionInfoArguments;
import org.eclipse.lsp4j.debug.ExceptionInfoResponse;

/** exceptionInfo: what the last exception stop was (a refused update, a guest fault, a crash). */
public final class ExceptionInfoHandler implements Handler<ExceptionInfoArguments, ExceptionInfoResponse> {
    @Override
    public ExceptionInfoResponse handle(ExceptionInfoArguments a, DapContext ctx) {
        ThreadCheck.select(ctx, a == null ? null : a.getThreadId());
        StopEvent e = ctx.session().lastStop();
        ExceptionInfoResponse r = new ExceptionInfoResponse();
        ExceptionDetails d = new ExceptionDetails();
        r.setBreakMode(ExceptionBreakMode.ALWAYS);
        if (e instanceof StopEvent.RefusedUpdate u) {
            var rej = u.rejection();
            r.setExceptionId(u.rule());
            r.setDescription(u.explanation());
            d.setTypeName("PageTableUpdateRejected");
            d.setMessage(u.explanation());
            d.setFullTypeName("io.xenscope.xen.mm.PvMmuRule." + u.rule());
            StringBuilder sb = new StringBuilder();
            sb.append("hypercall: ").append(rej.hypercall()).append('\n');
            sb.append("errno: ").append(rej.errno()).append('\n');
            sb.append("rule: ").append(u.rule()).append(" (Xen: ").append(rej.rule().xenSource()).append(")\n");
            sb.append("detail: ").append(rej.detail()).append('\n');
            if (rej.pteAddress() >= 0) {
                sb.append(String.format("entry: L%d at maddr 0x%x: 0x%x -> 0x%x%n", rej.level(), rej.pteAddress(),
                        rej.oldValue(), rej.newValue()));
            }
            if (!rej.validationPath().isEmpty()) {
                sb.append("validation path: ").append(String.join(" -> ", rej.validationPath())).append('\n');
            }
            rej.guestRip().ifPresent(rip -> sb.append(String.format("guest rip: 0x%x%n", rip)));
            d.setStackTrace(sb.toString());
        } else if (e instanceof StopEvent.FaultStop f) {
            r.setExceptionId(f.vectorName().split(" ")[0]);
            r.setDescription(f.explanation());
            d.setTypeName(f.vectorName());
            d.setMessage(f.description());
            d.setStackTrace(String.format("vector: %d%nerror code: 0x%x%ncr2: 0x%x%nrip: 0x%x%nbounced: %s%n",
                    f.vector(), f.errorCode(), f.cr2(), f.rip(), f.bounced()));
        } else if (e instanceof StopEvent.Crashed c) {
            r.setExceptionId("crash");
            r.setDescription("domain_crash: " + c.detail());
            d.setTypeName("domain crash");
            d.setMessage(c.detail());
        } else if (e instanceof StopEvent.HypercallStop h) {
            r.setExceptionId("hypercall");
            r.setDescription(String.format("hypercall %d (%s) returned %d", h.number(), h.name(), h.result()));
        } else {
            throw new DapError("the guest did not stop on an exception");
        }
        r.setDetails(d);
        return r;
    }
}
