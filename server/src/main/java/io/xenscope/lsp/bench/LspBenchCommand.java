package io.xenscope.lsp.bench;

import io.xenscope.lsp.LspServerLauncher;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code xenscope bench-lsp} (hidden): diagnostics latency after an edit, measured from the moment
 * an incremental didChange is sent by an LSP4J client over JSON-RPC (in-process pipes) to the
 * moment the matching publishDiagnostics arrives, for a 5,000-line C guest source (PV lints on
 * inline asm) and a 500-line xl.cfg. Prints p50 / p99 / max; nothing is asserted.
 */
@Command(name = "bench-lsp", hidden = true, mixinStandardHelpOptions = true,
        description = "Measure language-server diagnostics latency after an edit (p50/p99).")
public final class LspBenchCommand implements Runnable {
    @Option(names = "--edits", defaultValue = "1000", description = "Measured edits per document (default: ${DEFAULT-VALUE}).")
    int edits;

    @Option(names = "--warmup", defaultValue = "300", description = "Uncounted edits first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Spec
    CommandSpec spec;

    /** Latency figures in microseconds. */
    public record Figures(String what, int lines, int samples, long p50, long p99, long max, int diagnostics) {
        @Override
        public String toString() {
            return String.format("%-34s %6d lines  %5d edits  p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms  (%d diagnostics)",
                    what, lines, samples, p50 / 1e3, p99 / 1e3, max / 1e3, diagnostics);
        }
    }

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            for (Figures f : measure(edits, warmup)) out.println(f);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    private static final class Client implements LanguageClient {
        final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();

        public void telemetryEvent(Object object) { }
        public void publishDiagnostics(PublishDiagnosticsParams p) { published.add(p); }
        public void showMessage(MessageParams m) { }
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams r) { return CompletableFuture.completedFuture(null); }
        public void logMessage(MessageParams m) { }
    }

    public static List<Figures> measure(int edits, int warmup) throws Exception {
        Path dir = Files.createTempDirectory("xenscope-bench-lsp");
        try {
            Files.writeString(dir.resolve("xl.cfg"), "name = \"bench\"\ntype = \"pv\"\nkernel = \"kernel.elf\"\n");
            PipedOutputStream clientOut = new PipedOutputStream();
            PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 22);
            PipedOutputStream serverOut = new PipedOutputStream();
            PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 22);
            LspServerLauncher.Running running = LspServerLauncher.start(serverIn, serverOut, code -> { });
            Client client = new Client();
            Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, clientIn, clientOut);
            launcher.startListening();
            LanguageServer server = launcher.getRemoteProxy();
            server.initialize(new InitializeParams()).get(30, TimeUnit.SECONDS);
            Figures c = one(server, client, dir.resolve("kernel.c").toUri().toString(), "c", cSource(5000), edits, warmup, "C guest source (PV lints)");
            Figures x = one(server, client, dir.resolve("big.cfg").toUri().toString(), "xl-cfg", xlCfg(500), edits, warmup, "xl.cfg");
            clientOut.close();
            running.executor().shutdownNow();
            return List.of(c, x);
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Figures one(LanguageServer server, Client client, String uri, String lang, String text, int edits, int warmup, String what)
            throws InterruptedException {
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, lang, 1, text)));
        int diagnostics = awaitFor(client, uri).getDiagnostics().size();
        int lines = (int) text.chars().filter(ch -> ch == '\n').count();
        long[] samples = new long[edits];
        int line = lines / 2;
        for (int i = 0; i < warmup + edits; i++) {
            int version = i + 2;
            // Alternately type and delete one character in the middle of the file.
            Range r = i % 2 == 0 ? new Range(new Position(line, 0), new Position(line, 0)) : new Range(new Position(line, 0), new Position(line, 1));
            TextDocumentContentChangeEvent ev = new TextDocumentContentChangeEvent(r, i % 2 == 0 ? " " : "");
            long t0 = System.nanoTime();
            server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version), List.of(ev)));
            PublishDiagnosticsParams p;
            do {
                p = awaitFor(client, uri);
            } while (p.getVersion() == null || p.getVersion() != version);
            long dt = System.nanoTime() - t0;
            if (i >= warmup) samples[i - warmup] = dt / 1000;
            diagnostics = p.getDiagnostics().size();
        }
        Arrays.sort(samples);
        return new Figures(what, lines, edits, samples[edits / 2], samples[Math.min(edits - 1, (int) Math.ceil(edits * 0.99) - 1)], samples[edits - 1], diagnostics);
    }

    private static PublishDiagnosticsParams awaitFor(Client client, String uri) throws InterruptedException {
        while (true) {
            PublishDiagnosticsParams p = client.published.poll(30, TimeUnit.SECONDS);
            if (p == null) throw new IllegalStateException("no diagnostics for " + uri);
            if (p.getUri().equals(uri)) return p;
        }
    }

    /** A guest source of about {@code lines} lines: C with comments, strings and inline asm. */
    public static String cSource(int lines) {
        StringBuilder b = new StringBuilder("#include <xen/xen.h>\n#include <xenscope/hypercall.h>\n\n");
        int n = 3, f = 0;
        String[] asm = {"cli", "sti", "hlt", "mov %%cr3, %0", "pause", "mov %0, %%cr3", "xchg %%bx, %%bx", "rdtsc"};
        while (n < lines) {
            b.append("/* function ").append(f).append(": does nothing useful, \"quoted\" text, asm(\"cli\") in a comment */\n");
            b.append("static unsigned long fn").append(f).append("(unsigned long a, unsigned long b)\n{\n");
            b.append("    unsigned long r = a * ").append(f).append(" + b;\n");
            b.append("    const char *s = \"hlt; cli\";\n");
            b.append("    for (int i = 0; i < 16; i++) r ^= (r << 3) | (unsigned long)s[i % 8];\n");
            b.append("    asm volatile(\"").append(asm[f % asm.length]).append("\" : \"+r\"(r) :: \"memory\");\n");
            b.append("    if (r == 0)\n        HYPERVISOR_sched_op(SCHEDOP_yield, 0);\n");
            b.append("    return r;\n}\n\n");
            n += 12;
            f++;
        }
        return b.toString();
    }

    /** An xl.cfg of about {@code lines} lines, with some mistakes. */
    public static String xlCfg(int lines) {
        StringBuilder b = new StringBuilder("name = \"bench\"\ntype = \"pv\"\nkernel = \"kernel.elf\"\nmemory = 512\nmaxmem = 1024\nvcpus = 2\n");
        int n = 6, i = 0;
        String[] keys = {"on_crash = \"preserve\"", "cmdline = \"console=hvc0\"", "memroy = 256", "disk = [ 'phy:/dev/vg/d%d,xvda,w',\n        'file:/srv/%d.img,xvdb,r' ]",
            "# a comment line", "vif = [ 'mac=00:16:3e:00:00:%02x,bridge=xenbr0' ]", "on_reboot = \"explode\"", "cpus = \"0-3\"", "max_grant_frames = 64"};
        while (n < lines) {
            String k = String.format(keys[i % keys.length], i % 256, i % 256);
            b.append(k).append('\n');
            n += k.chars().filter(c -> c == '\n').count() + 1;
            i++;
        }
        return b.toString();
    }

    /** For {@code java -cp ... io.xenscope.lsp.bench.LspBenchCommand}. */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new LspBenchCommand()).execute(args));
    }

}
