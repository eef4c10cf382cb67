package io.xenscope.dap;

import io.xenscope.cpu.Cpu;
import io.xenscope.debug.DebugSession;
import io.xenscope.debug.StopEvent;
import io.xenscope.debug.symbols.LineTable;
import io.xenscope.debug.symbols.SymbolTable;
import io.xenscope.debug.symbols.Unwinder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The guest's own thread: continue and the steps run here, so the protocol thread keeps serving
 * (pause, threads, breakpoint changes). Changes that must not race the running machine (breakpoints)
 * go through {@link #whenStopped}: run at once when the guest is stopped, else between two chunks of
 * the run.
 */
public final class GuestRunner {
    /** Instructions a single step request may execute before it gives up and stops where it is. */
    static final long STEP_LIMIT = 50_000_000;

    private final DapContext context;
    private final DebugSession session;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "xenscope-guest");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<FutureTask<?>> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private volatile boolean pauseRequested;
    /** Shut down (restart, disconnect): a run it was doing ends without telling the client. */
    private volatile boolean discarded;
    private final BooleanSupplier poll = () -> {
        drain();
        return pauseRequested;
    };

    GuestRunner(DapContext context, DebugSession session) {
        this.context = context;
        this.session = session;
    }

    public boolean isRunning() {
        return running;
    }

    /** Starts {@code action} on the guest thread and reports its stop event when it ends. */
    public synchronized void start(Supplier<StopEvent> action) {
        if (running) {
            throw new DapError("the guest is already running");
        }
        running = true;
        pauseRequested = false;
        thread.execute(() -> {
            StopEvent e;
            try {
                e = action.get();
            } catch (RuntimeException | Error x) {
                e = new StopEvent.EmulatorError(session.pc(), x);
            }
            synchronized (this) {
                drain();
                running = false;
            }
            if (!discarded) {
                context.reportStop(e);
            }
        });
    }

    /** Asks the running guest to stop (any thread); no effect when stopped. */
    public void pause() {
        pauseRequested = true;
        session.pause();
    }

    /** Runs {@code c} with the machine stopped: now if it is, else between two chunks of the run. */
    public <T> T whenStopped(Callable<T> c) throws Exception {
        FutureTask<T> task;
        synchronized (this) {
            if (!running) {
                return c.call();
            }
            task = new FutureTask<>(c);
            pending.add(task);
        }
        try {
            return task.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    private void drain() {
        FutureTask<?> t;
        while ((t = pending.poll()) != null) {
            t.run();
        }
    }

    void shutdown() {
        discarded = true;
        pause();
        thread.shutdown();
    }

    /** Waits (a few seconds at most) for the guest thread to finish after {@link #shutdown}. */
    void awaitStopped() throws InterruptedException {
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }

    // ---- actions (run on the guest thread) ------------------------------------------------------------

    public StopEvent cont() {
        session.resumePastBreakpoints();
        while (true) {
            StopEvent e = session.resume(poll);
            if (stops(e)) {
                return e;
            }
            if (pauseRequested) {
                return new StopEvent.Paused(session.pc()); // a busy conditional breakpoint must not hide a pause
            }
        }
    }

    /**
     * Whether a stop is for the user: not a breakpoint whose condition is false, whose hit condition
     * is unmet, or that is a logpoint ({@link Breakpoints#decide}). The next resume executes the
     * instruction at the breakpoint first, so going on costs one more run and no event.
     */
    private boolean stops(StopEvent e) {
        if (!(e instanceof StopEvent.BreakpointHit b)) {
            return true;
        }
        List<Integer> ids = context.breakpoints.decide(b.pc(), session);
        return ids == null || !ids.isEmpty();
    }

    public StopEvent stepInstruction() {
        return session.step();
    }

    /**
     * Steps by source line: runs until the pc leaves the current line's range and reaches another line.
     * Calls are stepped over ({@code over}, or when the callee has no line information) by running to
     * the return address; a return into the middle of the caller's line finishes that line, as gdb does.
     */
    public StopEvent stepLine(boolean over) {
        SymbolTable st = session.symbols();
        Cpu cpu = session.cpu();
        LineTable.Range range = st == null ? null : st.stepRange(session.pc());
        if (range == null) {
            return session.step();
        }
        int line = lineOf(st, session.pc());
        String inlined = st.lookup(session.pc()).map(SymbolTable.Symbolized::inlined).orElse(null);
        long startInstr = cpu.instructionCount;
        long frameSp = cpu.gpr[4];
        while (cpu.instructionCount - startInstr < STEP_LIMIT) {
            long pc = session.pc();
            long sp = cpu.gpr[4];
            StopEvent e = session.step();
            if (!(e instanceof StopEvent.Stepped)) {
                return e;
            }
            drain();
            if (pauseRequested) {
                return new StopEvent.Paused(session.pc());
            }
            long ret = calledFrom(pc, sp);
            if (ret != 0) {
                if (!over && lineOf(st, session.pc()) > 0) {
                    return e; // stepped into a function we have lines for
                }
                e = runTo(ret, sp);
                if (!(e instanceof StopEvent.BreakpointHit b) || b.pc() != ret) {
                    return e;
                }
            }
            long now = session.pc();
            if (range.contains(now)) {
                continue;
            }
            int l = lineOf(st, now);
            LineTable.Range r = st.stepRange(now);
            if (l <= 0 || r == null) {
                return new StopEvent.Stepped(now); // left the code we have lines for
            }
            String inl = st.lookup(now).map(SymbolTable.Symbolized::inlined).orElse(null);
            if (over && inl != null && !inl.equals(inlined)) {
                continue; // next steps over inlined calls as over real ones
            }
            boolean returned = cpu.gpr[4] > frameSp;
            if (returned && r.start() != now) {
                range = r; // back in the caller mid-line: finish that line
                line = l;
                frameSp = cpu.gpr[4];
                continue;
            }
            if (l == line && r.start() != now) {
                range = r; // another piece of the same line
                continue;
            }
            return new StopEvent.Stepped(now);
        }
        return new StopEvent.Paused(session.pc());
    }

    /** Runs until the current function returns to its caller (per the unwinder). */
    public StopEvent stepOut() {
        List<Unwinder.Frame> frames = session.backtrace(2);
        if (frames.size() < 2) {
            return session.step();
        }
        long sp = session.cpu().gpr[4];
        long callerSp = frames.get(1).sp() > sp ? frames.get(1).sp() : sp + 8;
        StopEvent e = runTo(frames.get(1).pc(), callerSp);
        return e instanceof StopEvent.BreakpointHit b && b.pc() == frames.get(1).pc()
                ? new StopEvent.Stepped(b.pc()) : e;
    }

    /**
     * If the instruction just stepped (at {@code pc}, stack pointer {@code sp}) was a call, its
     * return address; else 0. A call pushed a return address just past itself.
     */
    private long calledFrom(long pc, long sp) {
        Cpu cpu = session.cpu();
        if (cpu.gpr[4] != sp - 8) {
            return 0;
        }
        long ret = read64(cpu.gpr[4]);
        long now = session.pc();
        return ret > pc && ret <= pc + 15 && (now <= pc || now > pc + 15) ? ret : 0;
    }

    /**
     * Runs until the selected vCPU reaches {@code address} with the stack at or above {@code minSp}
     * (not a deeper recursion, nor another vCPU running the same code).
     */
    private StopEvent runTo(long address, long minSp) {
        int vcpu = session.selectedVcpu();
        boolean had = session.breakpoints().contains(address);
        if (!had) {
            session.addBreakpoint(address);
        }
        try {
            while (true) {
                StopEvent e = session.resume(poll);
                if (e instanceof StopEvent.BreakpointHit b && b.pc() == address) {
                    if (session.selectedVcpu() != vcpu || session.cpu().gpr[4] < minSp) {
                        continue; // another vCPU, or a deeper activation: keep going
                    }
                    return e;
                }
                if (stops(e)) {
                    return e;
                }
                if (pauseRequested) {
                    return new StopEvent.Paused(session.pc());
                }
            }
        } finally {
            if (!had) {
                session.removeBreakpoint(address);
            }
        }
    }

    private long read64(long va) {
        byte[] b = session.memory().read(va, 8);
        if (b.length < 8) {
            return 0;
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }

    private static int lineOf(SymbolTable st, long pc) {
        Optional<SymbolTable.Symbolized> s = st.lookup(pc);
        return s.isPresent() && s.get().file() != null ? s.get().line() : 0;
    }
}
