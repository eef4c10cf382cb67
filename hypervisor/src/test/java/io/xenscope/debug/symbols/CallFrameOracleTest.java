package io.xenscope.debug.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CFA rule table of every FDE in .eh_frame and .debug_frame against {@code readelf -wF}
 * (binutils' interpretation of the call frame instructions), row by row.
 */
class CallFrameOracleTest {
    static List<Fixtures.Variant> variants() {
        List<Fixtures.Variant> v = new java.util.ArrayList<>(Fixtures.kernelVariants());
        v.add(new Fixtures.Variant("hosted-cleanup-zPLR", List.of()));
        return v;
    }

    private static final Pattern FDE = Pattern.compile("^[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\\.\\.([0-9a-f]+)");
    private static final Pattern ROW = Pattern.compile("^([0-9a-f]{16}) (.*)$");

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyFdeRowMatchesReadelf(Fixtures.Variant v) throws Exception {
        Path elf = v.name().startsWith("hosted") ? Fixtures.cleanupProgram() : Fixtures.kernel(v);
        SymbolTable st = SymbolTable.read(elf);
        CallFrameInfo cfi = st.callFrameInfo();
        assertTrue(cfi.problems().isEmpty(), cfi.problems().toString());
        String out = Fixtures.run(List.of("readelf", "-wF", elf.toString()), null);
        String section = null;
        List<String> columns = null;
        boolean inFde = false;
        int fdes = 0, rows = 0;
        List<String> diffs = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("Contents of the .eh_frame")) {
                section = ".eh_frame";
            } else if (line.startsWith("Contents of the .debug_frame")) {
                section = ".debug_frame";
            }
            Matcher f = FDE.matcher(line);
            if (f.find()) {
                inFde = true;
                fdes++;
                columns = null;
                long start = Long.parseUnsignedLong(f.group(1), 16);
                CallFrameInfo.Fde fde = cfi.fdeFor(start);
                if (fde == null || fde.start() != start || !fde.section().equals(section)) {
                    diffs.add("no FDE of ours for " + section + " pc=" + f.group(1));
                }
                continue;
            }
            if (line.contains(" CIE ")) {
                inFde = false;
                continue;
            }
            if (!inFde) {
                continue;
            }
            if (line.trim().startsWith("LOC")) {
                columns = List.of(line.trim().split("\\s+"));
                continue;
            }
            Matcher r = ROW.matcher(line);
            if (r.matches() && columns != null) {
                long loc = Long.parseUnsignedLong(r.group(1), 16);
                List<String> vals = List.of(r.group(2).trim().split("\\s+"));
                CallFrameInfo.FrameRow row = cfi.rowFor(loc);
                rows++;
                if (row == null) {
                    diffs.add(String.format("0x%x: no row of ours", loc));
                    continue;
                }
                List<String> ours = new ArrayList<>();
                ours.add(row.cfaExpression() != null ? "exp" : Expressions.reg(row.cfaRegister())
                        + (row.cfaOffset() >= 0 ? "+" : "") + row.cfaOffset());
                for (int c = 2; c < columns.size(); c++) {
                    String name = columns.get(c);
                    int reg = name.equals("ra") ? 16 : List.of(Expressions.REGS).indexOf(name);
                    ours.add(describe(row.rules().get(reg)));
                }
                if (!ours.equals(vals)) {
                    diffs.add(String.format("0x%x: readelf %s ours %s", loc, vals, ours));
                }
            }
        }
        System.out.printf("[oracle] %s: readelf -wF FDEs %d, rows %d, disagreements %d%n", v, fdes, rows, diffs.size());
        assertTrue(fdes >= 5);
        if (v.name().startsWith("hosted")) {
            assertTrue(cfi.fdes().stream().anyMatch(x -> x.cie().augmentation().equals("zPLR")), "a zPLR CIE");
        }
        assertEquals(fdes, cfi.fdes().size(), "FDE count");
        assertEquals(List.of(), diffs.subList(0, Math.min(10, diffs.size())));
    }

    static String describe(CallFrameInfo.Rule r) {
        if (r == null) {
            return "u";
        }
        return switch (r.kind()) {
            case UNDEFINED -> "u";
            case SAME_VALUE -> "s";
            case OFFSET -> "c" + (r.operand() >= 0 ? "+" : "") + r.operand();
            case VAL_OFFSET -> "v" + (r.operand() >= 0 ? "+" : "") + r.operand();
            case REGISTER -> Expressions.reg((int) r.operand());
            case EXPRESSION -> "exp";
            case VAL_EXPRESSION -> "vexp";
        };
    }
}
