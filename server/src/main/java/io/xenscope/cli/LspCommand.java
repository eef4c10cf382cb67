package io.xenscope.cli;

import io.xenscope.lsp.LspServerLauncher;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;

/**
 * {@code xenscope lsp}: the language server on stdin/stdout (JSON-RPC with Content-Length
 * framing). Nothing else may write to stdout while it runs; logs go to stderr.
 */
@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = "Run the XenScope language server on stdio (xl.cfg files, C and assembly guest sources).")
public final class LspCommand implements Callable<Integer> {
    @Override
    public Integer call() throws InterruptedException {
        var out = System.out;
        // Keep stray prints away from the protocol stream.
        System.setOut(System.err);
        var running = LspServerLauncher.start(System.in, out, code -> {
            out.flush();
            System.exit(code);
        });
        try {
            running.listening().get();
        } catch (ExecutionException e) {
            System.err.println("xenscope lsp: " + e.getCause());
            return 1;
        }
        // Input closed without an exit notification.
        return 1;
    }
}
