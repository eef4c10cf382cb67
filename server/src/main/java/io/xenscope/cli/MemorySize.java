package io.xenscope.cli;

import java.util.Locale;

/** Sizes as xl and the command line write them: 64M, 1G, 512K, or bytes. */
final class MemorySize {
    private MemorySize() {
    }

    static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                default -> 1L << 30;
            };
            t = t.substring(0, t.length() - 1);
        }
        long value;
        try {
            value = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a memory size: " + text + " (e.g. 64M, 1G)");
        }
        if (value <= 0 || value > (1L << 40) / unit || (value * unit) % 4096 != 0) {
            throw new IllegalArgumentException("memory size out of range or not a whole number of 4 KiB pages: " + text);
        }
        return value * unit;
    }
}
