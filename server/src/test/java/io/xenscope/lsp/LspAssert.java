package io.xenscope.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.xenscope.lsp.guest.GuestHover;
import io.xenscope.lsp.xlcfg.XlCfgCompletion;
import io.xenscope.lsp.xlcfg.XlCfgHover;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * LemMinX-style assert helpers: a test is a few lines of document text (with '|' marking the
 * cursor where one is needed) and the expected result.
 */
public final class LspAssert {
    private LspAssert() {
    }

    /** An expected diagnostic: a range and a code (and optionally a message fragment). */
    public record Expected(int line, int startChar, int endChar, String code, String fragment) {
        @Override
        public String toString() {
            return code + "@" + line + ":" + startChar + "-" + endChar + (fragment == null ? "" : " '" + fragment + "'");
        }
    }

    public static Expected d(int line, int startChar, int endChar, String code) {
        return new Expected(line, startChar, endChar, code, null);
    }

    public static Expected d(int line, int startChar, int endChar, String code, String fragment) {
        return new Expected(line, startChar, endChar, code, fragment);
    }

    public static TextDocument doc(String uri, String text) {
        String lang = switch (DocumentKind.of(null, uri.substring(uri.lastIndexOf('/') + 1).toLowerCase())) {
            case XL_CFG -> "xl-cfg";
            case C -> "c";
            case ASM -> "asm";
            default -> "plaintext";
        };
        return new TextDocument(uri, lang, 1, text);
    }

    /** Runs a source and checks it produced exactly the expected diagnostics (any order). */
    public static List<Diagnostic> testDiagnosticsFor(DiagnosticsSource source, TextDocument doc, Expected... expected) {
        List<Diagnostic> actual = source.diagnose(doc);
        List<Diagnostic> unmatched = new ArrayList<>(actual);
        List<Expected> missing = new ArrayList<>();
        for (Expected e : expected) {
            Optional<Diagnostic> m = unmatched.stream().filter(a -> matches(a, e)).findFirst();
            if (m.isPresent()) unmatched.remove(m.get());
            else missing.add(e);
        }
        if (!missing.isEmpty() || !unmatched.isEmpty()) {
            fail("diagnostics differ\n  missing:    " + missing + "\n  unexpected: " + describe(unmatched) + "\n  all:        " + describe(actual));
        }
        return actual;
    }

    private static boolean matches(Diagnostic a, Expected e) {
        Range r = a.getRange();
        String code = a.getCode() != null && a.getCode().isLeft() ? a.getCode().getLeft() : null;
        return r.getStart().getLine() == e.line() && r.getEnd().getLine() == e.line() && r.getStart().getCharacter() == e.startChar()
                && r.getEnd().getCharacter() == e.endChar() && e.code().equals(code)
                && (e.fragment() == null || a.getMessage().contains(e.fragment()));
    }

    public static String describe(List<Diagnostic> ds) {
        return ds.stream().map(a -> (a.getCode() == null ? "?" : a.getCode().getLeft()) + "@" + a.getRange().getStart().getLine() + ":"
                + a.getRange().getStart().getCharacter() + "-" + a.getRange().getEnd().getCharacter() + " " + a.getMessage())
                .collect(Collectors.joining("\n    ", "[\n    ", "]"));
    }

    /** Cursor at '|'. */
    public static Position cursor(String textWithCursor) {
        int off = textWithCursor.indexOf('|');
        assertTrue(off >= 0, "no | in the test text");
        TextDocument t = new TextDocument("file:///x", "", 1, textWithCursor);
        return t.positionAt(off);
    }

    public static List<CompletionItem> testCompletionFor(String textWithCursor, String... expectedLabels) {
        Position p = cursor(textWithCursor);
        TextDocument doc = doc("file:///tmp/test.cfg", textWithCursor.replace("|", ""));
        List<CompletionItem> items = XlCfgCompletion.complete(doc, p);
        List<String> labels = items.stream().map(CompletionItem::getLabel).toList();
        for (String e : expectedLabels) assertTrue(labels.contains(e), "completion lacks '" + e + "': " + labels);
        return items;
    }

    public static void assertHover(String uri, String textWithCursor, String... expectedFragments) {
        Position p = cursor(textWithCursor);
        TextDocument doc = doc(uri, textWithCursor.replace("|", ""));
        Optional<Hover> h = DocumentKind.of(doc) == DocumentKind.XL_CFG ? XlCfgHover.hover(doc, p) : GuestHover.hover(doc, p);
        if (expectedFragments.length == 0) {
            assertTrue(h.isEmpty(), "expected no hover, got " + h);
            return;
        }
        assertTrue(h.isPresent(), "no hover at " + p);
        String md = h.get().getContents().getRight().getValue();
        for (String f : expectedFragments) assertTrue(md.contains(f), "hover lacks '" + f + "':\n" + md);
    }

    public static void assertEqualsRange(Range r, int line, int start, int end) {
        assertEquals(line, r.getStart().getLine());
        assertEquals(start, r.getStart().getCharacter());
        assertEquals(end, r.getEnd().getCharacter());
    }
}
