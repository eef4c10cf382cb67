package io.xenscope.debug.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "Break on line N" and "break on function" against gdb 13 setting the same breakpoints on the same
 * ELF file (no inferior; gdb's Python API lists each breakpoint's locations).
 */
class BreakpointOracleTest {
    static List<Fixtures.Variant> variants() {
        return Fixtures.kernelVariants();
    }

    static final String[] SOURCES = {"src/kern.c", "src/lib/lib.c", "include/util.h"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void lineAndFunctionBreakpointsMatchGdb(Fixtures.Variant v) throws Exception {
        Path elf = Fixtures.kernel(v);
        SymbolTable st = SymbolTable.read(elf);
        Map<String, Set<Long>> ours = new LinkedHashMap<>();
        for (String src : SOURCES) {
            int n = Files.readAllLines(elf.getParent().resolve(src)).size();
            for (int line = 1; line <= n + 1; line++) {
                // alternate the spellings an editor or user might send: relative, absolute, basename
                String spec = switch (line % 3) {
                    case 0 -> src;
                    case 1 -> elf.getParent().resolve(src).toString();
                    default -> Path.of(src).getFileName().toString();
                };
                ours.put(spec + ":" + line, new TreeSet<>(st.addressesFor(spec, line)));
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (Functions.Function f : st.functions().all()) {
            if (!f.fromSymbolTable()) {
                names.add(f.name());
                for (Functions.Inline i : f.inlines()) {
                    names.add(i.name());
                }
            }
        }
        for (String name : names) {
            ours.put(name, new TreeSet<>(st.breakpointAddresses(name)));
        }
        Path script = Files.createTempFile("bp", ".py");
        try {
            StringBuilder py = new StringBuilder("import gdb\nspecs = [\n");
            for (String spec : ours.keySet()) {
                py.append("  '").append(spec).append("',\n");
            }
            py.append("]\nfor spec in specs:\n"
                    + "    try:\n"
                    + "        b = gdb.Breakpoint(spec)\n"
                    + "        print('@@', spec, ' '.join(hex(l.address) for l in b.locations))\n"
                    + "        b.delete()\n"
                    + "    except gdb.error as e:\n"
                    + "        print('@@', spec)\n");
            Files.writeString(script, py);
            String out = Gdb.batch(elf, List.of("source " + script));
            Map<String, Set<Long>> gdb = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("@@ ")) {
                    String[] parts = line.substring(3).trim().split(" ");
                    Set<Long> addrs = new TreeSet<>();
                    for (int i = 1; i < parts.length; i++) {
                        addrs.add(Long.parseUnsignedLong(parts[i].substring(2), 16));
                    }
                    gdb.put(parts[0], addrs);
                }
            }
            assertEquals(ours.size(), gdb.size(), "gdb answered every breakpoint");
            List<String> diffs = new ArrayList<>();
            int lineSpecs = 0, withCode = 0;
            for (Map.Entry<String, Set<Long>> e : ours.entrySet()) {
                Set<Long> g = gdb.get(e.getKey());
                if (e.getKey().contains(":")) {
                    lineSpecs++;
                    if (!g.isEmpty()) {
                        withCode++;
                    }
                }
                if (!g.equals(e.getValue())) {
                    diffs.add(e.getKey() + " gdb " + hex(g) + " ours " + hex(e.getValue()));
                }
            }
            System.out.printf("[oracle] %s: gdb breakpoints compared %d (%d file:line, %d of them with code; %d functions),"
                    + " disagreements %d%n", v, ours.size(), lineSpecs, withCode, names.size(), diffs.size());
            diffs.forEach(d -> System.out.println("[oracle]   " + d));
            assertTrue(withCode > 20);
            assertEquals(List.of(), diffs);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String hex(Set<Long> s) {
        List<String> l = new ArrayList<>();
        for (long a : s) {
            l.add(Long.toHexString(a));
        }
        return l.toString();
    }
}
