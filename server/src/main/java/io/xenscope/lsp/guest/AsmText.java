package io.xenscope.lsp.guest;

import java.util.ArrayList;
import java.util.List;

/**
 * Assembly text with a map from each of its characters back to an offset in the document: the
 * decoded template of a C {@code asm("...")} statement (adjacent literals joined, escapes
 * decoded) or a whole .S/.s file with comments blanked. {@link #statements()} splits it into
 * instruction statements (on newlines and ';'), with labels and prefixes removed.
 */
public final class AsmText {
    /** One instruction: mnemonic and operands, and its extent in the document. */
    public record Statement(String mnemonic, String operands, int docStart, int docEnd) {
    }

    private final StringBuilder text = new StringBuilder();
    private int[] map = new int[64];

    void append(char c, int docOffset) {
        if (text.length() == map.length) map = java.util.Arrays.copyOf(map, map.length * 2);
        map[text.length()] = docOffset;
        text.append(c);
    }

    public String text() {
        return text.toString();
    }

    private static final java.util.Set<String> PREFIXES = java.util.Set.of("lock", "rep", "repe", "repz", "repne", "repnz",
            "data16", "data32", "addr16", "addr32", "notrack", "rex", "rex.w");

    public List<Statement> statements() {
        List<Statement> out = new ArrayList<>();
        int n = text.length(), i = 0;
        while (i < n) {
            int end = i;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != ';') end++;
            statement(i, end, out);
            i = end + 1;
        }
        return out;
    }

    private void statement(int s, int e, List<Statement> out) {
        while (true) {
            while (s < e && Character.isWhitespace(text.charAt(s))) s++;
            // labels: "foo:", "1:", ".Lx:"
            int k = s;
            while (k < e && (Character.isLetterOrDigit(text.charAt(k)) || "_.$".indexOf(text.charAt(k)) >= 0)) k++;
            if (k > s && k < e && text.charAt(k) == ':' && (k + 1 >= e || text.charAt(k + 1) != ':')) {
                s = k + 1;
                continue;
            }
            break;
        }
        while (e > s && Character.isWhitespace(text.charAt(e - 1))) e--;
        if (s >= e) return;
        char first = text.charAt(s);
        if (first == '.' || first == '#' || !Character.isLetter(first)) return; // directive or something else
        while (true) {
            int k = s;
            while (k < e && !Character.isWhitespace(text.charAt(k))) k++;
            String word = text.substring(s, k).toLowerCase(java.util.Locale.ROOT);
            int r = k;
            while (r < e && Character.isWhitespace(text.charAt(r))) r++;
            if (PREFIXES.contains(word) && r < e) {
                s = r;
                continue;
            }
            out.add(new Statement(word, text.substring(r, e), map[s], map[e - 1] + 1));
            return;
        }
    }

    /** The templates of every asm statement in C source. */
    public static List<AsmText> fromC(String src) {
        List<AsmText> out = new ArrayList<>();
        int n = src.length(), i = 0;
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int e = src.indexOf("*/", i + 2);
                i = e < 0 ? n : e + 2;
            } else if (c == '"' || c == '\'') {
                i = skipLiteral(src, i);
            } else if (Character.isJavaIdentifierStart(c)) {
                int s = i;
                while (i < n && Character.isJavaIdentifierPart(src.charAt(i))) i++;
                if (s > 0 && Character.isJavaIdentifierPart(src.charAt(s - 1))) continue;
                String w = src.substring(s, i);
                if (w.equals("asm") || w.equals("__asm__") || w.equals("__asm")) {
                    int[] next = new int[1];
                    AsmText t = template(src, i, next);
                    if (t != null) {
                        out.add(t);
                        i = next[0];
                    }
                }
            } else {
                i++;
            }
        }
        return out;
    }

    private static int skipLiteral(String src, int i) {
        char q = src.charAt(i++);
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\\') i += 2;
            else if (c == q || c == '\n') return i + 1;
            else i++;
        }
        return i;
    }

    private static int skipSpace(String src, int i) {
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c)) i++;
            else if (c == '\\' && i + 1 < n && (src.charAt(i + 1) == '\n' || src.charAt(i + 1) == '\r')) i += 2;
            else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int e = src.indexOf("*/", i + 2);
                i = e < 0 ? n : e + 2;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') i++;
            } else break;
        }
        return i;
    }

    /** After the asm keyword: qualifiers, '(', string literals up to the first ':' or ')'. */
    private static AsmText template(String src, int i, int[] next) {
        int n = src.length();
        while (true) {
            i = skipSpace(src, i);
            int s = i;
            while (i < n && Character.isJavaIdentifierPart(src.charAt(i))) i++;
            if (s == i) break;
            String q = src.substring(s, i);
            if (!List.of("volatile", "__volatile__", "__volatile", "goto", "inline", "__inline__").contains(q)) return null;
        }
        if (i >= n || src.charAt(i) != '(') return null;
        i++;
        AsmText t = new AsmText();
        while (true) {
            i = skipSpace(src, i);
            if (i >= n) break;
            char c = src.charAt(i);
            if (c == '"') {
                i = decodeLiteral(src, i, t);
            } else if (c == ':' || c == ')') {
                break;
            } else if (Character.isJavaIdentifierPart(c)) {
                while (i < n && Character.isJavaIdentifierPart(src.charAt(i))) i++; // a macro between literals
            } else {
                break;
            }
        }
        next[0] = i;
        return t;
    }

    private static int decodeLiteral(String src, int i, AsmText t) {
        int n = src.length();
        i++;
        while (i < n) {
            char c = src.charAt(i);
            if (c == '"' || c == '\n') return i + 1;
            if (c == '\\' && i + 1 < n) {
                char e = src.charAt(i + 1);
                char d = switch (e) {
                    case 'n', 'r' -> '\n';
                    case 't', 'v', 'f' -> ' ';
                    default -> e;
                };
                t.append(d, i);
                i += 2;
                continue;
            }
            t.append(c, i);
            i++;
        }
        return i;
    }

    /** A .S/.s file: comments ('/* *&#47;', '//', '#' lines and '#' to end of line) become spaces. */
    public static AsmText fromAssembly(String src) {
        AsmText t = new AsmText();
        int n = src.length(), i = 0;
        boolean lineStart = true;
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int e = src.indexOf("*/", i + 2);
                e = e < 0 ? n : e + 2;
                for (; i < e; i++) t.append(src.charAt(i) == '\n' ? '\n' : ' ', i);
                continue;
            }
            if (c == '#' || c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                // '#' starts a preprocessor line or a GAS comment; either way no instruction.
                while (i < n && src.charAt(i) != '\n') t.append(' ', i++);
                continue;
            }
            if (c == '"') {
                int e = skipLiteral(src, i);
                for (; i < e && i < n; i++) t.append(src.charAt(i) == '\n' ? '\n' : 'x', i);
                continue;
            }
            lineStart = c == '\n' || lineStart && Character.isWhitespace(c);
            t.append(c, i);
            i++;
        }
        return t;
    }
}
