package io.xenscope.lsp.check;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.check.BootCheck;
import io.xenscope.check.Finding;
import io.xenscope.lsp.DiagnosticsService;
import io.xenscope.lsp.DocumentKind;
import io.xenscope.lsp.TextDocument;
import io.xenscope.lsp.guest.GuestTarget;
import io.xenscope.lsp.guest.GuestTargetResolver;
import io.xenscope.lsp.xlcfg.XlCfgDiagnostics;
import io.xenscope.xl.XlCfgFile;
import io.xenscope.xl.XlCfgParser;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * The workspace command {@value #COMMAND}: runs the headless {@link BootCheck} on a PV kernel in
 * the background (one worker thread, never LSP4J's reader thread) and publishes its findings on the
 * source files they point at through {@link DiagnosticsService#publish} (source {@value #SOURCE}),
 * with the notes and call stack as relatedInformation. A new run replaces the previous run's
 * diagnostics everywhere (files that no longer have findings are cleared).
 *
 * <p>Arguments (first one used): a kernel path; a {@code file:} URI of a kernel, of an xl.cfg (its
 * {@code kernel=}) or of a guest source (the xl.cfg near it, else its directory's Makefile
 * {@code GUEST = name}); or an object {@code {"kernel": ...}} / {@code {"uri": ...}}. The request
 * completes, after the diagnostics are published, with a summary: kernel, outcome, errors, warnings,
 * milliseconds and the findings.
 *
 * <p>A second argument (or an object's {@code "mode"}) chooses the guest type: "pv", "pvh" or
 * "hvm"; without one, an xl.cfg's {@code type=} (or a guest source's xl.cfg or Makefile mode),
 * else the first mode the image can boot as.
 *
 * <p>Code lenses "Boot as PV", "Boot as PVH", "Boot as HVM" (the modes the built image can boot as) sit on an
 * xl.cfg's {@code kernel=} line and on a guest source's {@code main} when a kernel can be found for it.
 */
public final class BootCheckCommand {
    public static final String COMMAND = "xenscope.bootCheck";
    public static final String SOURCE = "xenscope-boot";
    private static final Pattern MAKE_GUEST = Pattern.compile("(?m)^\\s*GUEST\\s*[:?]?=\\s*(\\S+)\\s*$");
    private static final Pattern MAIN = Pattern.compile("(?m)^[ \\t]*(?:static\\s+)?int\\s+main\\s*\\(");

    private final DiagnosticsService diagnostics;
    private final Function<String, TextDocument> openDocument;
    private final Supplier<LanguageClient> client;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "xenscope-boot-check");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> published = new HashSet<>();
    private final BootModes images = new BootModes();

    public BootCheckCommand(DiagnosticsService diagnostics, Function<String, TextDocument> openDocument,
                            Supplier<LanguageClient> client) {
        this.diagnostics = diagnostics;
        this.openDocument = openDocument;
        this.client = client;
    }

    /** Runs the command; the returned future completes on the worker thread. */
    public CompletableFuture<Object> execute(List<Object> arguments) {
        String arg = null;
        String mode = null;
        if (arguments != null && !arguments.isEmpty()) {
            arg = argument(arguments.get(0));
            mode = arguments.size() > 1 ? argument(arguments.get(1)) : mode(arguments.get(0));
        }
        String origin = arg;
        String asked = mode;
        CompletableFuture<Object> f = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                f.complete(run(origin, asked));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** The "mode" of an object argument ({"uri": ..., "mode": "pvh"}), else null. */
    private static String mode(Object o) {
        return o instanceof JsonObject j && j.get("mode") != null && j.get("mode").isJsonPrimitive()
                ? j.get("mode").getAsString() : null;
    }

    private static String argument(Object o) {
        if (o instanceof JsonPrimitive p && p.isString()) return p.getAsString();
        if (o instanceof JsonObject j) {
            for (String k : new String[] {"kernel", "uri", "path"}) {
                JsonElement e = j.get(k);
                if (e != null && e.isJsonPrimitive()) return e.getAsString();
            }
            return null;
        }
        return o instanceof String s ? s : o == null ? null : o.toString();
    }

    /** What the request answers. */
    public record Summary(String kernel, String mode, String outcome, long errors, long warnings, double millis,
                          List<Map<String, Object>> findings, String error) {
    }

    Summary run(String arg) {
        return run(arg, null);
    }

    /** @param modeName "pv", "pvh" or "hvm"; null: the xl.cfg's type= (or builder=), else the image's own mode */
    Summary run(String arg, String modeName) {
        if (arg == null || arg.isBlank()) {
            return fail(null, "xenscope.bootCheck needs a kernel path or the URI of an xl.cfg or guest source");
        }
        GuestType mode;
        try {
            mode = modeName != null ? parseMode(modeName) : configuredMode(arg).orElse(null);
        } catch (IllegalArgumentException e) {
            return fail(null, e.getMessage());
        }
        String originUri = arg.startsWith("file:") ? arg : null;
        Optional<Path> kernel;
        try {
            kernel = kernelFor(arg);
        } catch (RuntimeException e) {
            return fail(null, "cannot resolve " + arg + ": " + e.getMessage());
        }
        if (kernel.isEmpty()) {
            return fail(null, "no kernel found for " + arg + " (an xl.cfg with kernel= near it, or a Makefile with GUEST =)");
        }
        BootCheck.Result r;
        try {
            r = new BootCheck().run(kernel.get(), mode);
        } catch (BootCheck.Unbootable e) {
            return fail(kernel.get(), e.getMessage());
        }
        publish(r, originUri);
        List<Map<String, Object>> fs = new ArrayList<>();
        for (Finding f : r.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", f.severity().name().toLowerCase());
            m.put("kind", f.kind());
            m.put("file", f.file());
            m.put("line", f.line());
            m.put("message", f.message());
            fs.add(m);
        }
        Summary s = new Summary(kernel.get().toString(), r.mode().name().toLowerCase(Locale.ROOT), r.report().outcome().name(),
                r.errors(), r.warnings(), r.nanos() / 1e6, fs, null);
        log(MessageType.Info, String.format("boot check of %s as %s: %d error(s), %d warning(s), %s in %.0f ms",
                kernel.get(), r.mode(), r.errors(), r.warnings(), r.report().outcome(), r.nanos() / 1e6));
        return s;
    }

    private Summary fail(Path kernel, String message) {
        log(MessageType.Error, "boot check: " + message);
        return new Summary(kernel == null ? null : kernel.toString(), null, "UNBOOTABLE", 0, 0, 0, List.of(), message);
    }

    private void log(MessageType type, String message) {
        LanguageClient c = client.get();
        if (c != null) c.logMessage(new MessageParams(type, message));
    }

    // ---- kernel resolution ------------------------------------------------------------------------

    /** The kernel a command argument means (see the class comment). */
    public Optional<Path> kernelFor(String arg) {
        if (arg.startsWith("file:")) {
            Path p = Path.of(URI.create(arg));
            TextDocument open = openDocument.apply(arg);
            if (open != null) return kernelFor(open);
            if (isImage(p)) return Optional.of(p);
            try {
                return kernelFor(new TextDocument(arg, "", 0, Files.readString(p)));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(Path.of(arg).toAbsolutePath().normalize());
    }

    /**
     * The kernel for an xl.cfg ({@code kernel=}) or a guest source (xl.cfg near it, else Makefile
     * GUEST=, or its {@code .img} boot disk when one was built).
     */
    public Optional<Path> kernelFor(TextDocument doc) {
        Optional<Path> path = doc.path();
        if (path.isEmpty() || path.get().getParent() == null) return Optional.empty();
        Path dir = path.get().getParent();
        if (DocumentKind.of(doc) == DocumentKind.XL_CFG) {
            return XlCfgParser.parse(doc.text()).string("kernel").map(k -> dir.resolve(k).normalize());
        }
        Optional<GuestTarget> t = GuestTargetResolver.resolve(doc);
        if (t.isPresent() && t.get().kernel() != null) return Optional.of(t.get().kernel());
        for (String mk : new String[] {"Makefile", "GNUmakefile", "makefile"}) {
            try {
                Matcher m = MAKE_GUEST.matcher(Files.readString(dir.resolve(mk)));
                if (m.find()) {
                    // MODE = hvm-realmode builds a raw boot disk NAME.img from the ELF NAME: the disk is what boots
                    Path img = dir.resolve(m.group(1) + ".img").normalize();
                    return Optional.of(Files.isRegularFile(img) ? img : dir.resolve(m.group(1)).normalize());
                }
            } catch (IOException | RuntimeException e) {
                // none here
            }
        }
        return Optional.empty();
    }

    /** "pv", "pvh" or "hvm" (any case). */
    static GuestType parseMode(String name) {
        try {
            return GuestType.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown guest mode '" + name + "': use pv, pvh or hvm");
        }
    }

    /** The mode a command argument asks for: an xl.cfg's type= (or builder=, pvh=), a guest source's xl.cfg or Makefile mode. */
    Optional<GuestType> configuredMode(String arg) {
        if (!arg.startsWith("file:")) return Optional.empty();
        TextDocument doc = openDocument.apply(arg);
        try {
            Path p = Path.of(URI.create(arg));
            if (doc == null && !isImage(p)) doc = new TextDocument(arg, "", 0, Files.readString(p));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return doc == null ? Optional.empty() : configuredMode(doc);
    }

    static Optional<GuestType> configuredMode(TextDocument doc) {
        if (DocumentKind.of(doc) == DocumentKind.XL_CFG) {
            XlCfgFile cfg = XlCfgParser.parse(doc.text());
            if (cfg.get("type").isEmpty() && cfg.get("builder").isEmpty() && cfg.get("pvh").isEmpty()) return Optional.empty();
            return Optional.of(GuestType.valueOf(XlCfgDiagnostics.guestType(cfg).toUpperCase(Locale.ROOT)));
        }
        // an xl.cfg or Makefile says so; not the resolver's fallback for any file that includes the SDK headers
        return GuestTargetResolver.resolve(doc).filter(t -> !t.origin().startsWith("default")).map(GuestTarget::type);
    }

    /** A boot image rather than a text: an ELF file, or a raw HVM image (a Multiboot kernel, a boot disk). */
    private static boolean isImage(Path p) {
        if (isElf(p)) return true;
        try {
            return Files.size(p) < (64L << 20) && BootCapabilities.of(Files.readAllBytes(p)).canBoot(GuestType.HVM);
        } catch (IOException | RuntimeException | io.xenscope.boot.elf.ElfFormatException e) {
            return false;
        }
    }

    private static boolean isElf(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // ---- code lenses --------------------------------------------------------------------------------

    /**
     * "Boot as PV | PVH | HVM" on an xl.cfg's kernel= line, and on a guest source's main when its kernel is
     * known: one lens per mode the built image can boot as and the check can run
     * ({@link BootCheck#checkableModes}); before the image is built, one lens for the configured
     * mode (else PV), whose run says the kernel is missing.
     */
    public List<CodeLens> codeLenses(TextDocument doc) {
        DocumentKind kind = DocumentKind.of(doc);
        Range range = null;
        if (kind == DocumentKind.XL_CFG) {
            XlCfgFile cfg = XlCfgParser.parse(doc.text());
            range = cfg.get("kernel").map(s -> doc.rangeOf(s.start(), s.end())).orElse(null);
        } else if (kind == DocumentKind.C) {
            Matcher m = MAIN.matcher(doc.text());
            if (m.find()) {
                int at = m.start() + (m.group().length() - m.group().stripLeading().length());
                range = doc.rangeOf(at, m.end());
            }
        }
        if (range == null) return List.of();
        Optional<Path> kernel = kernelFor(doc);
        if (kernel.isEmpty()) return List.of();
        List<GuestType> modes = images.modes(kernel.get());
        if (modes.isEmpty()) modes = List.of(configuredMode(doc).orElse(GuestType.PV));
        List<CodeLens> out = new ArrayList<>();
        for (GuestType mode : modes) {
            String name = mode.name().toLowerCase(Locale.ROOT);
            out.add(new CodeLens(range, new Command("Boot as " + mode, COMMAND, List.of(doc.uri(), name)), null));
        }
        return out;
    }

    // ---- publishing -----------------------------------------------------------------------------------

    private synchronized void publish(BootCheck.Result r, String originUri) {
        Map<String, List<Diagnostic>> byUri = new LinkedHashMap<>();
        for (Finding f : r.findings()) {
            String uri = f.file() != null ? uriOf(f.file()) : originUri;
            if (uri == null) continue;
            Range range = f.file() != null ? lineRange(f.file(), f.line()) : new Range(new Position(0, 0), new Position(0, 0));
            String msg = f.message() + (f.count() > 1 ? " [" + f.count() + " times]" : "");
            Diagnostic d = new Diagnostic(range, msg, f.severity() == Finding.Severity.ERROR
                    ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, SOURCE, f.kind());
            List<DiagnosticRelatedInformation> rel = new ArrayList<>();
            for (Finding.Note n : f.notes()) {
                Location loc = n.file() != null ? new Location(uriOf(n.file()), lineRange(n.file(), n.line()))
                        : new Location(uri, range);
                rel.add(new DiagnosticRelatedInformation(loc, n.message()));
            }
            d.setRelatedInformation(rel);
            byUri.computeIfAbsent(uri, k -> new ArrayList<>()).add(d);
        }
        for (String old : published) {
            if (!byUri.containsKey(old)) diagnostics.publish(old, SOURCE, List.of());
        }
        published.clear();
        for (Map.Entry<String, List<Diagnostic>> e : byUri.entrySet()) {
            diagnostics.publish(e.getKey(), SOURCE, e.getValue());
            published.add(e.getKey());
        }
    }

    static String uriOf(String file) {
        return Path.of(file).toAbsolutePath().normalize().toUri().toString();
    }

    /** The line's text without its indentation (0-based LSP range); the start of the line when unreadable. */
    static Range lineRange(String file, int line) {
        int l = Math.max(0, line - 1);
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            if (l < lines.size()) {
                String s = lines.get(l);
                int start = s.length() - s.stripLeading().length();
                return new Range(new Position(l, start), new Position(l, s.stripTrailing().length()));
            }
        } catch (IOException | RuntimeException e) {
            // not readable here: the start of the line
        }
        return new Range(new Position(l, 0), new Position(l, 0));
    }
}
