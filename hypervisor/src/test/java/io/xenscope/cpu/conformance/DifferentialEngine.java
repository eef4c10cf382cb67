package io.xenscope.cpu.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs cases on the host CPU and in our emulator from the same state, in batches (one assembler run
 * and one harness process per batch), and compares every GPR, RIP, the exception raised if any,
 * the status flags and DF (minus each case's undefined flags), and the data window.
 */
public final class DifferentialEngine {
    /** Status flags and DF. */
    static final long COMPARED_FLAGS = 0x8d5 | 0x400;
    static final int BATCH = 8000;

    /** Per group: cases run and mismatches. */
    public record Report(Map<String, int[]> perGroup, Map<String, int[]> perMnemonic, Map<Integer, Integer> exceptions,
                         List<String> mismatches) {
        public int total() {
            return perGroup.values().stream().mapToInt(v -> v[0]).sum();
        }

        public String summary() {
            StringBuilder b = new StringBuilder("differential conformance: cases per group (mismatches)\n");
            perGroup.forEach((g, v) -> b.append(String.format("  %-14s %7d (%d)%n", g, v[0], v[1])));
            b.append(String.format("  %-14s %7d (%d)%n", "total", total(), mismatches.size()));
            b.append("cases ending in an exception on the host, by vector: ").append(exceptions).append('\n');
            b.append("single-instruction cases per mnemonic (mismatches):");
            int i = 0;
            for (Map.Entry<String, int[]> e : perMnemonic.entrySet()) {
                b.append(i++ % 6 == 0 ? "\n " : "").append(String.format(" %-7s %6d (%d)", e.getKey(), e.getValue()[0], e.getValue()[1]));
            }
            return b.append('\n').toString();
        }
    }

    private DifferentialEngine() {
    }

    public static Report run(List<ConformanceCase> cases) throws IOException, InterruptedException {
        Path work = Files.createDirectories(Path.of("target", "conformance").toAbsolutePath());
        Map<String, int[]> perGroup = new TreeMap<>();
        Map<String, int[]> perMnemonic = new TreeMap<>();
        Map<Integer, Integer> exceptions = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        for (int from = 0; from < cases.size(); from += BATCH) {
            List<ConformanceCase> batch = cases.subList(from, Math.min(cases.size(), from + BATCH));
            SnippetAssembler.Blob blob = SnippetAssembler.assemble(batch, work);
            Outcome[] host = HostCpu.run(batch, blob);
            Outcome[] ours = EmulatedCpu.run(batch, blob);
            for (int i = 0; i < batch.size(); i++) {
                ConformanceCase c = batch.get(i);
                int[] counts = perGroup.computeIfAbsent(c.group(), g -> new int[2]);
                counts[0]++;
                int[] mnemonicCounts = c.asm().indexOf('\n') < 0 || c.asm().startsWith(".byte")
                        ? perMnemonic.computeIfAbsent(mnemonic(c.asm()), g -> new int[2]) : new int[2];
                mnemonicCounts[0]++;
                if (host[i].vector() >= 0) {
                    exceptions.merge(host[i].vector(), 1, Integer::sum);
                }
                String d = ours[i].diff(host[i], COMPARED_FLAGS & (Boolean.getBoolean("conformance.strict") ? -1L : ~c.undefinedFlags()));
                if (!d.isEmpty()) {
                    counts[1]++;
                    mnemonicCounts[1]++;
                    mismatches.add(describe(c) + "\n    ->" + d);
                }
            }
        }
        return new Report(perGroup, perMnemonic, exceptions, mismatches);
    }

    /** The mnemonic of a one-instruction snippet ("lock add", "(f0) cmp" for a hand-placed prefix byte). */
    static String mnemonic(String asm) {
        String[] lines = asm.split("\n");
        String last = lines[lines.length - 1].trim();
        String m = last.startsWith(".byte") ? "(bytes)" : last.split("\\s+")[0];
        if (m.equals("lock")) {
            m = "lock-" + last.split("\\s+")[1];
        }
        return lines.length > 1 && lines[0].startsWith(".byte") ? "(f0)-" + m : m;
    }

    static String describe(ConformanceCase c) {
        StringBuilder b = new StringBuilder("[").append(c.group()).append("] ").append(c.asm().replace("\n", "; "));
        b.append("  from");
        for (int r = 0; r < 16; r++) {
            if (r < 8 || c.asm().contains("r" + r)) {
                b.append(' ').append(Outcome.NAMES[r]).append('=').append(Long.toHexString(c.gpr()[r]));
            }
        }
        b.append(" flags=").append(Outcome.flags(c.rflags()));
        return b.toString();
    }
}
