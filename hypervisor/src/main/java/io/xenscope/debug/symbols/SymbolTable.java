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

    private SymbolTable(LineTable lines, Functions functions, CallFrameInfo frames, List<String> problems) {
        this.lines = lines;
        this.functions = functions;
        this.frames = frames;
        this.problems = Collections.unmodifiableList(problems);
    }

    /** Reads an ELF file; ELF errors are thrown, DWARF problems are only recorded. */
    public static SymbolTable read(Path elf) throws IOException, ElfFormatException {
        return load(ElfImage.read(elf));
    }

    public static SymbolTable load(ElfImage image) {
        List<String> problems = new ArrayList<>();
        DwarfSections s = DwarfSections.of(image);
        if (s.notes.length() > 0) {
            problems.add(s.notes.toString().trim());
        }
        return load(s, image.symbols(), problems);
    }

    static SymbolTable load(DwarfSections s, List<io.xenscope.boot.elf.ElfSymbol> symbols, List<String> problems) {
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
        return new SymbolTable(lines, functions, cfi, problems);
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
            if (f != null && !f.fromSymbolTable() && f.entry() == a) {
                out.add(afterPrologue(f));
            } else {
                out.add(a);
            }
        }
        List<Long> l = new ArrayList<>(out);
        Collections.sort(l);
        return l;
    }

    /** The line {@link #addressesFor} actually uses (the requested or the next with code), or -1. */
    public int resolvedLine(String file, int line) {
        Predicate<String> match = fileMatcher(file);
        return match == null ? -1 : lines.resolvedLine(match, line);
    }

    private Object scopeOf(long address) {
        Functions.Function f = functions.at(address);
        if (f == null) {
            return null;
        }
        Functions.Inline i = f.inlineAt(address);
        return i != null ? i : f;
    }

    /**
     * Where a breakpoint on a function goes: past its prologue (the end of the line-table rows of the
     * function's opening line, as gdb's skip_prologue_using_sal), or its entry without line info.
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
        if (rows.size() > 1 && rows.get(1).address() == entry && rows.get(1).line() != 0) {
            return entry; // several rows at the entry: no prologue to skip (optimised code)
        }
        int prologueLine = rows.get(0).line();
        long boundary = entry;
        int i = 0;
        while (true) {
            // the end of the row block starting at rows[i]: the first row with a greater address
            long a = rows.get(i).address();
            int j = i;
            while (j < rows.size() && rows.get(j).address() == a) {
                j++;
            }
            if (j >= rows.size()) {
                return entry; // a single line covers the whole function
            }
            boundary = rows.get(j).address();
            // the covering row at the boundary is the last at that address
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
