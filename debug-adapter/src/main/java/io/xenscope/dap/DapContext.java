package io.xenscope.dap;

import io.xenscope.dap.handlers.SetExceptionBreakpointsHandler;
import io.xenscope.debug.DebugSession;
import io.xenscope.debug.StopEvent;
import io.xenscope.debug.symbols.SymbolTable;
import io.xenscope.xen.MachineEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments;
import org.eclipse.lsp4j.debug.OutputEventArgumentsCategory;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.StoppedEventArgumentsReason;
import org.eclipse.lsp4j.debug.TerminatedEventArguments;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;

/**
 * The state one debug session shares between handlers: the client (for events), the launched
 * {@link DebugSession}, the guest thread, breakpoints, and actions to run once the current
 * request's response has been sent (so a stopped event never overtakes the response that caused it).
 */
public final class DapContext {
    /** DAP thread id of vCPU 0 (thread ids are vCPU numbers + 1: clients take thread id 0 for "none"). */
    public static final int VCPU0_THREAD = 1;

    /** The DAP thread id of vCPU {@code vcpu}. */
    public static int threadOf(int vcpu) {
        return vcpu + 1;
    }

    /** Frame ids per vCPU: vCPU N's frame at level L is N * FRAMES_PER_VCPU + L + 1 (vCPU 0's are L + 1). */
    public static final int FRAMES_PER_VCPU = 1000;

    public static int frameId(int vcpu, int level) {
        return vcpu * FRAMES_PER_VCPU + level + 1;
    }

    public static int vcpuOfFrame(int frameId) {
        return (frameId - 1) / FRAMES_PER_VCPU;
    }

    private volatile IDebugProtocolClient client;
    private final ConcurrentLinkedQueue<Runnable> afterResponse = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile DebugSession session;
    private volatile LaunchConfig launchConfig;
    private volatile SetExceptionBreakpointsArguments exceptionBreakpoints;
    private volatile boolean configured;
    private volatile boolean terminatedSent;
    private GuestRunner runner;
    public final Breakpoints breakpoints = new Breakpoints(this);
    public final VariableStore variables = new VariableStore();
    /** The DAP id of each armed data breakpoint (setDataBreakpoints), for the stopped event's hitBreakpointIds. */
    public final java.util.Map<io.xenscope.mmu.Watchpoint, Integer> dataBreakpointIds = new java.util.concurrent.ConcurrentHashMap<>();
    public boolean linesStartAt1 = true;

    void connect(IDebugProtocolClient client) {
        this.client = client;
    }

    public IDebugProtocolClient client() {
        return client;
    }

    /** Runs {@code action} right after the response to the request being handled has been sent. */
    public void afterResponse(Runnable action) {
        afterResponse.add(action);
    }

    void drainAfterResponse() {
        Runnable r;
        while ((r = afterResponse.poll()) != null) {
            r.run();
        }
    }

    // ---- the launched guest ---------------------------------------------------------------------------

    public void launched(DebugSession s, LaunchConfig config) {
        this.session = s;
        this.launchConfig = config;
        s.setPollInterval(100_000);
        this.runner = new GuestRunner(this, s);
        LiveFindings.watch(this, s);
        io.xenscope.debug.ConsoleView console = new io.xenscope.debug.ConsoleView();
        s.machine().addListener(e -> {
            if (e instanceof MachineEvent.ConsoleOutput c) {
                output(OutputEventArgumentsCategory.STDOUT, console.show(c));
            } else if (e instanceof MachineEvent.VcpuOnline o) {
                threadEvent(o);
            }
        });
        output("console", "XenScope: " + config.program().getFileName() + " boots as "
                + s.machine().mode().name().toLowerCase(java.util.Locale.ROOT) + (config.mode() == null ? " (detected)" : "")
                + "; symbols from " + config.symbols() + "\n");
        if (s.symbols() == null || !s.symbols().hasLineInfo()) {
            output("console", "XenScope: no line information in " + config.symbols()
                    + " (build with -g for source breakpoints, or set \"symbols\" to the ELF that has it)\n");
        }
    }

    /**
     * Replaces the guest by a fresh boot of {@code config} (restart): the old guest thread ends, the
     * user's breakpoints and exception filters carry over to the new machine.
     */
    public void relaunched(DebugSession s, LaunchConfig config) throws Exception {
        GuestRunner old = runner;
        old.pause();
        old.shutdown();
        old.awaitStopped();
        variables.clear();
        launched(s, config);
        terminatedSent = false;
        breakpoints.reinstall();
        SetExceptionBreakpointsArguments filters = exceptionBreakpoints;
        if (filters != null) {
            new SetExceptionBreakpointsHandler().handle(filters, this);
        }
    }

    public LaunchConfig launchConfig() {
        return launchConfig;
    }

    /** The last setExceptionBreakpoints, applied again to a restarted guest. */
    public void exceptionBreakpoints(SetExceptionBreakpointsArguments a) {
        exceptionBreakpoints = a;
    }

    public boolean isLaunched() {
        return session != null;
    }

    /** The session; an error response when nothing was launched or the guest is gone. */
    public DebugSession session() {
        if (session == null) {
            throw new DapError("no guest: send 'launch' first");
        }
        return session;
    }

    /** The session, for requests that need the guest stopped (registers, memory, stack). */
    public DebugSession stoppedSession() {
        DebugSession s = session();
        if (runner.isRunning()) {
            throw new DapError("the guest is running: pause it first");
        }
        if (s.exited() && !(s.lastStop() instanceof StopEvent.Crashed)) { // a crash stop keeps the state to inspect
            throw new DapError("the guest has shut down");
        }
        return s;
    }

    public SymbolTable symbols() {
        return session().symbols();
    }

    public Path program() {
        return launchConfig == null ? null : launchConfig.program();
    }

    public GuestRunner runner() {
        if (runner == null) {
            throw new DapError("no guest: send 'launch' first");
        }
        return runner;
    }

    public boolean stopOnEntry() {
        return launchConfig != null && launchConfig.stopOnEntry();
    }

    public boolean configured() {
        return configured;
    }

    public void setConfigured() {
        configured = true;
    }

    // ---- events -----------------------------------------------------------------------------------------

    public void output(String category, String text) {
        IDebugProtocolClient c = client;
        if (c != null && text != null && !text.isEmpty()) {
            OutputEventArguments o = new OutputEventArguments();
            o.setCategory(category);
            o.setOutput(text);
            c.output(o);
        }
    }

    /** A logpoint's output, placed at its source line when it has one. */
    public void log(String text, org.eclipse.lsp4j.debug.Source source, Integer line) {
        IDebugProtocolClient c = client;
        if (c != null) {
            OutputEventArguments o = new OutputEventArguments();
            o.setCategory(OutputEventArgumentsCategory.CONSOLE);
            o.setOutput(text);
            o.setSource(source);
            o.setLine(line);
            c.output(o);
        }
    }

    /** A thread event: vCPU N's thread (id N+1) started when it came online, exited when it went down. */
    private void threadEvent(MachineEvent.VcpuOnline o) {
        IDebugProtocolClient c = client;
        if (c != null) {
            org.eclipse.lsp4j.debug.ThreadEventArguments t = new org.eclipse.lsp4j.debug.ThreadEventArguments();
            t.setThreadId(threadOf(o.vcpu()));
            t.setReason(o.online() ? org.eclipse.lsp4j.debug.ThreadEventArgumentsReason.STARTED
                    : org.eclipse.lsp4j.debug.ThreadEventArgumentsReason.EXITED);
            c.thread(t);
        }
    }

    /** Tells the client why the guest stopped (called on the guest thread once a run or step ends). */
    void reportStop(StopEvent e) {
        variables.clear();
        IDebugProtocolClient c = client;
        if (c == null) {
            return;
        }
        if (e instanceof StopEvent.Exited x) {
            output(OutputEventArgumentsCategory.CONSOLE, "Guest shut down: " + x.reasonName()
                    + (x.detail() == null || x.detail().isEmpty() ? "" : " (" + x.detail() + ")") + "\n");
            ExitedEventArguments ex = new ExitedEventArguments();
            ex.setExitCode(x.reason());
            c.exited(ex);
            sendTerminated();
            return;
        }
        StoppedEventArguments s = new StoppedEventArguments();
        DebugSession stopped = session;
        s.setThreadId(stopped == null ? VCPU0_THREAD : threadOf(stopped.selectedVcpu())); // the vCPU that stopped
        s.setAllThreadsStopped(true);
        if (e instanceof StopEvent.Entry) {
            s.setReason(StoppedEventArgumentsReason.ENTRY);
        } else if (e instanceof StopEvent.BreakpointHit b) {
            s.setReason(StoppedEventArgumentsReason.BREAKPOINT);
            List<Integer> ids = breakpoints.idsAt(b.pc());
            if (!ids.isEmpty()) {
                s.setHitBreakpointIds(ids.toArray(new Integer[0]));
            }
        } else if (e instanceof StopEvent.WatchpointHit w) {
            s.setReason(StoppedEventArgumentsReason.DATA_BREAKPOINT);
            s.setDescription(w.hit().write()
                    ? String.format("Data breakpoint: write at 0x%x, 0x%x → 0x%x", w.hit().linear(), w.hit().oldValue(), w.hit().newValue())
                    : String.format("Data breakpoint: read at 0x%x (0x%x)", w.hit().linear(), w.hit().newValue()));
            s.setText(w.description());
            Integer id = dataBreakpointIds.get(w.watch());
            if (id != null) {
                s.setHitBreakpointIds(new Integer[] {id});
            }
        } else if (e instanceof StopEvent.Stepped) {
            s.setReason(StoppedEventArgumentsReason.STEP);
        } else if (e instanceof StopEvent.Paused) {
            s.setReason(StoppedEventArgumentsReason.PAUSE);
        } else if (e instanceof StopEvent.HypercallStop h) {
            s.setReason(StoppedEventArgumentsReason.EXCEPTION);
            s.setDescription("Paused after hypercall " + h.name());
            s.setText(String.format("hypercall %d (%s) returned %d", h.number(), h.name(), h.result()));
        } else if (e instanceof StopEvent.RefusedUpdate r) {
            s.setReason(StoppedEventArgumentsReason.EXCEPTION);
            s.setDescription("Xen refused a page-table update (" + r.rule() + ")");
            s.setText(r.explanation());
        } else if (e instanceof StopEvent.FaultStop f) {
            s.setReason(StoppedEventArgumentsReason.EXCEPTION);
            s.setDescription("Guest exception " + f.vectorName());
            s.setText(f.explanation());
        } else if (e instanceof StopEvent.Crashed cr) {
            s.setReason(StoppedEventArgumentsReason.EXCEPTION);
            s.setDescription("The domain crashed");
            s.setText("domain_crash: " + cr.detail());
        } else if (e instanceof StopEvent.BlockedForever) {
            s.setReason(StoppedEventArgumentsReason.EXCEPTION);
            s.setDescription("Blocked forever");
            s.setText("the guest blocked with nothing that could wake it");
        } else if (e instanceof StopEvent.EmulatorError err) {
            s.setReason(StoppedEventArgumentsReason.EXCEPTION);
            s.setDescription("XenScope error");
            s.setText(String.valueOf(err.error()));
            output(OutputEventArgumentsCategory.STDERR, "XenScope internal error: " + err.error() + "\n");
        }
        c.stopped(s);
    }

    public void sendTerminated() {
        IDebugProtocolClient c = client;
        if (c != null && !terminatedSent) {
            terminatedSent = true;
            c.terminated(new TerminatedEventArguments());
        }
    }

    /** Completes when the client disconnected (the stdio command then exits). */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    public void finish() {
        if (runner != null) {
            runner.shutdown();
        }
        finished.complete(null);
    }

}
