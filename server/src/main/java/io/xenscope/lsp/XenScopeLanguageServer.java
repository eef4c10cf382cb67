package io.xenscope.lsp;

import io.xenscope.lsp.check.BootCheckCommand;
import io.xenscope.lsp.guest.PortingLinter;
import io.xenscope.lsp.xlcfg.XlCfgDiagnostics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeLensOptions;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The XenScope language server: xl.cfg domain configurations and C/assembly guest sources.
 * Features live in one class each (io.xenscope.lsp.xlcfg, io.xenscope.lsp.guest); this class
 * declares the capabilities and wires the diagnostics sources. Capabilities are exactly what is
 * implemented: incremental sync, diagnostics (pushed), completion, hover, document symbols,
 * quick-fix code actions, code lenses ("Boot as PV") and the {@code xenscope.bootCheck} command.
 */
public final class XenScopeLanguageServer implements LanguageServer, LanguageClientAware {
    private final DiagnosticsService diagnostics = new DiagnosticsService();
    private final XenScopeTextDocumentService documents;
    private final XenScopeWorkspaceService workspace;
    private final BootCheckCommand bootCheck;
    private final IntConsumer onExit;
    private volatile boolean shutdown;
    private volatile LanguageClient client;

    /** @param onExit called with the exit code on the {@code exit} notification (0 after shutdown, else 1) */
    public XenScopeLanguageServer(IntConsumer onExit) {
        this.onExit = onExit;
        diagnostics.register(new XlCfgDiagnostics());
        diagnostics.register(new PortingLinter());
        documents = new XenScopeTextDocumentService(diagnostics);
        bootCheck = new BootCheckCommand(diagnostics, documents::document, () -> client);
        documents.setCodeLenses(bootCheck::codeLenses);
        workspace = new XenScopeWorkspaceService(bootCheck);
    }

    public BootCheckCommand bootCheck() {
        return bootCheck;
    }

    /** Where more sources (the runtime boot check) plug in. */
    public DiagnosticsService diagnostics() {
        return diagnostics;
    }

    @Override
    public void connect(LanguageClient client) {
        this.client = client;
        diagnostics.setSink(client::publishDiagnostics);
    }

    public LanguageClient client() {
        return client;
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerCapabilities caps = new ServerCapabilities();
        TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
        sync.setOpenClose(true);
        sync.setChange(TextDocumentSyncKind.Incremental);
        caps.setTextDocumentSync(sync);
        caps.setCompletionProvider(new CompletionOptions(false, List.of("=", "\"", "'", ",")));
        caps.setHoverProvider(true);
        caps.setDocumentSymbolProvider(true);
        caps.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
        caps.setCodeLensProvider(new CodeLensOptions(false));
        caps.setExecuteCommandProvider(new ExecuteCommandOptions(List.of(BootCheckCommand.COMMAND)));
        return CompletableFuture.completedFuture(new InitializeResult(caps, new ServerInfo("xenscope", version())));
    }

    private static String version() {
        Package p = XenScopeLanguageServer.class.getPackage();
        return p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "dev";
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdown = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        onExit.accept(shutdown ? 0 : 1);
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspace;
    }
}
