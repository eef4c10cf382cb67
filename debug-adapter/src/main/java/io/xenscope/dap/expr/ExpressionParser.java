package io.xenscope.dap.expr;

import io.xenscope.debug.DebugSession;
import io.xenscope.debug.symbols.SymbolTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * The expression language of breakpoint conditions, logpoint interpolations and evaluate, a subset
 * of C over the stopped vCPU:
 * <pre>
 *   expr    := binary operators with C's precedence, loosest first:
 *              ||   &&   |   ^   &   == !=   &lt; &lt;= &gt; &gt;=   &lt;&lt; &gt;&gt;   + -   * / %
 *   unary   := ('-' | '~' | '!') unary | '*' '(' TYPE '*' ')' unary | '(' TYPE ')' unary | '&amp;' NAME | primary
 *   primary := NUMBER (0x hex or decimal) | NAME | '(' expr ')'
 *   TYPE    := uint8_t uint16_t uint32_t uint64_t int8_t int16_t int32_t int64_t
 *   NAME    := a register (rax, eax, r8d, rip, rflags, cr3, efer, cs, fs_base, $-prefixed too) or an ELF symbol (its address)
 * </pre>
 * Values are 64-bit and unsigned as uint64_t (comparisons are unsigned); a memory read goes through
 * the guest's page tables ({@code DebugMemory}), little-endian, and a signed type sign-extends.
 * Names are resolved when parsing, so a typo is a parse error; memory is read when evaluating.
 */
public final class ExpressionParser {
    private static final String[][] BINARY = {
        {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", "<=", ">", ">="}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"},
    };
    private static final String[] PUNCT = {"<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        "+", "-", "*", "/", "%", "&", "|", "^", "~", "!", "<", ">", "(", ")"};

    private record Tok(String text, int at, boolean number, boolean name) {
    }

    private final String src;
    private final SymbolTable symbols;
    private final List<Tok> toks = new ArrayList<>();
    private int p;

    private ExpressionParser(String src, SymbolTable symbols) {
        this.src = src;
        this.symbols = symbols;
    }

    /** Parses {@code text}; {@code symbols} may be null (then only registers and numbers are names). */
    public static Expression parse(String text, SymbolTable symbols) {
        if (text == null || text.isBlank()) {
            throw new ExpressionError("empty expression");
        }
        ExpressionParser ps = new ExpressionParser(text, symbols);
        ps.lex();
        Expression e = ps.binary(0);
        if (ps.p < ps.toks.size()) {
            throw ps.error("unexpected '" + ps.toks.get(ps.p).text + "'", ps.toks.get(ps.p).at);
        }
        return e;
    }

    // ---- lexer --------------------------------------------------------------------------------------

    private void lex() {
        int i = 0;
        int n = src.length();
        outer:
        while (i < n) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c)) {
                int s = i;
                while (i < n && Character.isLetterOrDigit(src.charAt(i))) {
                    i++;
                }
                toks.add(new Tok(src.substring(s, i), s, true, false));
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int s = i++;
                while (i < n && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_'
                        || src.charAt(i) == '.')) {
                    i++;
                }
                toks.add(new Tok(src.substring(s, i), s, false, true));
            } else {
                for (String op : PUNCT) {
                    if (src.startsWith(op, i)) {
                        toks.add(new Tok(op, i, false, false));
                        i += op.length();
                        continue outer;
                    }
                }
                throw error("unexpected character '" + c + "'", i);
            }
        }
    }

    // ---- parser -------------------------------------------------------------------------------------

    private Tok peek() {
        return p < toks.size() ? toks.get(p) : null;
    }

    private boolean at(String op) {
        Tok t = peek();
        return t != null && !t.number && !t.name && t.text.equals(op);
    }

    private void expect(String op) {
        if (!at(op)) {
            Tok t = peek();
            throw error("expected '" + op + "'" + (t == null ? " at the end" : " before '" + t.text + "'"),
                    t == null ? src.length() : t.at);
        }
        p++;
    }

    private Expression binary(int level) {
        if (level == BINARY.length) {
            return unary();
        }
        Expression left = binary(level + 1);
        while (true) {
            String op = null;
            for (String o : BINARY[level]) {
                if (at(o)) {
                    op = o;
                }
            }
            if (op == null) {
                return left;
            }
            int opAt = peek().at;
            p++;
            Expression right = binary(level + 1);
            left = combine(op, left, right, opAt);
        }
    }

    private static Expression combine(String op, Expression l, Expression r, int at) {
        return switch (op) {
            case "||" -> s -> l.eval(s) != 0 || r.eval(s) != 0 ? 1 : 0;
            case "&&" -> s -> l.eval(s) != 0 && r.eval(s) != 0 ? 1 : 0;
            case "|" -> s -> l.eval(s) | r.eval(s);
            case "^" -> s -> l.eval(s) ^ r.eval(s);
            case "&" -> s -> l.eval(s) & r.eval(s);
            case "==" -> s -> l.eval(s) == r.eval(s) ? 1 : 0;
            case "!=" -> s -> l.eval(s) != r.eval(s) ? 1 : 0;
            case "<" -> s -> Long.compareUnsigned(l.eval(s), r.eval(s)) < 0 ? 1 : 0;
            case "<=" -> s -> Long.compareUnsigned(l.eval(s), r.eval(s)) <= 0 ? 1 : 0;
            case ">" -> s -> Long.compareUnsigned(l.eval(s), r.eval(s)) > 0 ? 1 : 0;
            case ">=" -> s -> Long.compareUnsigned(l.eval(s), r.eval(s)) >= 0 ? 1 : 0;
            case "<<" -> s -> shift(r.eval(s)) ? l.eval(s) << r.eval(s) : 0;
            case ">>" -> s -> shift(r.eval(s)) ? l.eval(s) >>> r.eval(s) : 0;
            case "+" -> s -> l.eval(s) + r.eval(s);
            case "-" -> s -> l.eval(s) - r.eval(s);
            case "*" -> s -> l.eval(s) * r.eval(s);
            case "/" -> s -> Long.divideUnsigned(l.eval(s), nonZero(r.eval(s)));
            case "%" -> s -> Long.remainderUnsigned(l.eval(s), nonZero(r.eval(s)));
            default -> throw new IllegalStateException(op);
        };
    }

    /** Shifts by 64 or more give 0, as for a uint64_t in gdb (C leaves them undefined). */
    private static boolean shift(long count) {
        return Long.compareUnsigned(count, 64) < 0;
    }

    private static long nonZero(long v) {
        if (v == 0) {
            throw new ExpressionError("division by zero");
        }
        return v;
    }

    private Expression unary() {
        Tok t = peek();
        if (t == null) {
            throw error("the expression ends too early", src.length());
        }
        if (at("-") || at("~") || at("!")) {
            p++;
            Expression e = unary();
            return switch (t.text) {
                case "-" -> s -> -e.eval(s);
                case "~" -> s -> ~e.eval(s);
                default -> s -> e.eval(s) == 0 ? 1 : 0;
            };
        }
        if (at("*")) {
            p++;
            int[] type = castType();
            if (type == null) {
                throw error("a memory read needs its width: *(uint32_t *)ADDRESS", t.at);
            }
            Expression address = unary();
            int bytes = type[0];
            boolean signed = type[1] != 0;
            return s -> read(s, address.eval(s), bytes, signed);
        }
        if (at("&")) {
            p++;
            Tok name = peek();
            if (name == null || !name.name) {
                throw error("'&' takes a symbol name", t.at);
            }
            p++;
            OptionalLong a = symbol(name.text);
            if (a.isEmpty()) {
                throw error("no symbol '" + name.text + "'", name.at);
            }
            long v = a.getAsLong();
            return s -> v;
        }
        if (at("(") && isType(p + 1)) {
            int save = p;
            p++;
            int[] type = typeName();
            if (at(")")) {
                p++;
                Expression e = unary();
                int bits = type[0] * 8;
                boolean signed = type[1] != 0;
                return s -> truncate(e.eval(s), bits, signed);
            }
            p = save;
        }
        return primary();
    }

    /** {@code (TYPE *)} after a '*'; null when the next tokens are not a pointer cast. */
    private int[] castType() {
        if (!at("(") || !isType(p + 1)) {
            return null;
        }
        p++;
        int[] type = typeName();
        expect("*");
        expect(")");
        return type;
    }

    private boolean isType(int i) {
        return i < toks.size() && toks.get(i).name && toks.get(i).text.matches("u?int(8|16|32|64)_t");
    }

    /** {bytes, signed}. */
    private int[] typeName() {
        String n = toks.get(p++).text;
        int bits = Integer.parseInt(n.replaceAll("\\D", ""));
        return new int[] {bits / 8, n.startsWith("u") ? 0 : 1};
    }

    private Expression primary() {
        Tok t = peek();
        if (at("(")) {
            p++;
            Expression e = binary(0);
            expect(")");
            return e;
        }
        if (t.number) {
            p++;
            long v = number(t);
            return s -> v;
        }
        if (t.name) {
            p++;
            Optional<ToLongFunction<DebugSession>> reg = GuestRegisters.reader(t.text);
            if (reg.isPresent()) {
                ToLongFunction<DebugSession> r = reg.get();
                return r::applyAsLong;
            }
            OptionalLong a = symbol(t.text);
            if (a.isPresent()) {
                long v = a.getAsLong();
                return s -> v;
            }
            throw error("unknown name '" + t.text + "' (not a register or an ELF symbol of the kernel)", t.at);
        }
        throw error("unexpected '" + t.text + "'", t.at);
    }

    private OptionalLong symbol(String name) {
        if (symbols == null) {
            return OptionalLong.empty();
        }
        OptionalLong v = symbols.elfSymbol(name);
        return v.isPresent() ? v : symbols.entryOf(name);
    }

    private long number(Tok t) {
        String x = t.text.toLowerCase(java.util.Locale.ROOT);
        try {
            return x.startsWith("0x") ? Long.parseUnsignedLong(x.substring(2), 16) : Long.parseUnsignedLong(x);
        } catch (NumberFormatException e) {
            throw error("'" + t.text + "' is not a number (decimal or 0x hexadecimal, 64 bits)", t.at);
        }
    }

    private static long read(DebugSession s, long address, int bytes, boolean signed) {
        byte[] b = s.memory().read(address, bytes);
        if (b.length < bytes) {
            throw new ExpressionError(String.format("cannot read %d bytes at 0x%x: not mapped", bytes, address));
        }
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xff);
        }
        return truncate(v, bytes * 8, signed);
    }

    private static long truncate(long v, int bits, boolean signed) {
        if (bits == 64) {
            return v;
        }
        int sh = 64 - bits;
        return signed ? v << sh >> sh : v << sh >>> sh;
    }

    private ExpressionError error(String message, int at) {
        return new ExpressionError(message + " at column " + (at + 1) + " of '" + src + "'");
    }
}
