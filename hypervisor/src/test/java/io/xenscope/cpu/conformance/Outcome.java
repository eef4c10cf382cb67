package io.xenscope.cpu.conformance;

import java.util.Arrays;

/**
 * How a case ended, on the host or in the emulator: {@code vector} is -1 when the snippet ran to its
 * end, else the exception it raised (0 = #DE, 6 = #UD, 13 = #GP...), with {@code rip} the offset in the snippet where it was
 * raised (the snippet's length when it completed); then the registers, RFLAGS and data window at that point.
 */
public record Outcome(int vector, long rip, long[] gpr, long rflags, byte[] data) {
    static final String[] NAMES = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11",
        "r12", "r13", "r14", "r15"};

    /** Differences from {@code other} (the host), ignoring {@code ignoredFlags}; empty when equal. */
    String diff(Outcome host, long comparedFlags) {
        StringBuilder b = new StringBuilder();
        if (vector != host.vector) {
            b.append(String.format(" vector %d (host %d)", vector, host.vector));
        }
        if (rip != host.rip) {
            b.append(String.format(" rip +%#x (host +%#x)", rip, host.rip));
        }
        for (int i = 0; i < 16; i++) {
            if (gpr[i] != host.gpr[i]) {
                b.append(String.format(" %s=%#x (host %#x)", NAMES[i], gpr[i], host.gpr[i]));
            }
        }
        if (((rflags ^ host.rflags) & comparedFlags) != 0) {
            b.append(String.format(" rflags=%s (host %s)", flags(rflags & comparedFlags), flags(host.rflags & comparedFlags)));
        }
        if (!Arrays.equals(data, host.data)) {
            for (int i = 0; i < data.length; i++) {
                if (data[i] != host.data[i]) {
                    b.append(String.format(" mem[%#x]=%02x (host %02x)", Layout.DATA_BASE + i, data[i] & 0xff, host.data[i] & 0xff));
                    break;
                }
            }
        }
        return b.toString();
    }

    static String flags(long f) {
        String[] n = {"CF", "", "PF", "", "AF", "", "ZF", "SF", "", "", "DF", "OF"};
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n.length; i++) {
            if (!n[i].isEmpty() && (f & (1L << i)) != 0) {
                b.append(b.length() > 1 ? " " : "").append(n[i]);
            }
        }
        return b.append(']').toString();
    }
}
