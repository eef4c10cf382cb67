package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.GuestView;
import io.xenscope.dap.Handler;
import io.xenscope.debug.DebugSession;
import io.xenscope.debug.symbols.Unwinder;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StackTraceResponse;

/** stackTrace: the thread's vCPU's frames (CFI, else frame pointers); ids from {@link DapContext#frameId}. */
public final class StackTraceHandler implements Handler<StackTraceArguments, StackTraceResponse> {
    static final int MAX_FRAMES = 64;

    @Override
    public StackTraceResponse handle(StackTraceArguments a, DapContext ctx) {
        DebugSession s = ctx.stoppedSession();
        ThreadCheck.select(ctx, a == null ? null : a.getThreadId());
        int vcpu = s.selectedVcpu();
        List<Unwinder.Frame> frames = s.backtrace(MAX_FRAMES);
        List<StackFrame> out = new ArrayList<>();
        if (frames.isEmpty()) {
            long pc = s.pc();
            out.add(frame(ctx, vcpu, 0, pc, null, 0, null, 0));
        }
        for (Unwinder.Frame f : frames) {
            out.add(frame(ctx, vcpu, f.level(), f.pc(), f.function(), f.offset(), f.file(), f.line()));
        }
        int start = a == null || a.getStartFrame() == null ? 0 : Math.max(0, a.getStartFrame());
        int levels = a == null || a.getLevels() == null || a.getLevels() <= 0 ? out.size() : a.getLevels();
        List<StackFrame> page = out.subList(Math.min(start, out.size()), Math.min(out.size(), start + levels));
        StackTraceResponse r = new StackTraceResponse();
        r.setStackFrames(page.toArray(new StackFrame[0]));
        r.setTotalFrames(out.size());
        return r;
    }

    private static StackFrame frame(DapContext ctx, int vcpu, int level, long pc, String function, long offset,
                                    String file, int line) {
        StackFrame f = new StackFrame();
        f.setId(DapContext.frameId(vcpu, level));
        f.setName(function == null ? GuestView.hex(pc) : offset == 0 ? function : function + "+" + offset);
        f.setInstructionPointerReference(GuestView.hex(pc));
        if (file != null && line > 0) {
            f.setSource(GuestView.source(ctx, file));
            f.setLine(ctx.linesStartAt1 ? line : line - 1);
        } else {
            f.setLine(0);
        }
        f.setColumn(0);
        return f;
    }
}
