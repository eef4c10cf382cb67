package io.xenscope.debug.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.ElfSymbol;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The facade's behaviour on gcc-built kernels: lookups, path matching, stepping ranges, no-DWARF images. */
class SymbolTableTest {
    static Fixtures.Variant variant(String name) {
        return Fixtures.kernelVariants().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    static SymbolTable table(String name) throws Exception {
        return SymbolTable.read(Fixtures.kernel(variant(name)));
    }

    @Test
    void dwarf3LoadsToo() throws Exception {
        SymbolTable st = table("O1-dwarf3");
        assertTrue(st.problems().isEmpty(), st.problems().toString());
        assertEquals(3, st.functions().units().get(0).version());
        assertFalse(st.addressesFor("kern.c", 54).isEmpty());
    }

    @Test
    void pathsMatchAbsoluteRelativeAndBasename() throws Exception {
        Path elf = Fixtures.kernel(variant("O0dwarf-5-fp"));
        SymbolTable st = SymbolTable.read(elf);
        String abs = elf.getParent().resolve("src/kern.c").toString();
        List<Long> expected = st.addressesFor(abs, 66);
        assertEquals(1, expected.size());
        assertEquals(expected, st.addressesFor("src/kern.c", 66));
        assertEquals(expected, st.addressesFor("./src/kern.c", 66));
        assertEquals(expected, st.addressesFor("kern.c", 66));
        assertEquals(expected, st.addressesFor("/elsewhere/checkout/src/kern.c", 66), "another checkout: basename");
        assertEquals(expected, st.addressesFor(abs.replace('/', '\\'), 66), "Windows separators");
        assertEquals(expected, st.addressesFor(elf.getParent() + "/src/../src/kern.c", 66));
        assertEquals(List.of(), st.addressesFor("nosuch.c", 66));
        assertEquals(List.of(), st.addressesFor("kern.c", 100000));
        // lib.c lives in a subdirectory: DW_AT_comp_dir + "src/lib" + "lib.c"
        assertTrue(st.lineTable().files().contains(elf.getParent().resolve("src/lib/lib.c").toString()),
                st.lineTable().files().toString());
        assertTrue(st.lineTable().files().contains(elf.getParent().resolve("include/util.h").toString()));
    }

    @Test
    void lineWithoutCodeMovesToTheNextLineWithCode() throws Exception {
        SymbolTable st = table("O0dwarf-4-fp");
        // kern.c line 43 is a comment inside classify (42, 44 blank); line 45 "return -1;" has code
        assertEquals(45, st.resolvedLine("kern.c", 42));
        assertEquals(st.addressesFor("kern.c", 45), st.addressesFor("kern.c", 43));
        assertEquals(1, st.addressesFor("kern.c", 43).size());
    }

    @Test
    void lookupGivesFunctionOffsetFileAndLine() throws Exception {
        SymbolTable st = table("O0dwarf-5-fp");
        long entry = st.entryOf("classify").getAsLong();
        SymbolTable.Symbolized s = st.lookup(entry + 3).orElseThrow();
        assertEquals("classify", s.function());
        assertEquals(3, s.offset());
        assertTrue(s.file().endsWith("/src/kern.c"));
        assertEquals(28, s.line());
        Functions.Function f = st.functions().named("classify").get(0);
        assertEquals("DW_OP_call_frame_cfa", f.frameBaseDescription());
        assertTrue(st.lookup(0x1000).isEmpty());
    }

    @Test
    void inlinedFunctionsAreReported() throws Exception {
        SymbolTable st = table("O2dwarf-5-nofp");
        Functions.Function checksum = st.functions().named("checksum").get(0);
        assertTrue(checksum.inlines().stream().anyMatch(i -> i.name().equals("rotl")), checksum.inlines().toString());
        long inside = st.functions().inlinedInstances("rotl").get(0).ranges().get(0).start();
        SymbolTable.Symbolized s = st.lookup(inside).orElseThrow();
        assertEquals("checksum", s.function());
        assertEquals("rotl", s.inlined());
        assertTrue(s.file().endsWith("include/util.h"), s.toString());
    }

    @Test
    void stepRangeCoversTheWholeLine() throws Exception {
        SymbolTable st = table("O0dwarf-4-fp");
        for (long a : st.addressesFor("kern.c", 66)) {
            LineTable.Range r = st.lineTable().lineRange(a);
            assertNotNull(r);
            assertTrue(r.contains(a));
            int line = st.lookup(a).orElseThrow().line();
            for (long x = r.start(); x < r.end(); x++) {
                assertEquals(line, st.lookup(x).orElseThrow().line(), "inside the range");
            }
            assertTrue(st.lookup(r.end()).orElseThrow().line() != line, "the range ends where the line changes");
            assertTrue(r.start() == 0 || st.lookup(r.start() - 1).map(x -> x.line() != line).orElse(true));
        }
        assertNull(st.lineTable().lineRange(0x1000));
    }

    @Test
    void guestWithoutDebugInfoUsesElfSymbols() throws Exception {
        Path elf = Fixtures.kernel(Fixtures.NO_DEBUG);
        ElfImage image = ElfImage.read(elf);
        SymbolTable st = SymbolTable.load(image);
        assertFalse(st.hasLineInfo());
        assertTrue(st.problems().stream().anyMatch(p -> p.contains("no DWARF")), st.problems().toString());
        ElfSymbol km = image.symbol("kernel_main").orElseThrow();
        assertEquals(OptionalLong.of(km.value()), st.addressOf("kernel_main"));
        SymbolTable.Symbolized s = st.lookup(km.value() + 5).orElseThrow();
        assertEquals("kernel_main", s.function());
        assertEquals(5, s.offset());
        assertNull(s.file());
        assertEquals(List.of(), st.addressesFor("kern.c", 60));
        assertTrue(st.addressOf("no_such_function").isEmpty());
        assertFalse(st.callFrameInfo().fdes().isEmpty(), ".eh_frame is there without -g");
    }

    // ---------------------------------------------------------------------------------------------
    // Unwinder edge cases on synthetic stacks

    static CallFrameInfo.Memory memory(Map<Long, Long> words) {
        return a -> words.containsKey(a) ? OptionalLong.of(words.get(a)) : OptionalLong.empty();
    }

    @Test
    void framePointerLoopIsDetected() throws Exception {
        SymbolTable st = SymbolTable.read(Fixtures.kernel(Fixtures.NO_DEBUG));
        long pc = st.entryOf("fib").getAsLong() + 40; // fib has no CFI lookups needed: force FP by an empty table
        SymbolTable noCfi = SymbolTable.load(new DwarfSections(), List.of(), new ArrayList<>(), List.of());
        Map<Long, Long> m = new HashMap<>();
        m.put(0x8000L, 0x8000L); // saved rbp points to itself
        m.put(0x8008L, pc);
        Unwinder.Backtrace bt = new Unwinder(noCfi, 100).unwind(Registers.of(pc, 0x7f00, 0x8000), memory(m));
        assertTrue(bt.stopReason().contains("did not grow"), bt.stopReason());
        assertTrue(bt.frames().size() <= 3);
        assertNotNull(st);
    }

    @Test
    void frameLimitStopsALongChain() {
        SymbolTable noCfi = SymbolTable.load(new DwarfSections(), List.of(), new ArrayList<>(), List.of());
        Map<Long, Long> m = new HashMap<>();
        for (long i = 0; i < 1000; i++) {
            long rbp = 0x10000 + i * 16;
            m.put(rbp, rbp + 16);
            m.put(rbp + 8, 0x400000 + i);
        }
        Unwinder.Backtrace bt = new Unwinder(noCfi, 10).unwind(Registers.of(0x400000, 0xff00, 0x10000), memory(m));
        assertEquals(10, bt.frames().size());
        assertTrue(bt.stopReason().contains("frame limit"), bt.stopReason());
    }

    @Test
    void cfaExpressionIsReportedAndTheFramePointerUsed() throws Exception {
        // .debug_frame: CIE (v1, code 1, data -8, ra 16; def_cfa rsp+8; ra at cfa-8) and an FDE for
        // [0x1000, 0x1100) whose CFA is DW_CFA_def_cfa_expression { DW_OP_breg7 +8 }.
        byte[] cie = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 0, 1, 0x78, 16, 0x0c, 7, 8, (byte) 0x90, 1};
        byte[] fdeBody = new byte[4 + 8 + 8 + 4];
        int k = 4; // CIE pointer 0
        fdeBody[k] = 0x00;
        fdeBody[k + 1] = 0x10; // 0x1000 little-endian
        k += 8;
        fdeBody[k] = 0x00;
        fdeBody[k + 1] = 0x01; // range 0x100
        k += 8;
        fdeBody[k++] = 0x0f;
        fdeBody[k++] = 2;
        fdeBody[k++] = 0x77;
        fdeBody[k] = 8;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        writeEntry(out, cie);
        writeEntry(out, fdeBody);
        DwarfSections s = new DwarfSections().put(".debug_frame", out.toByteArray(), 0);
        SymbolTable st = SymbolTable.load(s, List.of(), new ArrayList<>(), List.of());
        CallFrameInfo.FrameRow row = st.callFrameInfo().rowFor(0x1010);
        assertNotNull(row);
        assertNotNull(row.cfaExpression());
        Map<Long, Long> m = new HashMap<>();
        m.put(0x9000L, 0L);
        m.put(0x9008L, 0x1234L);
        Unwinder.Backtrace bt = new Unwinder(st, 10).unwind(Registers.of(0x1010, 0x8f00, 0x9000), memory(m));
        assertTrue(bt.frames().get(0).note().contains("DW_CFA_def_cfa_expression"), bt.frames().get(0).toString());
        assertEquals(Unwinder.Method.FRAME_POINTER, bt.frames().get(0).callerFoundBy());
        assertEquals(0x1234L, bt.frames().get(1).pc());
    }

    private static void writeEntry(java.io.ByteArrayOutputStream out, byte[] body) {
        int len = body.length;
        out.write(len);
        out.write(len >> 8);
        out.write(len >> 16);
        out.write(len >> 24);
        out.write(body, 0, body.length);
    }
}
