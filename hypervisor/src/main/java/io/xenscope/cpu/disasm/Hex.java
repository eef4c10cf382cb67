package io.xenscope.cpu.disasm;

/** Hex numbers as objdump prints them. */
final class Hex {
    private Hex() {
    }

    static long mask(long v, int bytes) {
        return bytes >= 8 ? v : v & ((1L << (8 * bytes)) - 1);
    }

    static String unsigned(long v, int bytes) {
        return "0x" + Long.toHexString(mask(v, bytes));
    }

    /** "+0x8" / "-0x8" for a displacement following a register. */
    static String signed(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "+0x" + Long.toHexString(v);
    }

    static String target(long address, java.util.function.LongFunction<String> symbolizer) {
        String s = "0x" + Long.toHexString(address);
        String sym = symbolizer == null ? null : symbolizer.apply(address);
        return sym == null ? s : s + " <" + sym + ">";
    }
}
