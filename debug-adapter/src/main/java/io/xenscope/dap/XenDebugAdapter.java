package io.xenscope.dap;

import io.xenscope.dap.handlers.ConfigurationDoneHandler;
import io.xenscope.dap.handlers.ContinueHandler;
import io.xenscope.dap.handlers.DisassembleHandler;
import io.xenscope.dap.handlers.DisconnectHandler;
import io.xenscope.dap.handlers.EvaluateHandler;
import io.xenscope.dap.handlers.EventChannelsHandler;
import io.xenscope.dap.handlers.InitializeHandler;
import io.xenscope.dap.handlers.LaunchHandler;
import io.xenscope.dap.handlers.MachineSummaryHandler;
import io.xenscope.dap.handlers.NextHandler;
import io.xenscope.dap.handlers.PageTablesHandler;
import io.xenscope.dap.handlers.PauseHandler;
import io.xenscope.dap.handlers.ReadMemoryHandler;
import io.xenscope.dap.handlers.RestartHandler;
import io.xenscope.dap.handlers.SetVariableHandler;
import io.xenscope.dap.handlers.WriteMemoryHandler;
import io.xenscope.dap.handlers.ScopesHandler;
import io.xenscope.dap.handlers.SetBreakpointsHandler;
import io.xenscope.dap.handlers.SetExceptionBreakpointsHandler;
import io.xenscope.dap.handlers.SetFunctionBreakpointsHandler;
import io.xenscope.dap.handlers.SetInstructionBreakpointsHandler;
import io.xenscope.dap.handlers.StackTraceHandler;
import io.xenscope.dap.handlers.StepInHandler;
import io.xenscope.dap.handlers.StepOutHandler;
import io.xenscope.dap.handlers.TerminateHandler;
import io.xenscope.dap.handlers.ThreadsHandler;
import io.xenscope.dap.handlers.TranslateHandler;
import io.xenscope.dap.handlers.VariablesHandler;
import com.google.gson.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.lsp4j.debug.*;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/**
 * The XenScope debug adapter: each DAP request goes to one {@link Handler} from a table, on the
 * protocol thread, in order. Every failure becomes an error response; the adapter keeps serving.
 * Requests without a handler get lsp4j's default "unsupported" error. The custom {@code xenscope/*}
 * requests of the extension's machine view (vscode-client/README.md) are {@link JsonRequest} methods
 * here, dispatched through the same table.
 */
public final class XenDebugAdapter implements IDebugProtocolServer {
    public static final String MACHINE_SUMMARY = "xenscope/machineSummary";
    public static final String EVENT_CHANNELS = "xenscope/eventChannels";
    public static final String PAGE_TABLES = "xenscope/pageTables";
    public static final String TRANSLATE = "xenscope/translate";

    private final DapContext context = new DapContext();
    private final Map<String, Handler<?, ?>> handlers = new HashMap<>();

    public XenDebugAdapter() {
        handlers.put("initialize", new InitializeHandler());
        handlers.put("launch", new LaunchHandler());
        handlers.put("configurationDone", new ConfigurationDoneHandler());
        handlers.put("setBreakpoints", new SetBreakpointsHandler());
        handlers.put("setFunctionBreakpoints", new SetFunctionBreakpointsHandler());
        handlers.put("setInstructionBreakpoints", new SetInstructionBreakpointsHandler());
        handlers.put("setExceptionBreakpoints", new SetExceptionBreakpointsHandler());
        handlers.put("dataBreakpointInfo", new io.xenscope.dap.handlers.DataBreakpointInfoHandler());
        handlers.put("setDataBreakpoints", new io.xenscope.dap.handlers.SetDataBreakpointsHandler());
        handlers.put("exceptionInfo", new io.xenscope.dap.handlers.ExceptionInfoHandler());
        handlers.put("threads", new ThreadsHandler());
        handlers.put("stackTrace", new StackTraceHandler());
        handlers.put("scopes", new ScopesHandler());
        handlers.put("variables", new VariablesHandler());
        handlers.put("continue", new ContinueHandler());
        handlers.put("next", new NextHandler());
        handlers.put("stepIn", new StepInHandler());
        handlers.put("stepOut", new StepOutHandler());
        handlers.put("pause", new PauseHandler());
        handlers.put("evaluate", new EvaluateHandler());
        handlers.put("readMemory", new ReadMemoryHandler());
        handlers.put("disassemble", new DisassembleHandler());
        handlers.put("terminate", new TerminateHandler());
        handlers.put("disconnect", new DisconnectHandler());
        handlers.put("restart", new RestartHandler());
        handlers.put("setVariable", new SetVariableHandler());
        handlers.put("writeMemory", new WriteMemoryHandler());
        handlers.put(MACHINE_SUMMARY, new MachineSummaryHandler());
        handlers.put(EVENT_CHANNELS, new EventChannelsHandler());
        handlers.put(PAGE_TABLES, new PageTablesHandler());
        handlers.put(TRANSLATE, new TranslateHandler());
    }

    public DapContext context() {
        return context;
    }

    /** Connects to a client over the streams and starts serving on a new thread. */
    public Launcher<IDebugProtocolClient> start(InputStream in, OutputStream out) {
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            java.lang.Thread t = new java.lang.Thread(r, "xenscope-dap");
            t.setDaemon(true);
            return t;
        });
        Launcher<IDebugProtocolClient> launcher = DSPLauncher.createServerLauncher(this, in, out, executor,
                consumer -> message -> {
                    consumer.consume(message);
                    if (consumer instanceof RemoteEndpoint) {
                        context.drainAfterResponse(); // the request was handled and answered
                    }
                });
        context.connect(LiveFindings.client(launcher)); // the DAP events plus xenscope/findings
        java.util.concurrent.Future<Void> listening = launcher.startListening();
        executor.execute(() -> {
            try {
                listening.get(); // the input ended (or failed): the session is over
            } catch (Exception e) {
                // fall through
            }
            context.finish();
        });
        return launcher;
    }

    @SuppressWarnings("unchecked")
    private <A, R> CompletableFuture<R> dispatch(String command, A arguments) {
        Handler<A, R> h = (Handler<A, R>) handlers.get(command);
        try {
            if (h == null) {
                throw new DapError("'" + command + "' is not supported");
            }
            return CompletableFuture.completedFuture(h.handle(arguments, context));
        } catch (DapError e) {
            return CompletableFuture.failedFuture(e.toResponse());
        } catch (ResponseErrorException e) {
            return CompletableFuture.failedFuture(e);
        } catch (Exception | Error e) {
            return CompletableFuture.failedFuture(new ResponseErrorException(new ResponseError(
                    ResponseErrorCode.InternalError, command + " failed: " + e, null)));
        }
    }

    @Override
    public CompletableFuture<Capabilities> initialize(InitializeRequestArguments a) {
        return dispatch("initialize", a);
    }

    @Override
    public CompletableFuture<Void> launch(Map<String, Object> a) {
        return dispatch("launch", a);
    }

    @Override
    public CompletableFuture<Void> configurationDone(ConfigurationDoneArguments a) {
        return dispatch("configurationDone", a);
    }

    @Override
    public CompletableFuture<SetBreakpointsResponse> setBreakpoints(SetBreakpointsArguments a) {
        return dispatch("setBreakpoints", a);
    }

    @Override
    public CompletableFuture<SetFunctionBreakpointsResponse> setFunctionBreakpoints(SetFunctionBreakpointsArguments a) {
        return dispatch("setFunctionBreakpoints", a);
    }

    @Override
    public CompletableFuture<SetInstructionBreakpointsResponse> setInstructionBreakpoints(
            SetInstructionBreakpointsArguments a) {
        return dispatch("setInstructionBreakpoints", a);
    }

    @Override
    public CompletableFuture<org.eclipse.lsp4j.debug.DataBreakpointInfoResponse> dataBreakpointInfo(
            org.eclipse.lsp4j.debug.DataBreakpointInfoArguments a) {
        return dispatch("dataBreakpointInfo", a);
    }

    @Override
    public CompletableFuture<org.eclipse.lsp4j.debug.SetDataBreakpointsResponse> setDataBreakpoints(
            org.eclipse.lsp4j.debug.SetDataBreakpointsArguments a) {
        return dispatch("setDataBreakpoints", a);
    }

    @Override
    public CompletableFuture<SetExceptionBreakpointsResponse> setExceptionBreakpoints(
            SetExceptionBreakpointsArguments a) {
        return dispatch("setExceptionBreakpoints", a);
    }

    @Override
    public CompletableFuture<org.eclipse.lsp4j.debug.ExceptionInfoResponse> exceptionInfo(
            org.eclipse.lsp4j.debug.ExceptionInfoArguments a) {
        return dispatch("exceptionInfo", a);
    }

    @Override
    public CompletableFuture<ThreadsResponse> threads() {
        return dispatch("threads", null);
    }

    @Override
    public CompletableFuture<StackTraceResponse> stackTrace(StackTraceArguments a) {
        return dispatch("stackTrace", a);
    }

    @Override
    public CompletableFuture<ScopesResponse> scopes(ScopesArguments a) {
        return dispatch("scopes", a);
    }

    @Override
    public CompletableFuture<VariablesResponse> variables(VariablesArguments a) {
        return dispatch("variables", a);
    }

    @Override
    public CompletableFuture<ContinueResponse> continue_(ContinueArguments a) {
        return dispatch("continue", a);
    }

    @Override
    public CompletableFuture<Void> next(NextArguments a) {
        return dispatch("next", a);
    }

    @Override
    public CompletableFuture<Void> stepIn(StepInArguments a) {
        return dispatch("stepIn", a);
    }

    @Override
    public CompletableFuture<Void> stepOut(StepOutArguments a) {
        return dispatch("stepOut", a);
    }

    @Override
    public CompletableFuture<Void> pause(PauseArguments a) {
        return dispatch("pause", a);
    }

    @Override
    public CompletableFuture<EvaluateResponse> evaluate(EvaluateArguments a) {
        return dispatch("evaluate", a);
    }

    @Override
    public CompletableFuture<ReadMemoryResponse> readMemory(ReadMemoryArguments a) {
        return dispatch("readMemory", a);
    }

    @Override
    public CompletableFuture<DisassembleResponse> disassemble(DisassembleArguments a) {
        return dispatch("disassemble", a);
    }

    @Override
    public CompletableFuture<Void> restart(RestartArguments a) {
        return dispatch("restart", a);
    }

    @Override
    public CompletableFuture<SetVariableResponse> setVariable(SetVariableArguments a) {
        return dispatch("setVariable", a);
    }

    @Override
    public CompletableFuture<WriteMemoryResponse> writeMemory(WriteMemoryArguments a) {
        return dispatch("writeMemory", a);
    }

    @Override
    public CompletableFuture<Void> terminate(TerminateArguments a) {
        return dispatch("terminate", a);
    }

    @Override
    public CompletableFuture<Void> disconnect(DisconnectArguments a) {
        return dispatch("disconnect", a);
    }

    // ---- custom requests of the XenScope extension (bodies are JSON objects) ----------------------------

    @JsonRequest(MACHINE_SUMMARY)
    public CompletableFuture<Map<String, Object>> machineSummary(JsonObject a) {
        return dispatch(MACHINE_SUMMARY, a);
    }

    @JsonRequest(EVENT_CHANNELS)
    public CompletableFuture<Map<String, Object>> eventChannels(JsonObject a) {
        return dispatch(EVENT_CHANNELS, a);
    }

    @JsonRequest(PAGE_TABLES)
    public CompletableFuture<Map<String, Object>> pageTables(JsonObject a) {
        return dispatch(PAGE_TABLES, a);
    }

    @JsonRequest(TRANSLATE)
    public CompletableFuture<Map<String, Object>> translate(JsonObject a) {
        return dispatch(TRANSLATE, a);
    }
}
