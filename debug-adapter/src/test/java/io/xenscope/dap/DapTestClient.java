package io.xenscope.dap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.debug.*;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A DAP client over piped streams to an in-process {@link XenDebugAdapter}: every test is a few
 * lines. As a JUnit extension ({@code @RegisterExtension final DapTestClient c = new DapTestClient();})
 * each test gets a fresh adapter, disconnected after it.
 */
final class DapTestClient implements IDebugProtocolClient, AutoCloseable, AfterEachCallback {
    /** Every event in arrival order, as (name, body); {@link #log} interleaves responses too. */
    record Event(String name, Object body) {
    }

    final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    final StringBuilder output = new StringBuilder();
    final IDebugProtocolServer server;
    final XenDebugAdapter adapter = new XenDebugAdapter();
    /** The adapter as the extension sees it: the DAP requests plus the custom xenscope/* ones. */
    interface XenScopeServer extends IDebugProtocolServer {
        @org.eclipse.lsp4j.jsonrpc.services.JsonRequest(XenDebugAdapter.MACHINE_SUMMARY)
        CompletableFuture<com.google.gson.JsonObject> machineSummary(Map<String, Object> a);

        @org.eclipse.lsp4j.jsonrpc.services.JsonRequest(XenDebugAdapter.EVENT_CHANNELS)
        CompletableFuture<com.google.gson.JsonObject> eventChannels(Map<String, Object> a);

        @org.eclipse.lsp4j.jsonrpc.services.JsonRequest(XenDebugAdapter.PAGE_TABLES)
        CompletableFuture<com.google.gson.JsonObject> pageTables(Map<String, Object> a);

        @org.eclipse.lsp4j.jsonrpc.services.JsonRequest(XenDebugAdapter.TRANSLATE)
        CompletableFuture<com.google.gson.JsonObject> translate(Map<String, Object> a);
    }

    private final XenScopeServer xen;

    DapTestClient() {
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        PipedInputStream clientIn = new PipedInputStream(1 << 16);
        PipedOutputStream clientOut;
        PipedOutputStream serverOut;
        try {
            clientOut = new PipedOutputStream(serverIn);
            serverOut = new PipedOutputStream(clientIn);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // unconnected fresh pipes cannot fail to connect
        }
        adapter.start(serverIn, serverOut);
        Launcher<XenScopeServer> l = new org.eclipse.lsp4j.jsonrpc.debug.DebugLauncher.Builder<XenScopeServer>()
                .setLocalService(this)
                .setRemoteInterface(XenScopeServer.class)
                .setInput(clientIn)
                .setOutput(clientOut)
                .setExecutorService(java.util.concurrent.Executors.newCachedThreadPool())
                .wrapMessages(consumer -> message -> {
                    if (message instanceof org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage) {
                        log.add("response");
                    }
                    consumer.consume(message);
                })
                .create();
        l.startListening();
        xen = l.getRemoteProxy();
        server = xen;
    }

    static Path helloPv() throws Exception {
        return sample("hello-pv");
    }

    /** The built image of a sample guest ({@code samples/NAME/NAME}), running make once if needed. */
    static Path sample(String name) throws Exception {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && p != null; i++, p = p.getParent()) {
            Path samples = p.resolve("samples");
            if (Files.isDirectory(samples.resolve(name))) {
                Path elf = samples.resolve(name + "/" + name);
                if (!Files.exists(elf)) {
                    Process make = new ProcessBuilder("make", "-s", "-C", samples.toString())
                            .redirectErrorStream(true).start();
                    String out = new String(make.getInputStream().readAllBytes());
                    assertTrue(make.waitFor(180, TimeUnit.SECONDS) && make.exitValue() == 0, "make samples failed:\n" + out);
                }
                return elf;
            }
        }
        return fail("samples/" + name + " not found");
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    /** initialize + launch (+ waits for initialized). */
    Capabilities start(Map<String, Object> launch) throws Exception {
        InitializeRequestArguments ia = new InitializeRequestArguments();
        ia.setAdapterID("xen");
        ia.setLinesStartAt1(true);
        Capabilities c = get(server.initialize(ia));
        get(server.launch(launch));
        waitFor("initialized");
        return c;
    }

    Capabilities startHello(boolean stopOnEntry) throws Exception {
        return startSample("hello-pv", stopOnEntry);
    }

    Capabilities startSample(String name, boolean stopOnEntry) throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("program", sample(name).toString());
        m.put("stopOnEntry", stopOnEntry);
        return start(m);
    }

    /** setBreakpoints with full SourceBreakpoints (conditions, hit conditions, log messages). */
    SetBreakpointsResponse breakAt(String file, SourceBreakpoint... bs) throws Exception {
        SetBreakpointsArguments a = new SetBreakpointsArguments();
        Source s = new Source();
        s.setPath(file);
        a.setSource(s);
        a.setBreakpoints(bs);
        return get(server.setBreakpoints(a));
    }

    static SourceBreakpoint line(int line, String condition, String hitCondition, String logMessage) {
        SourceBreakpoint b = new SourceBreakpoint();
        b.setLine(line);
        b.setCondition(condition);
        b.setHitCondition(hitCondition);
        b.setLogMessage(logMessage);
        return b;
    }

    SetBreakpointsResponse breakAt(String file, int... lines) throws Exception {
        SetBreakpointsArguments a = new SetBreakpointsArguments();
        Source s = new Source();
        s.setPath(file);
        a.setSource(s);
        SourceBreakpoint[] bs = new SourceBreakpoint[lines.length];
        for (int i = 0; i < lines.length; i++) {
            bs[i] = new SourceBreakpoint();
            bs[i].setLine(lines[i]);
        }
        a.setBreakpoints(bs);
        return get(server.setBreakpoints(a));
    }

    void configurationDone() throws Exception {
        get(server.configurationDone(new ConfigurationDoneArguments()));
    }

    /** Waits for the next event named {@code name}, skipping others (output is collected on the way). */
    Object waitFor(String name) throws Exception {
        while (true) {
            Event e = events.poll(60, TimeUnit.SECONDS);
            if (e == null) {
                return fail("no '" + name + "' event within 60 s; output so far:\n" + output);
            }
            if (e.name().equals(name)) {
                return e.body();
            }
        }
    }

    StoppedEventArguments stopped(String reason) throws Exception {
        StoppedEventArguments s = (StoppedEventArguments) waitFor("stopped");
        assertEquals(reason, s.getReason(), () -> "stopped: " + s);
        return s;
    }

    StackFrame top() throws Exception {
        StackTraceArguments a = new StackTraceArguments();
        a.setThreadId(DapContext.VCPU0_THREAD);
        return get(server.stackTrace(a)).getStackFrames()[0];
    }

    Map<String, String> variables(int ref) throws Exception {
        VariablesArguments a = new VariablesArguments();
        a.setVariablesReference(ref);
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (Variable v : get(server.variables(a)).getVariables()) {
            m.put(v.getName(), v.getValue());
        }
        return m;
    }

    Variable[] variableList(int ref) throws Exception {
        VariablesArguments a = new VariablesArguments();
        a.setVariablesReference(ref);
        return get(server.variables(a)).getVariables();
    }

    String evaluate(String expression) throws Exception {
        EvaluateArguments a = new EvaluateArguments();
        a.setExpression(expression);
        a.setFrameId(1);
        return get(server.evaluate(a)).getResult();
    }

    void cont() throws Exception {
        ContinueArguments a = new ContinueArguments();
        a.setThreadId(DapContext.VCPU0_THREAD);
        get(server.continue_(a));
    }

    void next() throws Exception {
        NextArguments a = new NextArguments();
        a.setThreadId(DapContext.VCPU0_THREAD);
        get(server.next(a));
    }

    /** Sends a custom request (as the extension's {@code customRequest}); the body as a JSON object. */
    CompletableFuture<com.google.gson.JsonObject> custom(String command, Map<String, Object> arguments) {
        Map<String, Object> a = arguments == null ? new HashMap<>() : arguments;
        return switch (command) {
            case XenDebugAdapter.MACHINE_SUMMARY -> xen.machineSummary(a);
            case XenDebugAdapter.EVENT_CHANNELS -> xen.eventChannels(a);
            case XenDebugAdapter.PAGE_TABLES -> xen.pageTables(a);
            case XenDebugAdapter.TRANSLATE -> xen.translate(a);
            default -> throw new IllegalArgumentException(command);
        };
    }

    com.google.gson.JsonObject request(String command, Map<String, Object> arguments) throws Exception {
        return get(custom(command, arguments));
    }

    /** The error message of a request that must fail. */
    static String error(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause().getMessage();
        }
        return fail("the request succeeded");
    }

    private void event(String name, Object body) {
        log.add(name);
        if (body instanceof OutputEventArguments o) {
            synchronized (output) {
                output.append(o.getOutput());
            }
        }
        events.add(new Event(name, body));
    }

    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** The live findings event (LiveFindings), a custom DAP event. */
    @org.eclipse.lsp4j.jsonrpc.services.JsonNotification(LiveFindings.EVENT)
    public void findings(com.google.gson.JsonObject body) {
        event(LiveFindings.EVENT, body);
    }

    @Override
    public void initialized() {
        event("initialized", null);
    }

    @Override
    public void stopped(StoppedEventArguments a) {
        event("stopped", a);
    }

    @Override
    public void continued(ContinuedEventArguments a) {
        event("continued", a);
    }

    @Override
    public void exited(ExitedEventArguments a) {
        event("exited", a);
    }

    @Override
    public void terminated(TerminatedEventArguments a) {
        event("terminated", a);
    }

    @Override
    public void output(OutputEventArguments a) {
        event("output", a);
    }

    @Override
    public void breakpoint(BreakpointEventArguments a) {
        event("breakpoint", a);
    }

    @Override
    public void thread(org.eclipse.lsp4j.debug.ThreadEventArguments a) {
        event("thread", a);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        try {
            server.disconnect(new DisconnectArguments()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the adapter may be gone already
        }
    }
}
