package io.xenscope.debug.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.ElfSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The line table and address lookups against binutils, over gcc-built freestanding kernels in every
 * flag variant: every row against {@code objdump --dwarf=decodedline}, every .text address against
 * {@code addr2line -a -f}.
 */
class LineTableOracleTest {
    static List<Fixtures.Variant> variants() {
        return Fixtures.kernelVariants();
    }

    private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+(\\d+|-)\\s+(0x[0-9a-f]+)(?:\\s+(\\d+))?\\s*(x)?\\s*$");

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void rowsMatchObjdumpDecodedLine(Fixtures.Variant v) throws Exception {
        Path elf = Fixtures.kernel(v);
        SymbolTable st = SymbolTable.read(elf);
        assertTrue(st.problems().isEmpty(), () -> st.problems().toString());
        Map<String, Integer> expected = new HashMap<>();
        for (String line : Fixtures.run(List.of("objdump", "--dwarf=decodedline", elf.toString()), null).split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches() && !m.group(2).equals("-")) {
                String key = m.group(1) + ":" + m.group(2) + "@" + Long.toUnsignedString(Long.parseUnsignedLong(m.group(3).substring(2), 16), 16)
                        + (m.group(5) != null ? " stmt" : "");
                expected.merge(key, 1, Integer::sum);
            }
        }
        Map<String, Integer> actual = new HashMap<>();
        LineTable lt = st.lineTable();
        for (LineTable.Sequence s : lt.sequences()) {
            for (LineTable.Row r : s.rows()) {
                if (!r.endSequence()) {
                    String key = SymbolTable.basename(lt.fileName(r.file())) + ":" + r.line() + "@"
                            + Long.toUnsignedString(r.address(), 16) + (r.isStmt() ? " stmt" : "");
                    actual.merge(key, 1, Integer::sum);
                }
            }
        }
        int total = expected.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("[oracle] %s: objdump decodedline rows %d, ours %d%n", v, total,
                actual.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(total > 50, "too few rows: " + total);
        assertEquals(expected, actual);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyTextAddressMatchesAddr2line(Fixtures.Variant v) throws Exception {
        Path elf = Fixtures.kernel(v);
        ElfImage image = ElfImage.read(elf);
        SymbolTable st = SymbolTable.load(image);
        ElfSection text = image.section(".text").orElseThrow();
        StringBuilder in = new StringBuilder();
        for (long a = text.addr(); a < text.addr() + text.size(); a++) {
            in.append("0x").append(Long.toHexString(a)).append('\n');
        }
        String[] out = Fixtures.run(List.of("addr2line", "-a", "-f", "-e", elf.toString()), null, in.toString()).split("\n");
        assertEquals(3 * text.size(), out.length);
        int compared = 0;
        List<Long> lineDiffAddrs = new ArrayList<>();
        List<String> lineDiffs = new ArrayList<>(), fnDiffs = new ArrayList<>();
        for (int i = 0; i < out.length; i += 3) {
            long a = Long.parseUnsignedLong(out[i].substring(2), 16);
            String fn = out[i + 1];
            String loc = out[i + 2].replaceAll(" \\(discriminator \\d+\\)$", "");
            Optional<SymbolTable.Symbolized> s = st.lookup(a);
            String ourLoc = s.isPresent() && s.get().file() != null ? s.get().file() + ":" + s.get().line() : "??:0";
            if (loc.endsWith(":?")) {
                loc = loc.substring(0, loc.length() - 1) + "0";
            }
            // addr2line -f names the innermost inlined function
            String ourFn = s.map(x -> x.inlined() != null ? x.inlined() : x.function()).orElse("??");
            compared++;
            if (!loc.equals(ourLoc)) {
                lineDiffAddrs.add(a);
                lineDiffs.add(String.format("0x%x addr2line %s ours %s", a, loc, ourLoc));
            }
            if (!fn.equals(ourFn)) {
                fnDiffs.add(String.format("0x%x addr2line %s ours %s", a, fn, ourFn));
            }
        }
        // Arbitrate file:line disagreements with gdb's "info line *ADDR". Known cause: addr2line of
        // binutils 2.40 resolves DWARF 5 file indexes off by one in some units (it names the primary
        // source file where the row says the header), while objdump --dwarf=decodedline and gdb agree with us.
        List<String> real = new ArrayList<>();
        int gdbAgrees = 0;
        if (!lineDiffAddrs.isEmpty()) {
            List<String> cmds = new ArrayList<>();
            for (long a : lineDiffAddrs.subList(0, Math.min(400, lineDiffAddrs.size()))) {
                cmds.add(String.format("info line *0x%x", a));
            }
            String[] g = Gdb.batch(elf, cmds).split("\n");
            Pattern p = Pattern.compile("^Line (\\d+) of \"([^\"]+)\".*");
            int k = 0;
            for (String line : g) {
                if (!line.startsWith("Line ") && !line.startsWith("No line number")) {
                    continue;
                }
                if (k >= lineDiffAddrs.size()) {
                    break;
                }
                long a = lineDiffAddrs.get(k);
                SymbolTable.Symbolized s = st.lookup(a).orElse(null);
                Matcher m = p.matcher(line);
                boolean agree = m.matches() && s != null && s.file() != null && s.line() == Integer.parseInt(m.group(1))
                        && s.file().endsWith("/" + m.group(2));
                if (agree) {
                    gdbAgrees++;
                } else {
                    real.add(lineDiffs.get(k) + " gdb: " + line);
                }
                k++;
            }
            if (lineDiffAddrs.size() > 400) {
                real.add((lineDiffAddrs.size() - 400) + " disagreements not arbitrated");
            }
        }
        System.out.printf("[oracle] %s: addr2line addresses %d, file:line disagreements %d (gdb agrees with us on %d),"
                + " function disagreements %d%n", v, compared, lineDiffs.size(), gdbAgrees, fnDiffs.size());
        assertEquals(List.of(), real.subList(0, Math.min(5, real.size())));
        assertEquals(List.of(), fnDiffs.subList(0, Math.min(5, fnDiffs.size())));
    }
}
