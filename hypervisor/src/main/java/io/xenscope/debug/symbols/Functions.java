package io.xenscope.debug.symbols;

import static io.xenscope.debug.symbols.Dwarf.*;

import io.xenscope.boot.elf.ElfSymbol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compilation units and functions from {@code .debug_info} (DW_TAG_compile_unit, DW_TAG_subprogram,
 * DW_TAG_inlined_subroutine), with ELF {@code .symtab} functions filling what DWARF does not cover.
 * A malformed unit is recorded in {@link #problems()}; the units before it are kept.
 */
public final class Functions {
    /** A compilation unit. {@code stmtList} is its .debug_line offset or -1. */
    public record CompileUnit(long offset, int version, String name, String compDir, String producer, long stmtList,
                              List<LineTable.Range> ranges, boolean[] locationsValidHolder) {
        /**
         * gdb's "locations valid" for a CU: produced by GCC 4.5 or later and using location lists. gdb
         * then trusts the code's own line rows and does not skip prologues in it.
         */
        public boolean locationsValid() {
            return locationsValidHolder[0];
        }
    }

    /** A lexical block that declares variables (gdb makes a block only for those). */
    public record Block(List<LineTable.Range> ranges, int depth) {
        boolean contains(long a) {
            for (LineTable.Range r : ranges) {
                if (r.contains(a)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An inlined instance of {@code name}; {@code depth} 1 is inlined directly into the function. */
    public record Inline(String name, long entry, List<LineTable.Range> ranges, int depth, int callFile, int callLine) {
        boolean contains(long a) {
            for (LineTable.Range r : ranges) {
                if (r.contains(a)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A function: {@code entry} is its low_pc (or the start of its first range), {@code ranges} its code.
     * {@code frameBase} is the raw DW_AT_frame_base expression (null if absent or from the symbol table).
     */
    public record Function(String name, String linkageName, long entry, List<LineTable.Range> ranges,
                           byte[] frameBase, CompileUnit unit, List<Inline> inlines, List<Block> blocks,
                           boolean fromSymbolTable) {
        public boolean contains(long a) {
            for (LineTable.Range r : ranges) {
                if (r.contains(a)) {
                    return true;
                }
            }
            return false;
        }

        public long end() {
            long e = entry;
            for (LineTable.Range r : ranges) {
                if (r.contains(entry)) {
                    e = r.end();
                }
            }
            return e;
        }

        /** The innermost inlined instance at the address, or null. */
        public Inline inlineAt(long a) {
            Inline best = null;
            for (Inline i : inlines) {
                if (i.contains(a) && (best == null || i.depth() > best.depth())) {
                    best = i;
                }
            }
            return best;
        }

        /**
         * The innermost block at the address: an inlined instance, a lexical block with variables, or
         * this function; as gdb's block_for_pc.
         */
        public Object blockAt(long a) {
            Object best = this;
            int depth = -1;
            for (Inline i : inlines) {
                if (i.depth() > depth && i.contains(a)) {
                    best = i;
                    depth = i.depth();
                }
            }
            for (Block b : blocks) {
                if (b.depth() > depth && b.contains(a)) {
                    best = b;
                    depth = b.depth();
                }
            }
            return best;
        }

        /** The frame base in words: "DW_OP_call_frame_cfa", "DW_OP_breg6 (rbp) +16", ... */
        public String frameBaseDescription() {
            return frameBase == null ? "none" : Expressions.describe(frameBase);
        }

        @Override
        public String toString() {
            return name + "@0x" + Long.toHexString(entry);
        }
    }

    private record Entry(long start, long end, Function function) {
    }

    private final List<CompileUnit> units;
    private final List<Function> functions;
    private final List<Entry> entries;
    private final long[] maxEnd;
    private final Map<String, List<Function>> byName = new HashMap<>();
    private final List<String> problems;

    private Functions(List<CompileUnit> units, List<Function> functions, List<String> problems) {
        this.units = Collections.unmodifiableList(units);
        this.functions = Collections.unmodifiableList(functions);
        this.problems = Collections.unmodifiableList(problems);
        List<Entry> e = new ArrayList<>();
        for (Function f : functions) {
            for (LineTable.Range r : f.ranges()) {
                if (r.end() > r.start()) {
                    e.add(new Entry(r.start(), r.end(), f));
                }
            }
            byName.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
            if (f.linkageName() != null && !f.linkageName().equals(f.name())) {
                byName.computeIfAbsent(f.linkageName(), k -> new ArrayList<>()).add(f);
            }
        }
        e.sort(Comparator.comparingLong(Entry::start));
        this.entries = e;
        this.maxEnd = new long[e.size()];
        long m = Long.MIN_VALUE;
        for (int i = 0; i < e.size(); i++) {
            m = Math.max(m, e.get(i).end());
            maxEnd[i] = m;
        }
    }

    public List<CompileUnit> units() {
        return units;
    }

    public List<Function> all() {
        return functions;
    }

    public List<String> problems() {
        return problems;
    }

    /** The function whose code contains the address (the smallest such, DWARF before symbols), or null. */
    public Function at(long address) {
        int lo = 0, hi = entries.size() - 1, idx = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).start() <= address) {
                idx = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        Entry best = null;
        for (int i = idx; i >= 0 && maxEnd[i] > address; i--) {
            Entry en = entries.get(i);
            if (address >= en.start() && address < en.end()) {
                if (best == null || better(en, best)) {
                    best = en;
                }
            }
        }
        return best == null ? null : best.function();
    }

    /**
     * Like {@link #at}, but an address in the alignment padding right after a function (at most 15
     * bytes past its end, before the next function) belongs to that function, as addr2line and gdb's
     * minimal symbols report it.
     */
    public Function atOrPadding(long address) {
        Function f = at(address);
        if (f != null) {
            return f;
        }
        Function best = null;
        long bestEnd = Long.MIN_VALUE;
        for (Function c : nearby(address)) {
            for (LineTable.Range r : c.ranges()) {
                if (r.end() <= address && address - r.end() < 16 && r.end() > bestEnd) {
                    best = c;
                    bestEnd = r.end();
                }
            }
        }
        return best;
    }

    private List<Function> nearby(long address) {
        List<Function> out = new ArrayList<>();
        int lo = 0, hi = entries.size() - 1, idx = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).start() <= address) {
                idx = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        for (int i = idx; i >= 0 && maxEnd[i] > address - 16; i--) {
            out.add(entries.get(i).function());
        }
        return out;
    }

    private static boolean better(Entry a, Entry b) {
        if (a.function().fromSymbolTable() != b.function().fromSymbolTable()) {
            return !a.function().fromSymbolTable();
        }
        return a.end() - a.start() < b.end() - b.start();
    }

    /** Inlined instances of the function with this name, in every function they were inlined into. */
    public List<Inline> inlinedInstances(String name) {
        List<Inline> out = new ArrayList<>();
        for (Function f : functions) {
            for (Inline i : f.inlines()) {
                if (i.name().equals(name)) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    /** Functions with this name (DW_AT_name or linkage name, or symbol name). */
    public List<Function> named(String name) {
        return byName.getOrDefault(name, List.of());
    }

    // ---------------------------------------------------------------------------------------------

    static Functions parse(DwarfSections sections, List<ElfSymbol> symbols) {
        List<String> problems = new ArrayList<>();
        List<CompileUnit> units = new ArrayList<>();
        List<Function> functions = new ArrayList<>();
        byte[] info = sections.get(".debug_info");
        if (info != null) {
            if (!sections.has(".debug_abbrev")) {
                problems.add(".debug_info without .debug_abbrev: no DWARF functions");
            } else {
                new InfoParser(sections, problems, units, functions).run(info);
            }
        }
        addSymbols(symbols, functions);
        return new Functions(units, functions, problems);
    }

    /** Adds ELF function symbols whose start no DWARF function covers. */
    private static void addSymbols(List<ElfSymbol> symbols, List<Function> functions) {
        if (symbols == null) {
            return;
        }
        List<Function> dwarf = new ArrayList<>(functions);
        Functions index = new Functions(new ArrayList<>(), dwarf, new ArrayList<>());
        List<ElfSymbol> funcs = new ArrayList<>();
        for (ElfSymbol s : symbols) {
            if (s.type() == ElfSymbol.STT_FUNC && s.sectionIndex() != 0 && !s.name().isEmpty()) {
                funcs.add(s);
            }
        }
        funcs.sort(Comparator.comparingLong(ElfSymbol::value));
        for (int i = 0; i < funcs.size(); i++) {
            ElfSymbol s = funcs.get(i);
            if (index.at(s.value()) != null) {
                continue;
            }
            long size = s.size();
            if (size <= 0) {
                // unsized (assembly) function: extend to the next function symbol, at most 64 KiB
                long next = s.value() + 1;
                for (int j = i + 1; j < funcs.size(); j++) {
                    if (funcs.get(j).value() > s.value()) {
                        next = funcs.get(j).value();
                        break;
                    }
                }
                size = Math.min(Math.max(1, next - s.value()), 0x10000);
            }
            functions.add(new Function(s.name(), null, s.value(), List.of(new LineTable.Range(s.value(), s.value() + size)),
                    null, null, List.of(), List.of(), true));
        }
    }

    private record Abbrev(int tag, boolean children, int[] names, int[] forms, long[] consts) {
    }

    /** What one subprogram DIE says; names may come through abstract_origin / specification. */
    private static final class NameInfo {
        String name;
        String linkage;
        long origin = -1;
    }

    private static final class PendingFunction {
        NameInfo names;
        long entry;
        List<LineTable.Range> ranges;
        byte[] frameBase;
        CompileUnit unit;
        List<PendingInline> inlines = new ArrayList<>();
        List<PendingBlock> blocks = new ArrayList<>();
    }

    private static final class PendingBlock {
        List<LineTable.Range> ranges;
        int depth;
        boolean hasLocals;
    }

    private record PendingInline(NameInfo names, long entry, List<LineTable.Range> ranges, int depth, int callFile,
                                 int callLine) {
    }

    private static final class InfoParser {
        final DwarfSections sections;
        final List<String> problems;
        final List<CompileUnit> units;
        final List<Function> functions;
        final Map<Long, Map<Long, Abbrev>> abbrevCache = new HashMap<>();
        final Map<Long, NameInfo> names = new HashMap<>();
        final List<PendingFunction> pending = new ArrayList<>();

        InfoParser(DwarfSections sections, List<String> problems, List<CompileUnit> units, List<Function> functions) {
            this.sections = sections;
            this.problems = problems;
            this.units = units;
            this.functions = functions;
        }

        void run(byte[] info) {
            DwarfReader r = new DwarfReader(".debug_info", info);
            while (!r.atEnd()) {
                int start = r.pos();
                try {
                    int[] os = new int[1];
                    long len = r.initialLength(os);
                    DwarfReader unit = r.sub(len);
                    parseUnit(unit, start, os[0]);
                } catch (DwarfFormatException e) {
                    problems.add(e.getMessage());
                    break;
                }
            }
            for (PendingFunction p : pending) {
                String[] n = resolve(p.names);
                List<Inline> inl = new ArrayList<>();
                for (PendingInline pi : p.inlines) {
                    inl.add(new Inline(resolve(pi.names())[0], pi.entry(), pi.ranges(), pi.depth(), pi.callFile(), pi.callLine()));
                }
                List<Block> bl = new ArrayList<>();
                for (PendingBlock b : p.blocks) {
                    if (b.hasLocals) {
                        bl.add(new Block(b.ranges, b.depth));
                    }
                }
                functions.add(new Function(n[0], n[1], p.entry, p.ranges, p.frameBase, p.unit,
                        Collections.unmodifiableList(inl), Collections.unmodifiableList(bl), false));
            }
        }

        /** [name, linkage name] following abstract_origin / specification chains (bounded). */
        String[] resolve(NameInfo n) {
            String name = null, linkage = null;
            NameInfo cur = n;
            for (int hops = 0; cur != null && hops < 16; hops++) {
                if (name == null) {
                    name = cur.name;
                }
                if (linkage == null) {
                    linkage = cur.linkage;
                }
                if (name != null || cur.origin < 0) {
                    break;
                }
                cur = names.get(cur.origin);
            }
            if (name == null) {
                name = linkage != null ? linkage : "<unnamed>";
            }
            return new String[] {name, linkage};
        }

        Map<Long, Abbrev> abbrevs(long offset) throws DwarfFormatException {
            Map<Long, Abbrev> m = abbrevCache.get(offset);
            if (m != null) {
                return m;
            }
            m = new HashMap<>();
            DwarfReader r = new DwarfReader(".debug_abbrev", sections.get(".debug_abbrev"));
            r.seek(offset);
            while (true) {
                long code = r.uleb();
                if (code == 0) {
                    break;
                }
                int tag = r.ulebInt("tag");
                boolean children = r.u8() != 0;
                List<int[]> specs = new ArrayList<>();
                List<Long> consts = new ArrayList<>();
                while (true) {
                    int name = r.ulebInt("attribute");
                    int form = r.ulebInt("form");
                    if (name == 0 && form == 0) {
                        break;
                    }
                    long c = form == DW_FORM_implicit_const ? r.sleb() : 0;
                    specs.add(new int[] {name, form});
                    consts.add(c);
                }
                int[] names = new int[specs.size()], forms = new int[specs.size()];
                long[] cs = new long[specs.size()];
                for (int i = 0; i < specs.size(); i++) {
                    names[i] = specs.get(i)[0];
                    forms[i] = specs.get(i)[1];
                    cs[i] = consts.get(i);
                }
                m.put(code, new Abbrev(tag, children, names, forms, cs));
            }
            abbrevCache.put(offset, m);
            return m;
        }

        void parseUnit(DwarfReader u, int unitStart, int offsetSize) throws DwarfFormatException {
            int version = u.u16();
            if (version < 2 || version > 5) {
                throw u.error(unitStart, "unsupported unit version " + version);
            }
            int unitType = DW_UT_compile;
            int addressSize;
            long abbrevOffset;
            if (version >= 5) {
                unitType = u.u8();
                addressSize = u.u8();
                abbrevOffset = u.unsigned(offsetSize);
                if (unitType == DW_UT_skeleton || unitType == DW_UT_split_compile) {
                    u.u64();
                } else if (unitType == DW_UT_type || unitType == DW_UT_split_type) {
                    u.u64();
                    u.unsigned(offsetSize);
                }
            } else {
                abbrevOffset = u.unsigned(offsetSize);
                addressSize = u.u8();
            }
            if (addressSize != 4 && addressSize != 8) {
                throw u.error(unitStart, "unsupported address size " + addressSize);
            }
            if (unitType == DW_UT_type || unitType == DW_UT_split_type) {
                return; // type units hold no code
            }
            Map<Long, Abbrev> ab = abbrevs(abbrevOffset);
            AttrValue.Unit ctx = new AttrValue.Unit(sections, version, addressSize, offsetSize, unitStart);
            CompileUnit cu = null;
            long cuBase = 0;
            int depth = 0;
            // scope stack: function being collected, and its depth in the DIE tree
            PendingFunction fn = null;
            int fnDepth = -1;
            int[] inlineDepthAt = new int[256];
            PendingBlock[] blockAt = new PendingBlock[256];
            int inlineDepth = 0;
            boolean[] locValid = {false};
            boolean hasLoclist = false;
            while (!u.atEnd()) {
                long dieOffset = u.pos();
                long code = u.uleb();
                if (code == 0) {
                    depth--;
                    if (fn != null && depth <= fnDepth) {
                        fn = null;
                        fnDepth = -1;
                        inlineDepth = 0;
                    }
                    while (inlineDepth > 0 && depth <= inlineDepthAt[inlineDepth - 1]) {
                        inlineDepth--;
                    }
                    if (depth <= 0) {
                        // end of the top-level children; anything after is padding
                        if (depth < 0) {
                            break;
                        }
                    }
                    continue;
                }
                // the innermost open block whose children we are reading
                PendingBlock openBlock = inlineDepth > 0 && inlineDepthAt[inlineDepth - 1] == depth - 1
                        ? blockAt[inlineDepth - 1] : null;
                Abbrev a = ab.get(code);
                if (a == null) {
                    throw u.error(dieOffset, "DIE uses abbreviation code " + code + " not in .debug_abbrev+0x"
                            + Long.toHexString(abbrevOffset));
                }
                Map<Integer, AttrValue> attrs = new LinkedHashMap<>();
                for (int i = 0; i < a.names().length; i++) {
                    AttrValue v = AttrValue.read(u, a.forms()[i], a.consts()[i], ctx);
                    attrs.put(a.names()[i], v);
                }
                int tag = a.tag();
                AttrValue locAttr = attrs.get(0x02); // DW_AT_location
                if (locAttr != null && (locAttr.kind == AttrValue.Kind.SEC_OFFSET || locAttr.kind == AttrValue.Kind.LOCLISTX
                        || (version < 4 && (locAttr.form == DW_FORM_data4 || locAttr.form == DW_FORM_data8)))) {
                    hasLoclist = true;
                }
                if (tag == 0x34 && openBlock != null) { // DW_TAG_variable directly in a lexical block
                    openBlock.hasLocals = true;
                }
                if (cu == null) {
                    if (tag != DW_TAG_compile_unit && tag != DW_TAG_partial_unit && tag != DW_TAG_skeleton_unit) {
                        throw u.error(dieOffset, "first DIE of the unit has tag 0x" + Integer.toHexString(tag));
                    }
                    AttrValue v;
                    if ((v = attrs.get(DW_AT_str_offsets_base)) != null) {
                        ctx.strOffsetsBase = v.value;
                    }
                    if ((v = attrs.get(DW_AT_addr_base)) != null || (v = attrs.get(DW_AT_GNU_addr_base)) != null) {
                        ctx.addrBase = v.value;
                    }
                    if ((v = attrs.get(DW_AT_rnglists_base)) != null) {
                        ctx.rnglistsBase = v.value;
                    }
                    if ((v = attrs.get(DW_AT_low_pc)) != null) {
                        cuBase = ctx.address(v);
                    }
                    List<LineTable.Range> ranges = ranges(attrs, ctx, cuBase, true);
                    v = attrs.get(DW_AT_stmt_list);
                    cu = new CompileUnit(unitStart, version, str(attrs.get(DW_AT_name), ctx), str(attrs.get(DW_AT_comp_dir), ctx),
                            str(attrs.get(DW_AT_producer), ctx), v == null ? -1 : v.value, ranges, locValid);
                    units.add(cu);
                } else if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine) {
                    NameInfo ni = new NameInfo();
                    ni.name = str(attrs.get(DW_AT_name), ctx);
                    AttrValue ln = attrs.get(DW_AT_linkage_name);
                    if (ln == null) {
                        ln = attrs.get(DW_AT_MIPS_linkage_name);
                    }
                    ni.linkage = str(ln, ctx);
                    AttrValue o = attrs.get(DW_AT_abstract_origin);
                    if (o == null) {
                        o = attrs.get(DW_AT_specification);
                    }
                    if (o != null && o.kind == AttrValue.Kind.REF) {
                        ni.origin = o.value;
                    }
                    names.put(dieOffset, ni);
                    List<LineTable.Range> ranges = ranges(attrs, ctx, cuBase, false);
                    if (tag == DW_TAG_subprogram && !ranges.isEmpty() && fn == null) {
                        fn = new PendingFunction();
                        fn.names = ni;
                        AttrValue lo = attrs.get(DW_AT_low_pc);
                        fn.entry = lo != null ? ctx.address(lo) : ranges.get(0).start();
                        AttrValue ep = attrs.get(DW_AT_entry_pc);
                        if (lo == null && ep != null && (ep.kind == AttrValue.Kind.ADDR || ep.kind == AttrValue.Kind.ADDRX)) {
                            fn.entry = ctx.address(ep);
                        }
                        fn.ranges = ranges;
                        AttrValue fb = attrs.get(DW_AT_frame_base);
                        fn.frameBase = fb != null && fb.kind == AttrValue.Kind.BLOCK ? fb.block : null;
                        fn.unit = cu;
                        fnDepth = depth;
                        pending.add(fn);
                        inlineDepth = 0;
                        if (!a.children()) {
                            fn = null;
                            fnDepth = -1;
                        }
                    } else if (tag == DW_TAG_inlined_subroutine && fn != null && !ranges.isEmpty()) {
                        AttrValue cf = attrs.get(DW_AT_call_file), cl = attrs.get(DW_AT_call_line);
                        // gdb 13's BLOCK_ENTRY_PC: low_pc, or the first non-empty range as listed
                        // (DW_AT_entry_pc is ignored, as gdb before 16 does)
                        long entry = ranges.get(0).start();
                        fn.inlines.add(new PendingInline(ni, entry, ranges, inlineDepth + 1,
                                cf != null && cf.isConstant() ? (int) cf.value : -1,
                                cl != null && cl.isConstant() ? (int) cl.value : -1));
                        if (a.children() && inlineDepth < inlineDepthAt.length) {
                            blockAt[inlineDepth] = null;
                            inlineDepthAt[inlineDepth++] = depth;
                        }
                    }
                } else if (tag == DW_TAG_lexical_block && fn != null) {
                    List<LineTable.Range> ranges = ranges(attrs, ctx, cuBase, false);
                    if (!ranges.isEmpty() && a.children() && inlineDepth < inlineDepthAt.length) {
                        PendingBlock b = new PendingBlock();
                        b.ranges = ranges;
                        b.depth = inlineDepth + 1;
                        fn.blocks.add(b);
                        blockAt[inlineDepth] = b;
                        inlineDepthAt[inlineDepth++] = depth;
                    }
                }
                if (a.children()) {
                    depth++;
                    if (depth > 10000) {
                        throw u.error(dieOffset, "DIE tree deeper than 10000");
                    }
                }
            }
            if (cu == null) {
                throw u.error(unitStart, "unit without a compile_unit DIE");
            }
            locValid[0] = hasLoclist && gcc45OrLater(cu.producer());
        }

        /** "GNU C17 12.2.0 -mtune=generic ..." → true for GCC 4.5 and later (gdb's producer_is_gcc_ge_4). */
        static boolean gcc45OrLater(String producer) {
            if (producer == null || !producer.startsWith("GNU ") || producer.contains("clang")) {
                return false;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(" (\\d+)\\.(\\d+)").matcher(producer);
            if (!m.find()) {
                return false;
            }
            int major = Integer.parseInt(m.group(1)), minor = Integer.parseInt(m.group(2));
            return major > 4 || major == 4 && minor >= 5;
        }

        private static String str(AttrValue v, AttrValue.Unit ctx) throws DwarfFormatException {
            return v == null ? null : ctx.string(v);
        }

        /** The ranges of a DIE from low_pc/high_pc or DW_AT_ranges; empty if it has no code. */
        private List<LineTable.Range> ranges(Map<Integer, AttrValue> attrs, AttrValue.Unit ctx, long cuBase, boolean isCu)
                throws DwarfFormatException {
            AttrValue lo = attrs.get(DW_AT_low_pc), hi = attrs.get(DW_AT_high_pc), rg = attrs.get(DW_AT_ranges);
            List<LineTable.Range> out = new ArrayList<>();
            if (lo != null && hi != null) {
                long low = ctx.address(lo);
                long high = hi.isConstant() ? low + hi.value : ctx.address(hi);
                if (high > low) {
                    out.add(new LineTable.Range(low, high));
                }
            } else if (rg != null) {
                RangeLists.read(ctx, rg, cuBase, isCu, out);
            }
            return out;
        }
    }
}
