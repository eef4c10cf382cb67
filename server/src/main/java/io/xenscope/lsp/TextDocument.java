package io.xenscope.lsp;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * One open document: its text and an index of line starts, so that offsets and LSP positions
 * (line, UTF-16 column; Java strings are UTF-16 already) convert both ways in O(log lines).
 * Immutable: an edit makes a new instance.
 */
public final class TextDocument {
    private final String uri;
    private final String languageId;
    private final int version;
    private final String text;
    private final int[] lineStarts;

    public TextDocument(String uri, String languageId, int version, String text) {
        this.uri = uri;
        this.languageId = languageId == null ? "" : languageId;
        this.version = version;
        this.text = text;
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') n++;
        }
        lineStarts = new int[n];
        int k = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') lineStarts[k++] = i + 1;
        }
    }

    public String uri() { return uri; }
    public String languageId() { return languageId; }
    public int version() { return version; }
    public String text() { return text; }
    public int lineCount() { return lineStarts.length; }

    /** The file behind a file: URI, if it is one. */
    public Optional<Path> path() {
        try {
            URI u = URI.create(uri);
            return "file".equalsIgnoreCase(u.getScheme()) ? Optional.of(Path.of(u)) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The file name part of the URI (for language detection by extension). */
    public String fileName() {
        String s = uri;
        int q = s.indexOf('?');
        if (q >= 0) s = s.substring(0, q);
        return s.substring(s.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    public Position positionAt(int offset) {
        offset = Math.max(0, Math.min(offset, text.length()));
        int line = Arrays.binarySearch(lineStarts, offset);
        if (line < 0) line = -line - 2;
        return new Position(line, offset - lineStarts[line]);
    }

    public Range rangeOf(int start, int end) {
        return new Range(positionAt(start), positionAt(end));
    }

    public int offsetAt(Position p) {
        if (p.getLine() < 0) return 0;
        if (p.getLine() >= lineStarts.length) return text.length();
        int start = lineStarts[p.getLine()];
        return Math.min(start + Math.max(0, p.getCharacter()), lineEnd(p.getLine()));
    }

    public int lineStart(int line) {
        return lineStarts[line];
    }

    /** Offset of the end of the line, before its '\n' (and '\r'). */
    public int lineEnd(int line) {
        int end = line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length();
        if (end > lineStarts[line] && end - 1 < text.length() && text.charAt(end - 1) == '\r') end--;
        return end;
    }

    public String lineText(int line) {
        return text.substring(lineStarts[line], lineEnd(line));
    }

    /** A new version of this document with one edit applied (range null: whole text). */
    public TextDocument apply(Range range, String newText, int newVersion) {
        if (range == null) return new TextDocument(uri, languageId, newVersion, newText);
        int s = offsetAt(range.getStart()), e = offsetAt(range.getEnd());
        if (e < s) { int t = s; s = e; e = t; }
        return new TextDocument(uri, languageId, newVersion, text.substring(0, s) + newText + text.substring(e));
    }

    public TextDocument withVersion(int v) {
        return new TextDocument(uri, languageId, v, text);
    }
}
