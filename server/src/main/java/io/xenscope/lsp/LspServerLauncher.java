package io.xenscope.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/** Starts the language server on a pair of streams (stdio for {@code xenscope lsp}). */
public final class LspServerLauncher {
    private LspServerLauncher() {
    }

    /** A running server: the object and the future that completes when the input stream ends. */
    public record Running(XenScopeLanguageServer server, Future<Void> listening, ExecutorService executor) {
    }

    public static Running start(InputStream rawIn, OutputStream rawOut, IntConsumer onExit) {
        // LSP4J logs protocol problems (bad headers, unparsable JSON) through java.util.logging to
        // stderr; the error responses go to the client, so keep the log to warnings.
        Logger.getLogger("org.eclipse.lsp4j.jsonrpc").setLevel(Level.SEVERE);
        FramingGuard.AtomicOutput out = new FramingGuard.AtomicOutput(rawOut);
        InputStream in;
        try {
            in = FramingGuard.guard(rawIn, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        XenScopeLanguageServer server = new XenScopeLanguageServer(onExit);
        ExecutorService exec = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "xenscope-lsp");
            t.setDaemon(true);
            return t;
        });
        Launcher<LanguageClient> launcher = new LSPLauncher.Builder<LanguageClient>()
                .setLocalService(server)
                .setRemoteInterface(LanguageClient.class)
                .setInput(in)
                .setOutput(out)
                .setExecutorService(exec)
                .create();
        server.connect(launcher.getRemoteProxy());
        return new Running(server, launcher.startListening(), exec);
    }
}
