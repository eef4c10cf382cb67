package io.xenscope.debug.symbols;

import io.xenscope.boot.elf.ElfFormatException;
import io.xenscope.boot.elf.ElfImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Symbols of a guest image: the facade the debugger front ends use. Built from an {@link ElfImage};
 * DWARF (line tables, functions, call frame information) is used where present and sound, ELF
 * {@code .symtab} otherwise. Loading never fails because of debugging information: what could not be
 * read is listed in {@link #problems()} and the rest still works.
 */
public final class SymbolTable {
    /** What the debugger shows for an address. {@code file} is null (and line 0) without line info. */
    public record Symbolized(long address, String function, long offset, String inlined, String file, int line,
                             int column) {
        @Override
        public String toString() {
            String s = String.format("0x%x", address);
            if (function != null) {
                s += " <" + function + "+" + offset + ">";
            }
            if (inlined != null) {
                s += " [inlined " + inlined + "]";
            }
            if (file != null) {
                s += " at " + file + ":" + line;
            }
            return s;
        }
    }

    private final LineTable lines;
    private final Functions functions;
    private final CallFrameInfo frames;
    private final List<String> problems;
    private final Map<Functions.Function, Long> afterPrologue = new HashMap<>();
    private final List<io.xenscope.boot.elf.ElfSection> code;
    /** Defined .symtab symbols (objects, functions, untyped labels) by name; a global wins over a local. */
    private final Map<String, Long> elfSymbols = new HashMap<>();

    private SymbolTable(LineTable lines, Functions functions, CallFrameInfo frames, List<String> problems,
                        List<io.xenscope.boot.elf.ElfSection> code, List<io.xenscope.boot.elf.ElfSymbol> symbols) {
        this.code = code;
        for (io.xenscope.boot.elf.ElfSymbol y : symbols) {
            boolean named = y.type() == io.xenscope.boot.elf.ElfSymbol.STT_OBJECT
                    || y.type() == io.xenscope.boot.elf.ElfSymbol.STT_FUNC
                    || y.type() == io.xenscope.boot.elf.ElfSymbol.STT_NOTYPE;
            if (named && y.sectionIndex() != 0 && !y.name().isEmpty()
                    && (y.bind() != io.xenscope.boot.elf.ElfSymbol.STB_LOCAL || !elfSymbols.containsKey(y.name()))) {
                elfSymbols.put(y.name(), y.value());
            }
        }
        this.lines = lines;
        this.functions = functions;
        this.frames = frames;
        this.problems = Collections.unmodifiableList(problems);
    }

    /** Reads an ELF file; ELF errors are thrown, DWARF problems are only recorded. */
    public static SymbolTable read(Path elf) throws IOException, ElfFormatException {
        return load(ElfImage.read(elf));
    }

    /** A table with no symbols and no lines (an image without debug information, e.g. a raw boot disk). */
    public static SymbolTable none() {
        return load(new DwarfSections(), List.of(), new ArrayList<>(), List.of());
    }

    public static SymbolTable load(ElfImage image) {
        List<String> problems = new ArrayList<>();
        DwarfSections s = DwarfSections.of(image);
        if (s.notes.length() > 0) {
            problems.add(s.notes.toString().trim());
        }
        List<io.xenscope.boot.elf.ElfSection> code = new ArrayList<>();
        for (io.xenscope.boot.elf.ElfSection sec : image.sections()) {
            if ((sec.flags() & 0x4) != 0 && sec.type() == io.xenscope.boot.elf.ElfSection.SHT_PROGBITS) { // SHF_EXECINSTR
                code.add(sec);
            }
        }
        return load(s, image.symbols(), problems, code);
    }

    static SymbolTable load(DwarfSections s, List<io.xenscope.boot.elf.ElfSymbol> symbols, List<String> problems,
                            List<io.xenscope.boot.elf.ElfSection> code) {
        Functions functions;
        try {
            functions = Functions.parse(s, symbols);
        } catch (RuntimeException e) {
            // defensive: a parser bug must not take the debugger down with it
            problems.add(".debug_info: internal error " + e);
            functions = Functions.parse(new DwarfSections(), symbols);
        }
        problems.addAll(functions.problems());
        Map<Long, String> compDirs = new HashMap<>();
        for (Functions.CompileUnit cu : functions.units()) {
            if (cu.stmtList() >= 0 && cu.compDir() != null) {
                compDirs.put(cu.stmtList(), cu.compDir());
            }
        }
        LineTable lines;
        try {
            lines = LineTable.parse(s, compDirs);
        } catch (RuntimeException e) {
            problems.add(".debug_line: internal error " + e);
            lines = LineTable.empty();
        }
        problems.addAll(lines.problems());
        CallFrameInfo cfi;
        try {
            cfi = CallFrameInfo.parse(s);
        } catch (RuntimeException e) {
            problems.add("call frame information: internal error " + e);
            cfi = CallFrameInfo.parse(new DwarfSections());
        }
        problems.addAll(cfi.problems());
        if (!s.has(".debug_info") && !s.has(".debug_line")) {
            problems.add("no DWARF debugging information (build with -g for source lines); using ELF symbols only");
        }
        return new SymbolTable(lines, functions, cfi, problems, code, symbols);
    }

    public LineTable lineTable() {
        return lines;
    }

    public Functions functions() {
        return functions;
    }

    public CallFrameInfo callFrameInfo() {
        return frames;
    }

    /** Problems met while reading debugging information; empty when all of it was read. */
    public List<String> problems() {
        return problems;
    }

    public boolean hasLineInfo() {
        return !lines.isEmpty();
    }

    /** Function, offset and source position of an address; empty when nothing is known about it. */
    public Optional<Symbolized> lookup(long address) {
        Functions.Function f = functions.atOrPadding(address);
        LineTable.Location loc = lines.find(address);
        if (f == null && loc == null) {
            return Optional.empty();
        }
        String inl = null;
        if (f != null) {
            Functions.Inline i = f.inlineAt(address);
            inl = i == null ? null : i.name();
        }
        return Optional.of(new Symbolized(address, f == null ? null : f.name(), f == null ? 0 : address - f.entry(), inl,
                loc == null ? null : loc.file(), loc == null ? 0 : loc.line(), loc == null ? 0 : loc.column()));
    }

    /** One source position of the logical (inline-expanded) call stack at an address. */
    public record SourcePosition(String function, String file, int line, int column, boolean inlined) {
    }

    /**
     * The source positions at {@code address}, innermost first, with inlined calls expanded as gdb
     * shows them: the line-table position (in the innermost inlined function, if any), then each
     * inlined call's DW_AT_call_file:DW_AT_call_line in its caller, out to the concrete function.
     * Empty when nothing is known; a position's file may be null (no line information).
     */
    public List<SourcePosition> sourcePositions(long address) {
        List<SourcePosition> out = new ArrayList<>();
        Functions.Function f = functions.atOrPadding(address);
        LineTable.Location loc = lines.find(address);
        List<Functions.Inline> chain = new ArrayList<>();
        if (f != null) {
            for (Functions.Inline i : f.inlines()) {
                if (i.contains(address)) {
                    chain.add(i);
                }
            }
            chain.sort((a, b) -> Integer.compare(b.depth(), a.depth()));
        }
        if (f == null && loc == null) {
            return out;
        }
        String innermost = !chain.isEmpty() ? chain.get(0).name() : f == null ? null : f.name();
        out.add(new SourcePosition(innermost, loc == null ? null : loc.file(), loc == null ? 0 : loc.line(),
                loc == null ? 0 : loc.column(), !chain.isEmpty()));
        for (int k = 0; k < chain.size(); k++) {
            Functions.Inline i = chain.get(k);
            String caller = k + 1 < chain.size() ? chain.get(k + 1).name() : f.name();
            String file = f.unit() == null || f.unit().stmtList() < 0 ? null
                    : lines.unitFileName(f.unit().stmtList(), i.callFile());
            out.add(new SourcePosition(caller, file, i.callLine(), 0, k + 1 < chain.size()));
        }
        return out;
    }

    /**
     * Breakpoint addresses for {@code file:line} as gdb picks them: one per function (or inlined
     * instance) the line has code in; a line without code moves to the next line that has some; a
     * line at a function's entry moves past the prologue. {@code file} may be absolute, relative or a
     * bare file name.
     */
    public List<Long> addressesFor(String file, int line) {
        Predicate<String> match = fileMatcher(file);
        if (match == null) {
            return List.of();
        }
        List<Long> raw = lines.addressesFor(match, line, this::scopeOf);
        Set<Long> out = new LinkedHashSet<>();
        for (long a : raw) {
            Functions.Function f = functions.at(a);
            long post = f == null || f.fromSymbolTable() ? a : afterPrologue(f);
            if (f != null && a >= f.entry() && a < post) {
                out.add(post); // gdb's skip_prologue_sal: a location inside the prologue moves past it
            } else {
                out.add(a);
            }
        }
        List<Long> l = new ArrayList<>(out);
        Collections.sort(l);
        return l;
    }

    /**
     * The address range of the source line at {@code pc}, for "step over one line": keep stepping
     * while the pc stays in it (and step over calls). Null without line information for the pc.
     */
    public LineTable.Range stepRange(long pc) {
        return lines.lineRange(pc);
    }

    /** The line {@link #addressesFor} actually uses (the requested or the next with code), or -1. */
    public int resolvedLine(String file, int line) {
        Predicate<String> match = fileMatcher(file);
        return match == null ? -1 : lines.resolvedLine(match, line);
    }

    private Object scopeOf(long address) {
        Functions.Function f = functions.at(address);
        return f == null ? null : f.blockAt(address);
    }

    /**
     * Where a breakpoint on a function goes, as gdb 13 places it on x86-64 for gcc-built code: at the
     * DW_LNS_set_prologue_end row if the line table marks one; else, when the function opens with
     * {@code [endbr64] push %rbp; mov %rsp,%rbp}, at the start of the first line-table row after that
     * frame setup; else (a frameless function) at its entry. Without the code bytes it falls back to
     * the end of the opening line's rows (gdb's skip_prologue_using_sal).
     */
    public OptionalLong addressOf(String function) {
        List<Functions.Function> fs = functions.named(function);
        if (fs.isEmpty()) {
            return OptionalLong.empty();
        }
        Functions.Function f = fs.get(0);
        for (Functions.Function c : fs) {
            if (!c.fromSymbolTable()) {
                f = c;
                break;
            }
        }
        return OptionalLong.of(afterPrologue(f));
    }

    /**
     * All breakpoint addresses for a function name, as gdb sets them: past the prologue of each
     * out-of-line copy, and at the entry of each inlined instance. Sorted, without duplicates.
     */
    public List<Long> breakpointAddresses(String function) {
        Set<Long> out = new java.util.TreeSet<>();
        boolean dwarf = false;
        for (Functions.Function f : functions.named(function)) {
            if (!f.fromSymbolTable()) {
                out.add(afterPrologue(f));
                dwarf = true;
            }
        }
        for (Functions.Inline i : functions.inlinedInstances(function)) {
            out.add(i.entry());
            dwarf = true;
        }
        if (!dwarf) {
            addressOf(function).ifPresent(out::add);
        }
        return new ArrayList<>(out);
    }

    /** The value (address) of a defined ELF symbol: a global variable, a function, a label. */
    public OptionalLong elfSymbol(String name) {
        Long v = elfSymbols.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The entry address (low_pc / symbol value) of a function. */
    public OptionalLong entryOf(String function) {
        List<Functions.Function> fs = functions.named(function);
        return fs.isEmpty() ? OptionalLong.empty() : OptionalLong.of(fs.get(0).entry());
    }

    synchronized long afterPrologue(Functions.Function f) {
        return afterPrologue.computeIfAbsent(f, this::computeAfterPrologue);
    }

    private long computeAfterPrologue(Functions.Function f) {
        long entry = f.entry();
        long end = f.end();
        List<LineTable.Row> rows = lines.rowsIn(entry, end);
        if (rows.isEmpty() || rows.get(0).address() != entry) {
            return entry;
        }
        for (LineTable.Row r : rows) {
            if (r.prologueEnd()) {
                return r.address();
            }
        }
        if (f.unit() != null && f.unit().locationsValid()) {
            return entry; // gdb trusts GCC >= 4.5 code with location lists: no prologue skipping
        }
        int[] head = codeAt(entry, 8);
        if (head != null) {
            int i = 0;
            if (head[0] == 0xf3 && head[1] == 0x0f && head[2] == 0x1e && head[3] == 0xfa) {
                i = 4; // endbr64
            }
            boolean frame = head[i] == 0x55 && head[i + 1] == 0x48
                    && (head[i + 2] == 0x89 && head[i + 3] == 0xe5 || head[i + 2] == 0x8b && head[i + 3] == 0xec);
            if (!frame) {
                return entry; // frameless: gdb's amd64_analyze_prologue stops at the entry
            }
            long pc = entry + i + 4;
            // mid-line: advance to the start of the next row (if still in the function)
            LineTable.Location loc = lines.find(pc);
            if (loc != null && loc.address() != pc && loc.end() < end) {
                return loc.end();
            }
            return pc;
        }
        return prologueBySal(rows, entry);
    }

    /** gdb's skip_prologue_using_sal: the end of the rows of the function's opening line. */
    private static long prologueBySal(List<LineTable.Row> rows, long entry) {
        if (rows.size() > 1 && rows.get(1).address() == entry && rows.get(1).line() != 0) {
            return entry; // several rows at the entry: no prologue to skip (optimised code)
        }
        int prologueLine = rows.get(0).line();
        int i = 0;
        while (true) {
            long a = rows.get(i).address();
            int j = i;
            while (j < rows.size() && rows.get(j).address() == a) {
                j++;
            }
            if (j >= rows.size()) {
                return entry; // a single line covers the whole function
            }
            long boundary = rows.get(j).address();
            int k = j;
            while (k + 1 < rows.size() && rows.get(k + 1).address() == boundary) {
                k++;
            }
            LineTable.Row next = rows.get(k);
            if (next.line() == 0 || next.line() >= prologueLine) {
                return boundary;
            }
            i = j; // a smaller line number inside the prologue: skip it too
        }
    }

    /** {@code n} code bytes at an address from the image's executable sections, or null. */
    private int[] codeAt(long address, int n) {
        for (io.xenscope.boot.elf.ElfSection sec : code) {
            if (address >= sec.addr() && address + n <= sec.addr() + sec.data().length()) {
                int[] b = new int[n];
                for (int i = 0; i < n; i++) {
                    b[i] = sec.data().get((int) (address - sec.addr()) + i);
                }
                return b;
            }
        }
        return null;
    }

    /**
     * A predicate selecting the line-table files that {@code requested} names: exact path first, then
     * a path-suffix match in either direction (absolute editor path vs relative DWARF path), then the
     * same file name. Null if nothing matches.
     */
    Predicate<String> fileMatcher(String requested) {
        String req = LineTable.normalize(requested.replace('\\', '/'));
        List<String> files = lines.files();
        Set<String> exact = new LinkedHashSet<>(), suffix = new LinkedHashSet<>(), base = new LinkedHashSet<>();
        String reqBase = basename(req);
        for (String f : files) {
            if (f.equals(req)) {
                exact.add(f);
            } else if (f.endsWith("/" + req) || req.endsWith("/" + f)) {
                suffix.add(f);
            } else if (basename(f).equals(reqBase)) {
                base.add(f);
            }
        }
        Set<String> chosen = !exact.isEmpty() ? exact : !suffix.isEmpty() ? suffix : base;
        if (chosen.isEmpty()) {
            return null;
        }
        return chosen::contains;
    }

    static String basename(String p) {
        int i = p.lastIndexOf('/');
        return i < 0 ? p : p.substring(i + 1);
    }
}
