package io.xenscope.debug.symbols;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The DWARF 2-5 line number programs of an image (DWARF 5 section 6.2), decoded into rows grouped
 * by sequence.
 *
 * <p>Row semantics: a row covers [row.address, next row's address) within its sequence; when several
 * rows share an address only the last one covers code (the earlier ones have empty ranges), which is
 * what addr2line (bfd) and gdb report for an address. The end_sequence row covers nothing.
 *
 * <p>A malformed unit is reported in {@link #problems()} and skipped (rows decoded before the fault in
 * that unit are dropped with it, since a sequence without its end is unreliable); other units still load.
 */
public final class LineTable {
    /** One row of the line number matrix. {@code file} indexes {@link #files()}. */
    public record Row(long address, int file, int line, int column, boolean isStmt, boolean prologueEnd,
                      boolean endSequence, int discriminator) {
    }

    /** A contiguous run of rows ending with an end_sequence row (whose address is {@code end}). */
    public record Sequence(long start, long end, List<Row> rows) {
    }

    /** What is at an address: the row that covers it and that row's range [address, end). */
    public record Location(String file, int line, int column, boolean isStmt, long address, long end) {
    }

    /** An address range [start, end). */
    public record Range(long start, long end) {
        public boolean contains(long a) {
            return a >= start && a < end;
        }
    }

    private final List<String> files;
    private final List<Sequence> sequences;
    private final long[] maxEnd;
    private final List<String> problems;
    private final Map<Long, int[]> unitFiles;

    private LineTable(List<String> files, List<Sequence> sequences, List<String> problems) {
        this(files, sequences, problems, Map.of());
    }

    private LineTable(List<String> files, List<Sequence> sequences, List<String> problems, Map<Long, int[]> unitFiles) {
        this.unitFiles = unitFiles;
        this.files = Collections.unmodifiableList(files);
        List<Sequence> s = new ArrayList<>(sequences);
        s.sort(Comparator.comparingLong(Sequence::start));
        this.sequences = Collections.unmodifiableList(s);
        this.maxEnd = new long[s.size()];
        long m = Long.MIN_VALUE;
        for (int i = 0; i < s.size(); i++) {
            m = Math.max(m, s.get(i).end());
            maxEnd[i] = m;
        }
        this.problems = Collections.unmodifiableList(problems);
    }

    static LineTable empty() {
        return new LineTable(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    /** All full paths the rows refer to. */
    public List<String> files() {
        return files;
    }

    public List<Sequence> sequences() {
        return sequences;
    }

    /** Malformed units skipped while loading, one message each. */
    public List<String> problems() {
        return problems;
    }

    public boolean isEmpty() {
        return sequences.isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Queries

    /** The row covering {@code address}, or null when no sequence covers it. */
    public Location find(long address) {
        int[] at = locate(address);
        if (at == null) {
            return null;
        }
        Sequence s = sequences.get(at[0]);
        Row r = s.rows().get(at[1]);
        return new Location(files.get(r.file()), r.line(), r.column(), r.isStmt(), r.address(), nextAddress(s, at[1]));
    }

    /** [sequence index, row index] of the row covering the address, or null. */
    private int[] locate(long address) {
        int hi = lastStartAtOrBefore(address);
        for (int i = hi; i >= 0 && maxEnd[i] > address; i--) {
            Sequence s = sequences.get(i);
            if (address >= s.start() && address < s.end()) {
                List<Row> rows = s.rows();
                int lo = 0, h = rows.size() - 2; // last row is end_sequence
                int best = -1;
                while (lo <= h) {
                    int mid = (lo + h) >>> 1;
                    if (rows.get(mid).address() <= address) {
                        best = mid;
                        lo = mid + 1;
                    } else {
                        h = mid - 1;
                    }
                }
                if (best >= 0) {
                    return new int[] {i, best};
                }
            }
        }
        return null;
    }

    private int lastStartAtOrBefore(long address) {
        int lo = 0, hi = sequences.size() - 1, best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sequences.get(mid).start() <= address) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    private static long nextAddress(Sequence s, int index) {
        long a = s.rows().get(index).address();
        for (int j = index + 1; j < s.rows().size(); j++) {
            if (s.rows().get(j).address() > a) {
                return s.rows().get(j).address();
            }
        }
        return s.end();
    }

    /**
     * The address range of the source line at {@code address}, for stepping over a line: the covering
     * row's range widened over the neighbouring rows of the same sequence that have the same file and
     * line. Stepping stops once the pc leaves this range. Null when no row covers the address.
     */
    public Range lineRange(long address) {
        int[] at = locate(address);
        if (at == null) {
            return null;
        }
        Sequence s = sequences.get(at[0]);
        List<Row> rows = s.rows();
        Row r = rows.get(at[1]);
        int first = at[1];
        while (first > 0 && sameLine(rows.get(first - 1), r)) {
            first--;
        }
        int last = at[1];
        while (last + 1 < rows.size() - 1 && sameLine(rows.get(last + 1), r)) {
            last++;
        }
        // the range ends at the first row after 'last' with a greater address
        return new Range(rows.get(first).address(), nextAddress(s, last));
    }

    private static boolean sameLine(Row a, Row b) {
        return a.file() == b.file() && a.line() == b.line() && !a.endSequence() && !b.endSequence();
    }

    /**
     * Breakpoint candidates for a source line, as gdb chooses them: the is_stmt entries of that line in
     * files accepted by {@code fileMatch}; when the line has none, those of the next greater line that
     * has some; of these, the lowest address per {@code scopeOf} (the innermost block the address is
     * in; addresses in no known block group by sequence). Sorted by address.
     *
     * <p>Entries are those of gdb's per-file line tables ({@link #breakpointTable}), which drop rows
     * that cover no code because the next row at the same address switches file.
     */
    public List<Long> addressesFor(Predicate<String> fileMatch, int line, LongFunction<Object> scopeOf) {
        List<List<long[]>> tables = breakpointTables();
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (fileMatch.test(files.get(i))) {
                chosen.add(i);
            }
        }
        int best = resolvedLine(chosen, tables, line);
        if (best < 0) {
            return List.of();
        }
        Map<Object, Long> perScope = new java.util.LinkedHashMap<>();
        for (int f : chosen) {
            for (long[] e : tables.get(f)) {
                if (e[2] != 0 && e[1] == best) {
                    Object scope = scopeOf == null ? null : scopeOf.apply(e[0]);
                    if (scope == null) {
                        scope = sequenceOf(e[0]);
                    }
                    perScope.merge(scope, e[0], Math::min);
                }
            }
        }
        List<Long> out = new ArrayList<>(perScope.values());
        Collections.sort(out);
        return out;
    }

    private Object sequenceOf(long address) {
        int[] at = locate(address);
        return at == null ? Long.valueOf(address) : sequences.get(at[0]);
    }

    private static int resolvedLine(List<Integer> chosen, List<List<long[]>> tables, int line) {
        int best = Integer.MAX_VALUE;
        for (int f : chosen) {
            for (long[] e : tables.get(f)) {
                if (e[2] != 0 && e[1] >= line && e[1] < best) {
                    best = (int) e[1];
                }
            }
        }
        return best == Integer.MAX_VALUE ? -1 : best;
    }

    /** The line that {@link #addressesFor} settles on (the requested one or the next with code), or -1. */
    public int resolvedLine(Predicate<String> fileMatch, int line) {
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (fileMatch.test(files.get(i))) {
                chosen.add(i);
            }
        }
        return resolvedLine(chosen, breakpointTables(), line);
    }

    private List<List<long[]>> breakpointTables;

    /**
     * gdb's per-file line tables, built as gdb's DWARF reader (lnp_state_machine::record_line and
     * buildsym's record_line) builds them: entries {address, line, is_stmt}; line 0 marks the end of a
     * run. A change of file ends the previous file's run at that address and deletes its entries at
     * that same address (they cover no code); a non-stmt row at an address that already had an is_stmt
     * row is ignored when it switches file; repeated rows of a line with a non-zero discriminator are
     * coalesced. Sorted by address, end markers first at equal addresses.
     */
    public synchronized List<List<long[]>> breakpointTables() {
        if (breakpointTables != null) {
            return breakpointTables;
        }
        List<List<long[]>> t = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            t.add(new ArrayList<>());
        }
        for (Sequence s : sequences) {
            int lastFile = -1;
            long lastLine = 0;
            long lastAddr = 0;
            boolean stmtAtAddr = false;
            boolean nzd = false;
            long prevRowLine = 1;
            for (Row r : s.rows()) {
                boolean end = r.endSequence();
                if (r.line() != prevRowLine) {
                    nzd = r.discriminator() != 0;
                } else {
                    nzd |= r.discriminator() != 0;
                }
                prevRowLine = r.line();
                boolean fileChanged = lastFile != r.file();
                boolean ignore = (fileChanged && !end && lastAddr == r.address() && !r.isStmt() && stmtAtAddr)
                        || (!end && r.line() == 0);
                if ((fileChanged && !ignore) || end) {
                    finishRun(t, lastFile, r.address());
                }
                if (!end && !ignore && (r.file() != lastFile || r.line() != lastLine || !nzd)) {
                    lastFile = r.file();
                    t.get(r.file()).add(new long[] {r.address(), r.line(), r.isStmt() ? 1 : 0});
                    lastLine = r.line();
                }
                if (lastAddr != r.address()) {
                    stmtAtAddr = false;
                    lastAddr = r.address();
                }
                stmtAtAddr |= r.isStmt();
            }
        }
        for (List<long[]> l : t) {
            l.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Boolean.compare(a[1] != 0, b[1] != 0));
        }
        breakpointTables = t;
        return t;
    }

    private static void finishRun(List<List<long[]>> t, int file, long address) {
        if (file < 0) {
            return;
        }
        List<long[]> l = t.get(file);
        Long lastLine = null;
        while (!l.isEmpty()) {
            long[] last = l.get(l.size() - 1);
            lastLine = last[1];
            if (last[0] != address) {
                break;
            }
            l.remove(l.size() - 1);
        }
        if (lastLine == null || lastLine == 0) {
            return;
        }
        l.add(new long[] {address, 0, 1});
    }

    /** Rows (not end_sequence) whose address lies in [start, end), in address order. */
    public List<Row> rowsIn(long start, long end) {
        List<Row> out = new ArrayList<>();
        for (Sequence s : sequences) {
            if (s.end() <= start || s.start() >= end) {
                continue;
            }
            for (Row r : s.rows()) {
                if (!r.endSequence() && r.address() >= start && r.address() < end) {
                    out.add(r);
                }
            }
        }
        out.sort(Comparator.comparingLong(Row::address)); // stable: program order kept at equal addresses
        return out;
    }

    public String fileName(int index) {
        return files.get(index);
    }

    /**
     * The full path of file number {@code index} of the line program at {@code .debug_line} offset
     * {@code stmtList} (a CU's DW_AT_stmt_list), as DW_AT_call_file and DW_AT_decl_file number them;
     * null when unknown.
     */
    public String unitFileName(long stmtList, int index) {
        int[] map = unitFiles.get(stmtList);
        if (map == null || index < 0 || index >= map.length || map[index] < 0) {
            return null;
        }
        return files.get(map[index]);
    }

    // ---------------------------------------------------------------------------------------------
    // Parsing

    /**
     * Decodes every unit of {@code .debug_line}. {@code compDirs} maps a unit's offset (the CU's
     * DW_AT_stmt_list) to the CU's DW_AT_comp_dir, needed to complete relative paths (DWARF 5 also
     * records it as directory 0). Never throws for malformed input: bad units go to {@link #problems()}.
     */
    static LineTable parse(DwarfSections sections, Map<Long, String> compDirs) {
        List<String> problems = new ArrayList<>();
        List<String> files = new ArrayList<>();
        Map<String, Integer> fileIndex = new HashMap<>();
        List<Sequence> sequences = new ArrayList<>();
        Map<Long, int[]> unitFiles = new HashMap<>();
        byte[] data = sections.get(".debug_line");
        if (data == null) {
            return new LineTable(files, sequences, problems);
        }
        DwarfReader r = new DwarfReader(".debug_line", data);
        while (!r.atEnd()) {
            int unitStart = r.pos();
            try {
                int[] offsetSize = new int[1];
                long length = r.initialLength(offsetSize);
                DwarfReader unit = r.sub(length);
                List<Sequence> got = new ArrayList<>();
                parseUnit(unit, unitStart, offsetSize[0], sections, compDirs.get((long) unitStart), files, fileIndex, got,
                        unitFiles);
                sequences.addAll(got);
            } catch (DwarfFormatException e) {
                problems.add(e.getMessage());
                break; // the unit's length is unreliable: we cannot find the next unit
            }
        }
        return new LineTable(files, sequences, problems, unitFiles);
    }

    private static final class Header {
        int version;
        int minInstLength;
        int maxOpsPerInst;
        boolean defaultIsStmt;
        int lineBase;
        int lineRange;
        int opcodeBase;
        int[] stdLengths;
        List<String> dirs = new ArrayList<>();
        List<String> fileNames = new ArrayList<>();
        List<Integer> fileDirs = new ArrayList<>();
    }

    private static void parseUnit(DwarfReader u, int unitStart, int offsetSize, DwarfSections sections, String compDir,
                                  List<String> files, Map<String, Integer> fileIndex, List<Sequence> out,
                                  Map<Long, int[]> unitFiles)
            throws DwarfFormatException {
        Header h = new Header();
        h.version = u.u16();
        if (h.version < 2 || h.version > 5) {
            throw u.error(unitStart, "unsupported line table version " + h.version);
        }
        int addressSize = 8;
        if (h.version >= 5) {
            addressSize = u.u8();
            int segSel = u.u8();
            if (addressSize != 4 && addressSize != 8) {
                throw u.error(unitStart, "unsupported address size " + addressSize);
            }
            if (segSel != 0) {
                throw u.error(unitStart, "segment selectors are not supported");
            }
        }
        long headerLength = u.unsigned(offsetSize);
        DwarfReader hdr = u.sub(headerLength);
        // u is now at the line number program
        h.minInstLength = hdr.u8();
        h.maxOpsPerInst = h.version >= 4 ? hdr.u8() : 1;
        if (h.maxOpsPerInst == 0) {
            throw hdr.error(hdr.pos(), "maximum_operations_per_instruction is 0");
        }
        h.defaultIsStmt = hdr.u8() != 0;
        h.lineBase = hdr.s8();
        h.lineRange = hdr.u8();
        if (h.lineRange == 0) {
            throw hdr.error(hdr.pos(), "line_range is 0");
        }
        h.opcodeBase = hdr.u8();
        h.stdLengths = new int[Math.max(h.opcodeBase, 1)];
        for (int i = 1; i < h.opcodeBase; i++) {
            h.stdLengths[i] = hdr.u8();
        }
        AttrValue.Unit ctx = new AttrValue.Unit(sections, h.version, addressSize, offsetSize, 0);
        String dir0 = compDir;
        if (h.version >= 5) {
            readEntries(hdr, ctx, h, true);
            readEntries(hdr, ctx, h, false);
            if (!h.dirs.isEmpty()) {
                // v5: directory 0 is the compilation directory
                if (dir0 == null || !isAbsolute(h.dirs.get(0))) {
                    dir0 = dir0 == null ? h.dirs.get(0) : join(dir0, h.dirs.get(0));
                } else {
                    dir0 = h.dirs.get(0);
                }
                h.dirs.set(0, dir0);
            }
        } else {
            h.dirs.add(dir0 == null ? "" : dir0);
            while (true) {
                String d = hdr.cstring();
                if (d.isEmpty()) {
                    break;
                }
                h.dirs.add(d);
            }
            h.fileNames.add(null); // v2-4 file numbers start at 1
            h.fileDirs.add(0);
            while (true) {
                String f = hdr.cstring();
                if (f.isEmpty()) {
                    break;
                }
                int d = hdr.ulebInt("directory index");
                hdr.uleb();
                hdr.uleb();
                h.fileNames.add(f);
                h.fileDirs.add(d);
            }
        }
        int[] map = new int[h.fileNames.size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = h.fileNames.get(i) == null ? -1 : intern(fullPath(h, i, dir0), files, fileIndex);
        }
        unitFiles.put((long) unitStart, map);
        runProgram(u, h, addressSize, map, files, fileIndex, dir0, out);
    }

    private static void readEntries(DwarfReader r, AttrValue.Unit ctx, Header h, boolean directories)
            throws DwarfFormatException {
        int formatCount = r.u8();
        int[] types = new int[formatCount];
        int[] forms = new int[formatCount];
        for (int i = 0; i < formatCount; i++) {
            types[i] = r.ulebInt("content type");
            forms[i] = r.ulebInt("form");
        }
        int at = r.pos();
        long count = r.uleb();
        if (count < 0 || count > r.remaining()) {
            throw r.error(at, (directories ? "directory" : "file name") + " count " + count + " exceeds the header");
        }
        if (count > 0 && formatCount == 0) {
            throw r.error(at, "entries without an entry format");
        }
        for (long n = 0; n < count; n++) {
            String path = null;
            int dir = 0;
            for (int i = 0; i < formatCount; i++) {
                AttrValue v = AttrValue.read(r, forms[i], 0, ctx);
                if (types[i] == Dwarf.DW_LNCT_path) {
                    path = ctx.string(v);
                } else if (types[i] == Dwarf.DW_LNCT_directory_index && v.isConstant()) {
                    dir = (int) Math.min(Integer.MAX_VALUE, Math.max(0, v.value));
                }
            }
            if (path == null) {
                path = "";
            }
            if (directories) {
                h.dirs.add(path);
            } else {
                h.fileNames.add(path);
                h.fileDirs.add(dir);
            }
        }
    }

    private static String fullPath(Header h, int file, String dir0) {
        String name = h.fileNames.get(file);
        if (isAbsolute(name)) {
            return normalize(name);
        }
        int d = h.fileDirs.get(file);
        String dir = d >= 0 && d < h.dirs.size() ? h.dirs.get(d) : "";
        if (!isAbsolute(dir) && dir0 != null && d != 0) {
            dir = join(dir0, dir);
        }
        return normalize(join(dir, name));
    }

    static boolean isAbsolute(String p) {
        return p.startsWith("/") || (p.length() > 2 && p.charAt(1) == ':' && (p.charAt(2) == '\\' || p.charAt(2) == '/'));
    }

    static String join(String dir, String name) {
        if (dir == null || dir.isEmpty()) {
            return name;
        }
        if (isAbsolute(name)) {
            return name;
        }
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    /** Removes "." segments and resolves ".." where possible, as a string operation (no file system). */
    static String normalize(String p) {
        boolean abs = p.startsWith("/");
        String[] parts = p.split("/+");
        List<String> out = new ArrayList<>();
        for (String s : parts) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                out.remove(out.size() - 1);
            } else if (s.equals("..") && abs) {
                continue;
            } else {
                out.add(s);
            }
        }
        String j = String.join("/", out);
        return abs ? "/" + j : j;
    }

    private static int intern(String path, List<String> files, Map<String, Integer> index) {
        return index.computeIfAbsent(path, k -> {
            files.add(k);
            return files.size() - 1;
        });
    }

    private static void runProgram(DwarfReader u, Header h, int addressSize, int[] fileMapIn, List<String> files,
                                   Map<String, Integer> fileIndex, String dir0, List<Sequence> out)
            throws DwarfFormatException {
        int[] fileMap = fileMapIn;
        long address = 0;
        int opIndex = 0;
        int file = 1;
        long line = 1;
        int column = 0;
        boolean isStmt = h.defaultIsStmt;
        boolean prologueEnd = false;
        int discriminator = 0;
        List<Row> rows = new ArrayList<>();
        while (!u.atEnd()) {
            int at = u.pos();
            int op = u.u8();
            boolean emit = false;
            boolean endSeq = false;
            if (op >= h.opcodeBase) {
                int adj = op - h.opcodeBase;
                long adv = adj / h.lineRange;
                long[] ao = advance(address, opIndex, adv, h);
                address = ao[0];
                opIndex = (int) ao[1];
                line += h.lineBase + (adj % h.lineRange);
                emit = true;
            } else if (op == 0) {
                long len = u.uleb();
                if (len <= 0 || len > u.remaining()) {
                    throw u.error(at, "extended opcode length " + len + " runs past the unit");
                }
                DwarfReader ext = u.sub(len);
                int eop = ext.u8();
                switch (eop) {
                    case 1: // DW_LNE_end_sequence
                        emit = true;
                        endSeq = true;
                        break;
                    case 2: // DW_LNE_set_address
                        address = ext.unsigned(ext.remaining() == 4 ? 4 : (ext.remaining() == 8 ? 8 : addressSize));
                        opIndex = 0;
                        break;
                    case 3: { // DW_LNE_define_file (v2-4)
                        String name = ext.cstring();
                        int d = ext.ulebInt("directory index");
                        h.fileNames.add(name);
                        h.fileDirs.add(d);
                        fileMap = Arrays.copyOf(fileMap, fileMap.length + 1);
                        fileMap[fileMap.length - 1] = intern(fullPath(h, h.fileNames.size() - 1, dir0), files, fileIndex);
                        break;
                    }
                    case 4: // DW_LNE_set_discriminator
                        discriminator = (int) ext.uleb();
                        break;
                    default:
                        break; // unknown extended opcode: its length lets us skip it
                }
            } else {
                switch (op) {
                    case 1: // DW_LNS_copy
                        emit = true;
                        break;
                    case 2: { // DW_LNS_advance_pc
                        long[] ao = advance(address, opIndex, u.uleb(), h);
                        address = ao[0];
                        opIndex = (int) ao[1];
                        break;
                    }
                    case 3: // DW_LNS_advance_line
                        line += u.sleb();
                        break;
                    case 4: // DW_LNS_set_file
                        file = u.ulebInt("file index");
                        break;
                    case 5: // DW_LNS_set_column
                        column = (int) Math.min(Integer.MAX_VALUE, u.uleb() & Long.MAX_VALUE);
                        break;
                    case 6: // DW_LNS_negate_stmt
                        isStmt = !isStmt;
                        break;
                    case 7: // DW_LNS_set_basic_block
                        break;
                    case 8: { // DW_LNS_const_add_pc
                        long adv = (255 - h.opcodeBase) / h.lineRange;
                        long[] ao = advance(address, opIndex, adv, h);
                        address = ao[0];
                        opIndex = (int) ao[1];
                        break;
                    }
                    case 9: // DW_LNS_fixed_advance_pc
                        address += u.u16();
                        opIndex = 0;
                        break;
                    case 10: // DW_LNS_set_prologue_end
                        prologueEnd = true;
                        break;
                    case 11: // DW_LNS_set_epilogue_begin
                        break;
                    case 12: // DW_LNS_set_isa
                        u.uleb();
                        break;
                    default: // an opcode this version does not define: skip its ULEB operands
                        for (int i = 0; i < h.stdLengths[op]; i++) {
                            u.uleb();
                        }
                }
            }
            if (emit) {
                if (file < 0 || file >= fileMap.length || fileMap[file] < 0) {
                    throw u.error(at, "row refers to file " + file + " not in the file table ("
                            + (fileMap.length - 1) + " entries)");
                }
                int ln = (int) Math.max(0, Math.min(Integer.MAX_VALUE, line));
                rows.add(new Row(address, fileMap[file], ln, column, isStmt, prologueEnd, endSeq, discriminator));
                discriminator = 0;
                prologueEnd = false;
                if (endSeq) {
                    addSequence(rows, out);
                    rows = new ArrayList<>();
                    address = 0;
                    opIndex = 0;
                    file = 1;
                    line = 1;
                    column = 0;
                    isStmt = h.defaultIsStmt;
                }
            }
        }
        // rows after the last end_sequence are not a complete sequence: dropped
    }

    private static long[] advance(long address, int opIndex, long adv, Header h) {
        if (h.maxOpsPerInst == 1) {
            return new long[] {address + h.minInstLength * adv, 0};
        }
        long total = opIndex + adv;
        return new long[] {address + h.minInstLength * (total / h.maxOpsPerInst), total % h.maxOpsPerInst};
    }

    private static void addSequence(List<Row> rows, List<Sequence> out) {
        Row end = rows.get(rows.size() - 1);
        long start = rows.get(0).address();
        if (rows.size() < 2 || end.address() <= start) {
            return; // empty sequence (e.g. code the linker discarded)
        }
        boolean sorted = true;
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).address() < rows.get(i - 1).address()) {
                sorted = false;
                break;
            }
        }
        List<Row> list = new ArrayList<>(rows);
        if (!sorted) {
            List<Row> body = new ArrayList<>(list.subList(0, list.size() - 1));
            body.sort(Comparator.comparingLong(Row::address));
            body.removeIf(r -> r.address() >= end.address());
            body.add(end);
            list = body;
            start = list.get(0).address();
            if (list.size() < 2) {
                return;
            }
        }
        out.add(new Sequence(start, end.address(), Collections.unmodifiableList(list)));
    }
}
