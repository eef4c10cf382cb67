package io.xenscope.dap.handlers;

import io.xenscope.dap.DapError;
import io.xenscope.debug.DebugSession.FaultFilter;

/**
 * The condition of the "pagefault" exception filter: terms joined by {@code &&} or spaces, all of
 * which must hold. {@code cr2=A-B} (inclusive range), {@code cr2=A}, {@code cr2>=A}, {@code cr2>A},
 * {@code cr2<=A}, {@code cr2<A}; {@code errorcode&M} (all bits of M set), {@code errorcode&M=V}.
 * Numbers are decimal or 0x-hex (unsigned 64-bit). Example: {@code cr2>=0xffff800000000000 && errorcode&2}.
 */
final class FaultCondition {
    static final String SYNTAX = "cr2=A-B, cr2>=A, cr2<B, errorcode&M, errorcode&M=V joined by && or spaces,"
            + " e.g. cr2>=0xffff800000000000 && errorcode&2 (writes)";

    private FaultCondition() {
    }

    static FaultFilter parse(FaultFilter base, String condition) {
        if (condition == null || condition.isBlank()) {
            return base;
        }
        long from = base.cr2From();
        long to = base.cr2To();
        int mask = base.errorMask();
        int value = base.errorValue();
        for (String t : condition.replace("&&", " ").trim().split("\\s+")) {
            String term = t.toLowerCase(java.util.Locale.ROOT);
            if (term.startsWith("cr2")) {
                String rest = term.substring(3);
                if (rest.startsWith(">=")) {
                    from = max(from, num(rest.substring(2), t));
                } else if (rest.startsWith("<=")) {
                    to = min(to, num(rest.substring(2), t));
                } else if (rest.startsWith(">")) {
                    from = max(from, num(rest.substring(1), t) + 1);
                } else if (rest.startsWith("<")) {
                    long n = num(rest.substring(1), t);
                    if (n == 0) {
                        throw new DapError("'" + t + "' can never hold");
                    }
                    to = min(to, n - 1);
                } else if (rest.startsWith("=") || rest.startsWith("==")) {
                    String r = rest.replaceFirst("^==?", "");
                    int dash = r.indexOf('-');
                    if (dash > 0) {
                        from = max(from, num(r.substring(0, dash), t));
                        to = min(to, num(r.substring(dash + 1), t));
                    } else {
                        long n = num(r, t);
                        from = max(from, n);
                        to = min(to, n);
                    }
                } else {
                    throw bad(t);
                }
            } else if (term.startsWith("errorcode&") || term.startsWith("error_code&") || term.startsWith("ec&")) {
                String r = term.substring(term.indexOf('&') + 1);
                int eq = r.indexOf('=');
                int m = (int) num(eq < 0 ? r : r.substring(0, eq), t);
                int v = eq < 0 ? m : (int) num(r.substring(eq + 1).replaceFirst("^=", ""), t);
                if ((v & ~m) != 0) {
                    throw new DapError("'" + t + "': the value has bits outside the mask");
                }
                mask |= m;
                value = value & ~m | v;
            } else {
                throw bad(t);
            }
        }
        return new FaultFilter(base.vector(), from, to, mask, value);
    }

    private static long max(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static long num(String s, String term) {
        try {
            return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2).replace("_", ""), 16)
                    : Long.parseUnsignedLong(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new DapError("'" + term + "': '" + s + "' is not a number");
        }
    }

    private static DapError bad(String term) {
        return new DapError("cannot parse '" + term + "' in the pagefault condition (" + SYNTAX + ")");
    }
}
