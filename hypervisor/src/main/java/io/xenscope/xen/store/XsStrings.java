package io.xenscope.xen.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** NUL-separated strings as xenstored parses them (get_string, get_strings, onearg, atoi). */
final class XsStrings {
    private XsStrings() {
    }

    /** Bytes to a Java string one char per byte, so any byte sequence round-trips. */
    static String str(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] nul(String s) {
        byte[] b = bytes(s);
        byte[] r = new byte[b.length + 1];
        System.arraycopy(b, 0, r, 0, b.length);
        return r;
    }

    /** get_strings: every NUL-terminated string, in order; bytes after the last NUL are ignored. */
    static List<String> strings(byte[] p) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                out.add(str(p, start, i - start));
                start = i + 1;
            }
        }
        return out;
    }

    /** xenstore_count_strings: the number of NULs. */
    static int count(byte[] p) {
        int n = 0;
        for (byte b : p) {
            if (b == 0) {
                n++;
            }
        }
        return n;
    }

    /** onearg: the payload must hold exactly one NUL, at its end; null otherwise. */
    static String onearg(byte[] p) {
        if (p.length == 0) {
            return null;
        }
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                return i == p.length - 1 ? str(p, 0, i) : null;
            }
        }
        return null;
    }

    /** The first NUL-terminated string, or null when there is no NUL. */
    static String first(byte[] p) {
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                return str(p, 0, i);
            }
        }
        return null;
    }

    /** C atoi: optional whitespace and sign, then digits; 0 when none; wraps like a 32-bit int. */
    static int atoi(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || (s.charAt(i) >= '\t' && s.charAt(i) <= '\r'))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            if (v > (1L << 40)) {
                break; // undefined in C; keep it bounded
            }
            i++;
        }
        return (int) (neg ? -v : v);
    }

    /** C strtol(s, NULL, 0) truncated to int: decimal, 0x hex or 0 octal prefix. */
    static int strtol0(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < s.length() && Character.digit(s.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < s.length() && s.charAt(i) == '0') {
            radix = 8;
        }
        long v = 0;
        while (i < s.length()) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0 || s.charAt(i) > 0x7f) {
                break;
            }
            v = Math.min(v * radix + d, 1L << 40);
            i++;
        }
        return (int) (neg ? -v : v);
    }
}
