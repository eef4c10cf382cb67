package io.xenscope.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.xenscope.lsp.LspServerLauncher;
import io.xenscope.lsp.check.BootCheckCommand;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The xenscope.bootCheck command and its code lenses through an in-process LSP4J client over pipes. */
class BootCheckLspTest {
    private final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
    private final BlockingQueue<MessageParams> logs = new LinkedBlockingQueue<>();

    /** A connected server past initialize and initialized. */
    private LanguageServer initializedServer() throws Exception {
        LanguageServer server = connect();
        server.initialize(new InitializeParams() {{ setCapabilities(new ClientCapabilities()); }}).get(30, TimeUnit.SECONDS);
        server.initialized(new org.eclipse.lsp4j.InitializedParams());
        return server;
    }

    /** Opens a C source in the server and returns its code lenses. */
    private static List<? extends CodeLens> lensesOfOpenedSource(LanguageServer server, Path src) throws Exception {
        String uri = src.toUri().toString();
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "c", 1, Files.readString(src))));
        return server.getTextDocumentService().codeLens(new CodeLensParams(new TextDocumentIdentifier(uri))).get(30, TimeUnit.SECONDS);
    }

    private LanguageServer connect() throws Exception {
        PipedOutputStream toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 20);
        LspServerLauncher.start(serverIn, serverOut, code -> { });
        LanguageClient client = new LanguageClient() {
            public void telemetryEvent(Object o) { }
            public void publishDiagnostics(PublishDiagnosticsParams p) { published.add(p); }
            public void showMessage(MessageParams m) { }
            public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams p) {
                return CompletableFuture.completedFuture(null);
            }
            public void logMessage(MessageParams m) { logs.add(m); }
        };
        Launcher<LanguageServer> l = LSPLauncher.createClientLauncher(client, clientIn, toServer);
        l.startListening();
        return l.getRemoteProxy();
    }

    private Diagnostic awaitBootDiagnostic(String uri) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            PublishDiagnosticsParams p = published.poll(1, TimeUnit.SECONDS);
            if (p != null && p.getUri().equals(uri)) {
                for (Diagnostic d : p.getDiagnostics()) {
                    if (BootCheckCommand.SOURCE.equals(d.getSource())) return d;
                }
            }
        }
        throw new AssertionError("no boot-check diagnostic published on " + uri);
    }

    @Test
    void bootCheckFromAnXlCfgLensPublishesTheRefusedUpdateOnTheCallingLine(@TempDir Path dir) throws Exception {
        Path elf = BootCheckTest.sample("pv-pagetables");
        Path src = BootCheckTest.SAMPLES.resolve("pv-pagetables/pagetables.c");
        int line = BootCheckTest.lineOf(src, "rc = HYPERVISOR_mmu_update(&bad, 1, &done, DOMID_SELF);");
        LanguageServer server = connect();
        InitializeResult init = server.initialize(new InitializeParams() {{ setCapabilities(new ClientCapabilities()); }})
                .get(30, TimeUnit.SECONDS);
        assertEquals(List.of(BootCheckCommand.COMMAND), init.getCapabilities().getExecuteCommandProvider().getCommands());
        assertNotNull(init.getCapabilities().getCodeLensProvider());
        server.initialized(new org.eclipse.lsp4j.InitializedParams());

        Path cfg = dir.resolve("xl.cfg");
        String text = "name = \"pt\"\ntype = \"pv\"\nmemory = 32\nkernel = \"" + elf + "\"\n";
        Files.writeString(cfg, text);
        String cfgUri = cfg.toUri().toString();
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(cfgUri, "xl-cfg", 1, text)));
        List<? extends CodeLens> lenses = server.getTextDocumentService()
                .codeLens(new CodeLensParams(new TextDocumentIdentifier(cfgUri))).get(30, TimeUnit.SECONDS);
        assertEquals(1, lenses.size(), lenses.toString());
        CodeLens lens = lenses.get(0);
        assertEquals(3, lens.getRange().getStart().getLine());
        assertEquals("Boot as PV", lens.getCommand().getTitle());
        assertEquals(BootCheckCommand.COMMAND, lens.getCommand().getCommand());
        assertEquals("[\"" + cfgUri + "\",\"pv\"]", new Gson().toJson(lens.getCommand().getArguments()));

        Object result = server.getWorkspaceService().executeCommand(new ExecuteCommandParams(
                lens.getCommand().getCommand(), lens.getCommand().getArguments())).get(60, TimeUnit.SECONDS);
        JsonObject summary = new Gson().toJsonTree(result).getAsJsonObject();
        assertEquals(1, summary.get("errors").getAsInt(), summary.toString());
        assertEquals("SHUTDOWN", summary.get("outcome").getAsString(), summary.toString());
        System.out.printf("BENCH boot check over LSP: %.1f ms%n", summary.get("millis").getAsDouble());

        String srcUri = src.toUri().toString();
        Diagnostic d = awaitBootDiagnostic(srcUri);
        assertEquals(line - 1, d.getRange().getStart().getLine());
        assertEquals(DiagnosticSeverity.Error, d.getSeverity());
        assertEquals("refused-update", d.getCode().getLeft());
        assertTrue(d.getMessage().contains("PSE"), d.getMessage());
        List<DiagnosticRelatedInformation> rel = d.getRelatedInformation();
        assertTrue(rel.stream().anyMatch(r -> r.getMessage().contains("PTE at machine address") && r.getMessage().contains("level 2")), rel.toString());
        assertTrue(rel.stream().anyMatch(r -> r.getMessage().contains("old value 0x0, new value 0x")), rel.toString());
        assertTrue(rel.stream().anyMatch(r -> r.getMessage().equals("#1 main") && r.getLocation().getUri().equals(srcUri)
                && r.getLocation().getRange().getStart().getLine() == line - 1), rel.toString());
        assertTrue(rel.stream().anyMatch(r -> r.getLocation().getUri().endsWith("guest-sdk/include/xenscope/hypercall.h")), rel.toString());

        // the guest source gets a lens on main (kernel from its Makefile's GUEST =)
        String c = Files.readString(src);
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(srcUri, "c", 1, c)));
        List<? extends CodeLens> cl = server.getTextDocumentService()
                .codeLens(new CodeLensParams(new TextDocumentIdentifier(srcUri))).get(30, TimeUnit.SECONDS);
        assertEquals(1, cl.size(), cl.toString());
        assertEquals(BootCheckTest.lineOf(src, "int main(void)") - 1, cl.get(0).getRange().getStart().getLine());
        // opening (a static refresh) keeps the boot check's diagnostic
        Diagnostic again = awaitBootDiagnostic(srcUri);
        assertEquals(line - 1, again.getRange().getStart().getLine());

        // a kernel path argument works too, and an unbootable one is answered with the reason
        Object bad = server.getWorkspaceService().executeCommand(new ExecuteCommandParams(BootCheckCommand.COMMAND,
                List.of(dir.resolve("missing").toString()))).get(60, TimeUnit.SECONDS);
        JsonObject b = new Gson().toJsonTree(bad).getAsJsonObject();
        assertTrue(b.get("error").getAsString().contains("no such file"), b.toString());
    }

    @Test
    void aPvhKernelGetsABootAsPvhLensThatChecksItAsPvh(@TempDir Path dir) throws Exception {
        Path elf = BootCheckTest.sample("hello-pvh");
        LanguageServer server = initializedServer();
        Path cfg = dir.resolve("xl.cfg");
        String text = "name = \"hello\"\ntype = \"pvh\"\nkernel = \"" + elf + "\"\n";
        Files.writeString(cfg, text);
        String cfgUri = cfg.toUri().toString();
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(cfgUri, "xl-cfg", 1, text)));
        List<? extends CodeLens> lenses = server.getTextDocumentService()
                .codeLens(new CodeLensParams(new TextDocumentIdentifier(cfgUri))).get(30, TimeUnit.SECONDS);
        assertEquals(List.of("Boot as PVH"), lenses.stream().map(l -> l.getCommand().getTitle()).toList());
        Object result = server.getWorkspaceService().executeCommand(new ExecuteCommandParams(BootCheckCommand.COMMAND,
                lenses.get(0).getCommand().getArguments())).get(60, TimeUnit.SECONDS);
        JsonObject summary = new Gson().toJsonTree(result).getAsJsonObject();
        assertEquals("pvh", summary.get("mode").getAsString(), summary.toString());
        assertEquals("SHUTDOWN", summary.get("outcome").getAsString(), summary.toString());
    }

    @Test
    void theXlCfgTypeChoosesTheModeWhenTheCommandHasNone(@TempDir Path dir) throws Exception {
        Path elf = BootCheckTest.sample("hello-pv");
        LanguageServer server = connect();
        server.initialize(new InitializeParams() {{ setCapabilities(new ClientCapabilities()); }}).get(30, TimeUnit.SECONDS);
        Path cfg = dir.resolve("xl.cfg");
        Files.writeString(cfg, "type = \"pvh\"\nkernel = \"" + elf + "\"\n");
        Object result = server.getWorkspaceService().executeCommand(new ExecuteCommandParams(BootCheckCommand.COMMAND,
                List.of(cfg.toUri().toString()))).get(60, TimeUnit.SECONDS);
        JsonObject summary = new Gson().toJsonTree(result).getAsJsonObject();
        assertTrue(summary.get("error").getAsString().contains("cannot boot as a PVH guest"), summary.toString());
    }

    @Test
    void anHvmImageGetsABootAsHvmLensOnItsMainThatChecksItAsHvm() throws Exception {
        Path src = BootCheckTest.sample("hello-hvm").resolveSibling("hello.c");
        LanguageServer server = initializedServer();
        List<? extends CodeLens> lenses = lensesOfOpenedSource(server, src);
        assertEquals(List.of("Boot as HVM"), lenses.stream().map(l -> l.getCommand().getTitle()).toList());
        Object result = server.getWorkspaceService().executeCommand(new ExecuteCommandParams(BootCheckCommand.COMMAND,
                lenses.get(0).getCommand().getArguments())).get(60, TimeUnit.SECONDS);
        JsonObject summary = new Gson().toJsonTree(result).getAsJsonObject();
        assertEquals("hvm", summary.get("mode").getAsString(), summary.toString());
        assertEquals("SHUTDOWN", summary.get("outcome").getAsString(), summary.toString());
        assertEquals(0, summary.get("errors").getAsInt(), summary.toString());
    }

    @Test
    void aBootDiskGuestSourceGetsABootAsHvmLens() throws Exception {
        Path src = BootCheckTest.sample("hvm-realmode").resolveSibling("realmode.c");
        LanguageServer server = initializedServer();
        List<? extends CodeLens> lenses = lensesOfOpenedSource(server, src);
        assertEquals(List.of("Boot as HVM"), lenses.stream().map(l -> l.getCommand().getTitle()).toList());
    }

    @Test
    void theUriOfABootDiskIsCheckedAsHvm() throws Exception {
        Path disk = BootCheckTest.sample("hvm-realmode").resolveSibling("hvm-realmode.img");
        LanguageServer server = initializedServer();
        Object result = server.getWorkspaceService().executeCommand(new ExecuteCommandParams(BootCheckCommand.COMMAND,
                List.of(disk.toUri().toString()))).get(60, TimeUnit.SECONDS);
        JsonObject summary = new Gson().toJsonTree(result).getAsJsonObject();
        assertEquals("hvm", summary.get("mode").getAsString(), summary.toString());
        assertEquals(disk.toString(), summary.get("kernel").getAsString(), summary.toString());
        assertEquals(0, summary.get("errors").getAsInt(), summary.toString());
    }
}
