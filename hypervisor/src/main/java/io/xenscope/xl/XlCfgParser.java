package io.xenscope.xl;

import io.xenscope.xl.XlCfgFile.ListValue;
import io.xenscope.xl.XlCfgFile.Num;
import io.xenscope.xl.XlCfgFile.Setting;
import io.xenscope.xl.XlCfgFile.Str;
import io.xenscope.xl.XlCfgFile.SyntaxError;
import io.xenscope.xl.XlCfgFile.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser for the xl domain configuration syntax (libxlu's libxlu_cfg_l.l / libxlu_cfg_y.y):
 * <pre>
 *   file    := { setting? (NEWLINE | ';') }
 *   setting := IDENT ('=' | '+=') value
 *   value   := STRING | NUMBER | '[' NEWLINE* [ value { ',' NEWLINE* value } [','] ] NEWLINE* ']'   (lists may nest)
 *   IDENT   := [a-z][_0-9a-z]*        NUMBER := [0-9][0-9a-fx]*   (read with strtol base 0)
 *   STRING  := "..." | '...' (both with C escapes, as libxlu's dequote)     comments: '#' to end of line
 * </pre>
 * Newlines inside a list are allowed (that is how a list continues over lines). Unlike xl, which
 * stops at the first error, this parser records the error with its exact extent and resumes at the
 * next statement, so one bad line does not hide the rest of the file.
 */
public final class XlCfgParser {
    private enum T { IDENT, NUMBER, STRING, EQ, PLUSEQ, LBRACK, RBRACK, COMMA, SEMI, NL, EOF, BAD }

    private record Tok(T type, int start, int end, String text) {
    }

    private final String src;
    private final List<Tok> toks = new ArrayList<>();
    private final List<SyntaxError> errors = new ArrayList<>();
    private int p;

    private XlCfgParser(String src) {
        this.src = src;
    }

    public static XlCfgFile parse(String text) {
        XlCfgParser parser = new XlCfgParser(text);
        parser.lex();
        return parser.file();
    }

    // ---- lexer ----------------------------------------------------------------------------

    private void lex() {
        int i = 0, n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '\n') {
                toks.add(new Tok(T.NL, i, i + 1, "\n"));
                i++;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                i++;
            } else if (c == '#') {
                while (i < n && src.charAt(i) != '\n') i++;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
                int s = i;
                while (i < n && isIdentChar(src.charAt(i))) i++;
                toks.add(new Tok(T.IDENT, s, i, src.substring(s, i)));
            } else if (c >= '0' && c <= '9') {
                int s = i;
                while (i < n && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) i++;
                toks.add(new Tok(T.NUMBER, s, i, src.substring(s, i)));
            } else if (c == '"' || c == '\'') {
                i = lexString(i, c);
            } else if (c == '=') {
                toks.add(new Tok(T.EQ, i, i + 1, "="));
                i++;
            } else if (c == '+' && i + 1 < n && src.charAt(i + 1) == '=') {
                toks.add(new Tok(T.PLUSEQ, i, i + 2, "+="));
                i += 2;
            } else if (c == '[' || c == ']' || c == ',' || c == ';') {
                T t = c == '[' ? T.LBRACK : c == ']' ? T.RBRACK : c == ',' ? T.COMMA : T.SEMI;
                toks.add(new Tok(t, i, i + 1, String.valueOf(c)));
                i++;
            } else {
                int s = i;
                // One bad token per run of unexpected characters, so "memory = -5" is one error.
                while (i < n && !Character.isWhitespace(src.charAt(i)) && "=[],;#\"'".indexOf(src.charAt(i)) < 0) i++;
                if (i == s) i++;
                toks.add(new Tok(T.BAD, s, i, src.substring(s, i)));
            }
        }
        toks.add(new Tok(T.EOF, n, n, ""));
    }

    private static boolean isIdentChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private int lexString(int i, char quote) {
        int s = i++, n = src.length();
        StringBuilder b = new StringBuilder();
        while (i < n) {
            char c = src.charAt(i);
            if (c == quote) {
                toks.add(new Tok(T.STRING, s, i + 1, b.toString()));
                return i + 1;
            }
            if (c == '\n') break;
            if (c == '\\' && i + 1 < n && src.charAt(i + 1) != '\n') {
                char e = src.charAt(i + 1);
                i += 2;
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'a' -> b.append('\007');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'v' -> b.append('\013');
                    case 'x' -> {
                        int v = 0, k = 0;
                        while (k < 2 && i < n && Character.digit(src.charAt(i), 16) >= 0) {
                            v = v * 16 + Character.digit(src.charAt(i++), 16);
                            k++;
                        }
                        if (k == 0) errors.add(new SyntaxError("\\x needs hexadecimal digits", i - 2, i, null));
                        b.append((char) v);
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int v = e - '0', k = 1;
                            while (k < 3 && i < n && src.charAt(i) >= '0' && src.charAt(i) <= '7') {
                                v = v * 8 + src.charAt(i++) - '0';
                                k++;
                            }
                            b.append((char) v);
                        } else {
                            b.append(e); // \" \\ \' and any other char stand for themselves
                        }
                    }
                }
                continue;
            }
            b.append(c);
            i++;
        }
        errors.add(new SyntaxError("unterminated string: missing closing " + quote, s, i, null));
        toks.add(new Tok(T.STRING, s, i, b.toString()));
        return i;
    }

    // ---- parser ---------------------------------------------------------------------------

    private Tok peek() {
        return toks.get(p);
    }

    private Tok next() {
        Tok t = toks.get(p);
        if (t.type != T.EOF) p++;
        return t;
    }

    private XlCfgFile file() {
        List<Setting> settings = new ArrayList<>();
        while (peek().type != T.EOF) {
            Tok t = peek();
            if (t.type == T.NL || t.type == T.SEMI) {
                next();
                continue;
            }
            if (t.type != T.IDENT) {
                error("expected a setting KEY = VALUE, found " + describe(t), t.start, t.end, null);
                skipStatement();
                continue;
            }
            Setting s = setting();
            if (s != null) settings.add(s);
        }
        errors.sort(java.util.Comparator.comparingInt(SyntaxError::start));
        return new XlCfgFile(settings, errors);
    }

    private Setting setting() {
        Tok key = next();
        if (!key.text.equals(key.text.toLowerCase(java.util.Locale.ROOT)) || Character.isDigit(key.text.charAt(0))) {
            // xl's lexer only knows lower-case identifiers; keep going with the setting anyway.
            error("xl.cfg keys are lower case: '" + key.text + "'", key.start, key.end, key.text.toLowerCase(java.util.Locale.ROOT));
        }
        Tok op = peek();
        if (op.type != T.EQ && op.type != T.PLUSEQ) {
            int end = op.type == T.NL || op.type == T.EOF ? key.end : op.end;
            error("expected '=' after '" + key.text + "'", op.type == T.NL || op.type == T.EOF ? key.start : op.start, end, null);
            skipStatement();
            return new Setting(key.text, key.start, key.end, false, null, key.start, key.end);
        }
        next();
        Value v = value(key.text, op.end);
        int end = v != null ? v.end() : op.end;
        Tok after = peek();
        if (after.type != T.NL && after.type != T.SEMI && after.type != T.EOF) {
            error("unexpected " + describe(after) + " after the value of '" + key.text + "' (one setting per line, or separate with ';')",
                    after.start, after.end, null);
            skipStatement();
        }
        return new Setting(key.text, key.start, key.end, op.type == T.PLUSEQ, v, key.start, end);
    }

    /** A value, or null after reporting an error (the caller resynchronises). */
    private Value value(String key, int opEnd) {
        Tok t = peek();
        switch (t.type) {
            case STRING:
                next();
                return new Str(t.text, t.start, t.end);
            case NUMBER:
                next();
                return number(t);
            case LBRACK:
                return list(key);
            case IDENT:
                next();
                error("a string value must be quoted: " + key + " = \"" + t.text + "\"", t.start, t.end, "\"" + t.text + "\"");
                return new Str(t.text, t.start, t.end);
            case NL:
            case EOF:
            case SEMI:
                error("missing value after '='", Math.max(0, opEnd - 1), opEnd, null);
                return null;
            default:
                error("expected a value (\"string\", number or [ list ]), found " + describe(t), t.start, t.end, null);
                skipStatement();
                return null;
        }
    }

    private Num number(Tok t) {
        Long v = null;
        String s = t.text.toLowerCase(java.util.Locale.ROOT);
        try {
            if (s.startsWith("0x")) v = Long.parseUnsignedLong(s.substring(2), 16);
            else if (s.length() > 1 && s.startsWith("0")) v = Long.parseLong(s.substring(1), 8);
            else v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            String fix = null;
            if (s.matches("[0-9]+[kmgt]b?")) fix = null;
            error("'" + t.text + "' is not a number (decimal, 0x hexadecimal or 0 octal; no units: memory is in MiB)",
                    t.start, t.end, fix);
        }
        return new Num(t.text, v, t.start, t.end);
    }

    private ListValue list(String key) {
        Tok open = next();
        List<Value> items = new ArrayList<>();
        boolean expectValue = true;
        while (true) {
            Tok t = peek();
            if (t.type == T.NL) {
                // A list continues over lines, unless the next line plainly starts a new setting.
                int q = p + 1;
                while (toks.get(q).type == T.NL) q++;
                if (toks.get(q).type == T.IDENT && (toks.get(q + 1).type == T.EQ || toks.get(q + 1).type == T.PLUSEQ)) {
                    error("unclosed '[': missing ']'", open.start, open.end, null);
                    return new ListValue(items, open.start, t.start);
                }
                next();
                continue;
            }
            if (t.type == T.RBRACK) {
                next();
                return new ListValue(items, open.start, t.end);
            }
            if (t.type == T.EOF) {
                error("unclosed '[': missing ']'", open.start, open.end, null);
                return new ListValue(items, open.start, t.start);
            }
            if (t.type == T.COMMA) {
                if (expectValue) error("empty list element", t.start, t.end, null);
                next();
                expectValue = true;
                continue;
            }
            if (!expectValue) {
                error("missing ',' between list elements", t.start, t.start, null);
            }
            if (t.type == T.LBRACK) {
                items.add(list(key)); // lists may nest (vnuma, vsnd)
            } else if (t.type == T.STRING || t.type == T.NUMBER || t.type == T.IDENT) {
                items.add(value(key, t.start));
            } else {
                error("expected a list element, found " + describe(t), t.start, t.end, null);
                next();
            }
            expectValue = false;
        }
    }

    /** Skips to the end of the statement: a newline or ';' outside brackets, or the end. */
    private void skipStatement() {
        int depth = 0;
        while (true) {
            Tok t = peek();
            if (t.type == T.EOF) return;
            if (depth == 0 && (t.type == T.NL || t.type == T.SEMI)) return;
            if (t.type == T.LBRACK) depth++;
            if (t.type == T.RBRACK && depth > 0) depth--;
            if (t.type == T.NL && depth > 0) {
                int q = p + 1;
                if (toks.get(q).type == T.IDENT && toks.get(q + 1).type == T.EQ) return;
            }
            next();
        }
    }

    private void error(String message, int start, int end, String fix) {
        errors.add(new SyntaxError(message, start, end, fix));
    }

    private static String describe(Tok t) {
        return switch (t.type) {
            case NL -> "end of line";
            case EOF -> "end of file";
            case STRING -> "a string";
            case NUMBER -> "number '" + t.text + "'";
            case IDENT -> "'" + t.text + "'";
            default -> "'" + t.text + "'";
        };
    }
}
