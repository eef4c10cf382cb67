package io.xenscope.dap.bench;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.XenDebugAdapter;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.FunctionBreakpoint;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.SetFunctionBreakpointsArguments;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.TerminatedEventArguments;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/**
 * The round trip of one DAP {@code next} (step over a source line): an lsp4j.debug client talks
 * JSON-RPC over in-process pipes to a {@link XenDebugAdapter}, launches a PV guest with DWARF, stops
 * at {@code main} (a function breakpoint), and times each {@code next} from the moment the request is
 * sent to the moment its {@code stopped} event arrives. When a step leaves {@code main} (the program
 * is about to end) or the guest exits, the session is thrown away and a fresh one started: session
 * start-up is not timed. Nothing is asserted; figures are for printing.
 */
public final class NextRoundTrip {
    private static final long TIMEOUT_SECONDS = 60;

    private NextRoundTrip() {
    }

    /** Round-trip figures in microseconds, over {@code samples} timed nexts in {@code sessions} sessions. */
    public record Figures(int samples, int sessions, long p50, long p99, long max, long min) {
        @Override
        public String toString() {
            return String.format("DAP next round trip (request sent -> stopped event): %d nexts over %d sessions  "
                    + "p50 %.3f ms  p99 %.3f ms  max %.3f ms  (min %.3f ms)",
                    samples, sessions, p50 / 1e3, p99 / 1e3, max / 1e3, min / 1e3);
        }
    }

    /** Times {@code nexts} steps after {@code warmup} untimed ones, on the guest kernel {@code program}. */
    public static Figures measure(Path program, int nexts, int warmup) throws Exception {
        if (nexts <= 0 || warmup < 0) {
            throw new IllegalArgumentException("nexts must be positive, warmup not negative");
        }
        long[] samples = new long[nexts];
        int taken = 0, done = 0, sessions = 0;
        while (taken < nexts) {
            sessions++;
            try (Session s = new Session()) {
                s.startAtMain(program);
                while (taken < nexts) {
                    long t0 = System.nanoTime();
                    Object ev = s.next();
                    long dt = System.nanoTime() - t0;
                    if (!(ev instanceof StoppedEventArguments)) {
                        break; // the guest ran to its end: this step is not a round trip to a stop
                    }
                    if (done++ >= warmup) {
                        samples[taken++] = dt / 1000;
                    }
                    if (!s.inMain()) {
                        break; // stepped out of main: start again rather than step through the exit path
                    }
                }
            }
            if (sessions > nexts + warmup + 10) {
                throw new IllegalStateException("no step stopped in " + sessions + " sessions");
            }
        }
        Arrays.sort(samples);
        return new Figures(nexts, sessions, samples[(nexts - 1) / 2],
                samples[Math.min(nexts - 1, (int) Math.ceil(nexts * 0.99) - 1)], samples[nexts - 1], samples[0]);
    }

    /** One adapter and its client, over piped streams. */
    private static final class Session implements IDebugProtocolClient, AutoCloseable {
        private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-dap-client");
            t.setDaemon(true);
            return t;
        });
        private final XenDebugAdapter adapter = new XenDebugAdapter();
        private final IDebugProtocolServer server;

        Session() throws IOException {
            PipedInputStream serverIn = new PipedInputStream(1 << 16);
            PipedOutputStream clientOut = new PipedOutputStream(serverIn);
            PipedInputStream clientIn = new PipedInputStream(1 << 16);
            PipedOutputStream serverOut = new PipedOutputStream(clientIn);
            adapter.start(serverIn, serverOut);
            Launcher<IDebugProtocolServer> l = DSPLauncher.createClientLauncher(this, clientIn, clientOut, executor, null);
            l.startListening();
            server = l.getRemoteProxy();
        }

        void startAtMain(Path program) throws Exception {
            InitializeRequestArguments ia = new InitializeRequestArguments();
            ia.setAdapterID("xen");
            ia.setLinesStartAt1(true);
            get(server.initialize(ia));
            Map<String, Object> launch = new HashMap<>();
            launch.put("program", program.toString());
            launch.put("stopOnEntry", false);
            get(server.launch(launch));
            await("initialized");
            SetFunctionBreakpointsArguments fa = new SetFunctionBreakpointsArguments();
            FunctionBreakpoint main = new FunctionBreakpoint();
            main.setName("main");
            fa.setBreakpoints(new FunctionBreakpoint[] {main});
            if (!Boolean.TRUE.equals(get(server.setFunctionBreakpoints(fa)).getBreakpoints()[0].isVerified())) {
                throw new IllegalStateException(program + " has no function main in its DWARF");
            }
            get(server.configurationDone(new ConfigurationDoneArguments()));
            Object first = await("stopped");
            if (!(first instanceof StoppedEventArguments s) || !"breakpoint".equals(s.getReason())) {
                throw new IllegalStateException("did not stop at main: " + first);
            }
            // The breakpoint has done its job: with it gone, a step is a plain line step.
            fa.setBreakpoints(new FunctionBreakpoint[0]);
            get(server.setFunctionBreakpoints(fa));
        }

        /** Sends next; returns the stopped event (or the exited / terminated one if the guest ended). */
        Object next() throws Exception {
            NextArguments a = new NextArguments();
            a.setThreadId(DapContext.VCPU0_THREAD);
            CompletableFuture<Void> response = server.next(a);
            Object ev = await("stopped");
            get(response);
            return ev;
        }

        boolean inMain() throws Exception {
            StackTraceArguments a = new StackTraceArguments();
            a.setThreadId(DapContext.VCPU0_THREAD);
            a.setLevels(1);
            StackFrame[] frames = get(server.stackTrace(a)).getStackFrames();
            return frames.length > 0 && frames[0].getName() != null && frames[0].getName().startsWith("main")
                    && frames[0].getSource() != null;
        }

        /** The next event of that kind, or an exited / terminated event, whichever comes first. */
        private Object await(String kind) throws InterruptedException {
            while (true) {
                Object e = events.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (e == null) {
                    throw new IllegalStateException("no '" + kind + "' event within " + TIMEOUT_SECONDS + " s");
                }
                if (e instanceof ExitedEventArguments || e instanceof TerminatedEventArguments) {
                    return e;
                }
                if (kind.equals("stopped") && e instanceof StoppedEventArguments
                        || kind.equals("initialized") && e == INITIALIZED) {
                    return e;
                }
            }
        }

        private static <T> T get(CompletableFuture<T> f) throws Exception {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        private static final Object INITIALIZED = new Object();

        @Override
        public void initialized() {
            events.add(INITIALIZED);
        }

        @Override
        public void stopped(StoppedEventArguments a) {
            events.add(a);
        }

        @Override
        public void exited(ExitedEventArguments a) {
            events.add(a);
        }

        @Override
        public void terminated(TerminatedEventArguments a) {
            events.add(a);
        }

        @Override
        public void close() {
            try {
                server.disconnect(new DisconnectArguments()).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the adapter may be gone already
            }
            executor.shutdown(); // no interrupt: an interrupted reader logs a stack trace; the threads are daemons
        }
    }
}
