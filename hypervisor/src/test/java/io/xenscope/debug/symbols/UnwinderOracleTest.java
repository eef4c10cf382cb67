package io.xenscope.debug.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unwinder on a real stack. A hosted test program (resources/dwarf/snapshot.c) prints its own
 * rip/rsp/rbp and a copy of its stack from inside main → level1 → level2 (called through a pointer)
 * → level3 → level3 → level3 → snap. We unwind that snapshot (memory = the stack copy only) and
 * compare the callers' return addresses and functions with gdb's backtrace of the same program
 * stopped in snap. Frame 0 differs by construction (gdb stops at snap's breakpoint), so it is
 * compared by function only.
 */
class UnwinderOracleTest {
    static List<Fixtures.Variant> variants() {
        return List.of(
                new Fixtures.Variant("O0-fp", List.of("-O0", "-g", "-fno-omit-frame-pointer")),
                new Fixtures.Variant("O0-nofp", List.of("-O0", "-g", "-fomit-frame-pointer")),
                new Fixtures.Variant("O2-fp", List.of("-O2", "-g", "-fno-omit-frame-pointer")),
                new Fixtures.Variant("O2-nofp", List.of("-O2", "-g", "-fomit-frame-pointer")),
                new Fixtures.Variant("O2-dwarf4-nofp", List.of("-O2", "-gdwarf-4", "-fomit-frame-pointer")),
                new Fixtures.Variant("O2-debug_frame", List.of("-O2", "-g", "-fomit-frame-pointer",
                        "-fno-asynchronous-unwind-tables", "-fno-unwind-tables")),
                // no CFI for the program's own functions and no DWARF: frame-pointer unwinding over ELF symbols
                new Fixtures.Variant("O1-fp-no-cfi", List.of("-O1", "-fno-omit-frame-pointer",
                        "-fno-asynchronous-unwind-tables", "-fno-unwind-tables")));
    }

    record Snapshot(Registers regs, long base, byte[] stack) implements CallFrameInfo.Memory {
        @Override
        public OptionalLong read64(long address) {
            long off = address - base;
            if (off < 0 || off + 8 > stack.length) {
                return OptionalLong.empty();
            }
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (stack[(int) off + i] & 0xff);
            }
            return OptionalLong.of(v);
        }
    }

    static Snapshot snapshot(Path program) {
        String[] out = Fixtures.run(List.of(program.toString()), program.getParent()).split("\n");
        String[] regs = out[0].split(" ");
        String[] stack = out[1].split(" ");
        Registers r = Registers.of(Long.parseUnsignedLong(regs[1], 16), Long.parseUnsignedLong(regs[2], 16),
                Long.parseUnsignedLong(regs[3], 16));
        return new Snapshot(r, Long.parseUnsignedLong(stack[1], 16), HexFormat.of().parseHex(out[2].trim()));
    }

    private static final Pattern BT = Pattern.compile("^#(\\d+)\\s+(?:0x([0-9a-f]+) in )?(\\S+) .*");

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void backtraceMatchesGdb(Fixtures.Variant v) throws Exception {
        Path program = Fixtures.snapshotProgram(v);
        SymbolTable st = SymbolTable.read(program);
        Snapshot snap = snapshot(program);
        Unwinder.Backtrace bt = new Unwinder(st, 64).unwind(snap.regs(), snap);

        String gdbOut = Fixtures.run(List.of("gdb", "-nx", "-batch", "-ex", "break snap", "-ex", "run", "-ex", "bt",
                program.toString()), program.getParent(), null, true);
        List<Long> gdbPcs = new ArrayList<>();
        List<String> gdbFns = new ArrayList<>();
        for (String line : gdbOut.split("\n")) {
            Matcher m = BT.matcher(line);
            if (m.matches()) {
                gdbPcs.add(m.group(2) == null ? -1 : Long.parseUnsignedLong(m.group(2), 16));
                gdbFns.add(m.group(3));
            }
        }
        assertEquals(List.of("snap", "level3", "level3", "level3", "level2", "level1", "main"), gdbFns,
                "gdb's backtrace:\n" + gdbOut);
        List<String> ourFns = new ArrayList<>();
        List<Long> ourPcs = new ArrayList<>();
        for (Unwinder.Frame f : bt.frames()) {
            ourFns.add(f.function());
            ourPcs.add(f.pc());
            if ("main".equals(f.function())) {
                break;
            }
        }
        System.out.printf("[oracle] unwind %s: %d frames to main, gdb %d; methods %s; stop: %s%n", v, ourFns.size(),
                gdbFns.size(), bt.frames().stream().map(f -> f.callerFoundBy().name()).toList(), bt.stopReason());
        assertEquals(gdbFns, ourFns, bt.frames().toString());
        assertEquals(gdbPcs.subList(1, gdbPcs.size()), ourPcs.subList(1, ourPcs.size()));
        if (st.hasLineInfo()) {
            for (Unwinder.Frame f : bt.frames().subList(0, ourFns.size())) {
                assertTrue(f.file() != null && f.file().endsWith("snapshot.c") && f.line() > 0, f.toString());
            }
        }
    }
}
