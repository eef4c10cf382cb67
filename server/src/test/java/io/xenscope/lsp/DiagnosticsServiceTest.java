package io.xenscope.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

/** The seam for the runtime boot check: sources merge per document; late results replace only their own. */
class DiagnosticsServiceTest {
    private static Diagnostic diag(String msg) {
        return new Diagnostic(new Range(new Position(0, 0), new Position(0, 1)), msg, DiagnosticSeverity.Error, null);
    }

    private static DiagnosticsSource source(String name, String msg) {
        return new DiagnosticsSource() {
            public String name() { return name; }
            public boolean appliesTo(TextDocument doc) { return DocumentKind.of(doc) == DocumentKind.C; }
            public List<Diagnostic> diagnose(TextDocument doc) {
                if (msg == null) throw new IllegalStateException("boom");
                return List.of(diag(msg + " v" + doc.version()));
            }
        };
    }

    @Test
    void mergesSourcesAndKeepsAsynchronousResults() {
        DiagnosticsService s = new DiagnosticsService();
        List<PublishDiagnosticsParams> published = new ArrayList<>();
        s.setSink(published::add);
        s.register(source("static", "lint"));
        TextDocument doc = new TextDocument("file:///g/a.c", "c", 1, "int x;\n");
        assertEquals(1, s.refresh(doc).size());
        // The boot check reports later, on its own.
        s.publish(doc.uri(), "boot-check", List.of(diag("refused page-table update")));
        assertEquals(2, published.get(published.size() - 1).getDiagnostics().size());
        // An edit re-runs the static source and keeps the boot check's result.
        List<Diagnostic> after = s.refresh(doc.withVersion(2));
        assertEquals(List.of("lint v2", "refused page-table update"), after.stream().map(Diagnostic::getMessage).sorted().toList());
        assertEquals("static", after.stream().filter(d -> d.getMessage().startsWith("lint")).findFirst().orElseThrow().getSource());
        assertEquals(2, published.get(published.size() - 1).getVersion());
        s.publish(doc.uri(), "boot-check", List.of());
        assertEquals(1, s.current(doc.uri()).size());
        s.clear(doc.uri());
        assertTrue(published.get(published.size() - 1).getDiagnostics().isEmpty());
    }

    @Test
    void aFailingSourceBecomesOneDiagnosticNotACrash() {
        DiagnosticsService s = new DiagnosticsService();
        s.register(source("broken", null));
        s.register(source("fine", "ok"));
        List<Diagnostic> ds = s.refresh(new TextDocument("file:///g/a.c", "c", 1, ""));
        assertEquals(2, ds.size());
        assertTrue(ds.stream().anyMatch(d -> d.getMessage().contains("internal error in broken")));
    }

    @Test
    void incrementalEditsAndPositions() {
        TextDocument d = new TextDocument("file:///x.cfg", "xl-cfg", 1, "name = \"a\"\r\nmemory = 5\n");
        assertEquals("memory = 5", d.lineText(1));
        assertEquals("name = \"a\"", d.lineText(0));
        d = d.apply(new Range(new Position(1, 9), new Position(1, 10)), "512\nvcpus = 2", 2);
        assertEquals("name = \"a\"\r\nmemory = 512\nvcpus = 2\n", d.text());
        assertEquals(new Position(2, 1), d.positionAt(d.text().indexOf("cpus")));
        assertEquals(d.text().indexOf("cpus"), d.offsetAt(new Position(2, 1)));
        assertEquals(d.text().length(), d.offsetAt(new Position(99, 0)));
        assertEquals(DocumentKind.XL_CFG, DocumentKind.of(d));
        assertEquals(DocumentKind.ASM, DocumentKind.of(null, "head.S".toLowerCase()));
        assertEquals(DocumentKind.XL_CFG, DocumentKind.of("plaintext", "guest.xl"));
    }
}
