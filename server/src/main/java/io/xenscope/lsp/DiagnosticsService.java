package io.xenscope.lsp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;

/**
 * Runs the {@link DiagnosticsSource}s on a document and publishes the union. Each source's last
 * result is kept per document, so a source that reports asynchronously (the boot check) replaces
 * only its own diagnostics and the static ones stay.
 */
public final class DiagnosticsService {
    private final List<DiagnosticsSource> sources = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, List<Diagnostic>>> bySource = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private volatile Consumer<PublishDiagnosticsParams> sink = p -> { };

    public void setSink(Consumer<PublishDiagnosticsParams> sink) {
        this.sink = sink;
    }

    public void register(DiagnosticsSource source) {
        sources.add(source);
    }

    public List<DiagnosticsSource> sources() {
        return List.copyOf(sources);
    }

    /** Runs every applicable source on the document, returns and publishes the union. */
    public List<Diagnostic> refresh(TextDocument doc) {
        Map<String, List<Diagnostic>> m = new LinkedHashMap<>();
        for (DiagnosticsSource s : sources) {
            if (!s.appliesTo(doc)) continue;
            List<Diagnostic> ds;
            try {
                ds = s.diagnose(doc);
            } catch (RuntimeException | StackOverflowError e) {
                Diagnostic d = new Diagnostic(new Range(doc.positionAt(0), doc.positionAt(0)),
                        "internal error in " + s.name() + ": " + e, DiagnosticSeverity.Warning, "xenscope");
                ds = List.of(d);
            }
            for (Diagnostic d : ds) {
                if (d.getSource() == null) d.setSource(s.name());
            }
            m.put(s.name(), ds);
        }
        Map<String, List<Diagnostic>> old = bySource.get(doc.uri());
        if (old != null) {
            // Keep what asynchronous sources (not run here) last said.
            for (Map.Entry<String, List<Diagnostic>> e : old.entrySet()) m.putIfAbsent(e.getKey(), e.getValue());
        }
        bySource.put(doc.uri(), new ConcurrentHashMap<>(m));
        versions.put(doc.uri(), doc.version());
        return publishNow(doc.uri());
    }

    /** For asynchronous sources: replace this source's diagnostics on a document and republish. */
    public List<Diagnostic> publish(String uri, String source, List<Diagnostic> diagnostics) {
        bySource.computeIfAbsent(uri, k -> new ConcurrentHashMap<>()).put(source, List.copyOf(diagnostics));
        return publishNow(uri);
    }

    public void clear(String uri) {
        bySource.remove(uri);
        versions.remove(uri);
        sink.accept(new PublishDiagnosticsParams(uri, List.of()));
    }

    /** The diagnostics currently published for a document. */
    public List<Diagnostic> current(String uri) {
        List<Diagnostic> all = new ArrayList<>();
        Map<String, List<Diagnostic>> m = bySource.get(uri);
        if (m != null) m.values().forEach(all::addAll);
        return all;
    }

    private List<Diagnostic> publishNow(String uri) {
        List<Diagnostic> all = current(uri);
        PublishDiagnosticsParams p = new PublishDiagnosticsParams(uri, all);
        Integer v = versions.get(uri);
        if (v != null) p.setVersion(v);
        sink.accept(p);
        return all;
    }
}
