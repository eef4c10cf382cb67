package io.xenscope.debug.symbols;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Call frame information from {@code .eh_frame} and {@code .debug_frame} (DWARF 5 section 6.4, and the
 * LSB's .eh_frame format): CIEs and FDEs, augmentations ("zR", "zPLR", "S", ...), DW_EH_PE pointer
 * encodings, and the DW_CFA instructions that build the rule table for an address.
 *
 * <p>Registers use the x86-64 psABI DWARF numbering: 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp,
 * 7 rsp, 8-15 r8-r15, 16 the return address (rip).
 */
public final class CallFrameInfo {
    public static final int RBP = 6, RSP = 7, RIP = 16;

    /** How a register of the caller is recovered. */
    public enum RuleKind { UNDEFINED, SAME_VALUE, OFFSET, VAL_OFFSET, REGISTER, EXPRESSION, VAL_EXPRESSION }

    public record Rule(RuleKind kind, long operand) {
        static final Rule UNDEFINED = new Rule(RuleKind.UNDEFINED, 0);
        static final Rule SAME = new Rule(RuleKind.SAME_VALUE, 0);
    }

    /**
     * The rule row for one address: CFA = register + offset (or an expression, {@code cfaExpression}
     * non-null, which we do not evaluate), and the rules of the registers the CFI mentions.
     */
    public record FrameRow(long location, int cfaRegister, long cfaOffset, byte[] cfaExpression, Map<Integer, Rule> rules,
                           int returnAddressRegister, boolean signalFrame) {
        public Rule rule(int reg) {
            return rules.getOrDefault(reg, reg == RSP ? Rule.SAME : Rule.SAME);
        }
    }

    /** A common information entry. */
    public record Cie(long offset, int version, String augmentation, long codeAlign, long dataAlign, int raRegister,
                      int fdeEncoding, boolean signalFrame, byte[] initialInstructions, int addressSize) {
    }

    /** A frame description entry covering [start, end). */
    public record Fde(long offset, Cie cie, long start, long end, byte[] instructions, String section) {
    }

    private final List<Fde> fdes;
    private final List<String> problems;

    private CallFrameInfo(List<Fde> fdes, List<String> problems) {
        List<Fde> l = new ArrayList<>(fdes);
        l.sort(Comparator.comparingLong(Fde::start));
        this.fdes = Collections.unmodifiableList(l);
        this.problems = Collections.unmodifiableList(problems);
    }

    public List<Fde> fdes() {
        return fdes;
    }

    public List<String> problems() {
        return problems;
    }

    /** The FDE covering pc (.eh_frame preferred over .debug_frame when both do), or null. */
    public Fde fdeFor(long pc) {
        Fde best = null;
        int lo = 0, hi = fdes.size() - 1, idx = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (fdes.get(mid).start() <= pc) {
                idx = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        // FDEs do not nest; look back a little for overlapping ones from the other section
        for (int i = idx; i >= 0 && i > idx - 8; i--) {
            Fde f = fdes.get(i);
            if (pc >= f.start() && pc < f.end()) {
                if (best == null || f.section().equals(".eh_frame") && !best.section().equals(".eh_frame")) {
                    best = f;
                }
            }
        }
        return best;
    }

    /** The rule row in effect at pc, or null if no FDE covers it. */
    public FrameRow rowFor(long pc) throws DwarfFormatException {
        Fde f = fdeFor(pc);
        return f == null ? null : evaluate(f, pc);
    }

    // ---------------------------------------------------------------------------------------------
    // Parsing

    static CallFrameInfo parse(DwarfSections sections) {
        List<Fde> fdes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : new String[] {".eh_frame", ".debug_frame"}) {
            byte[] d = sections.get(name);
            if (d != null) {
                try {
                    parseSection(name, d, sections.address(name), fdes, problems);
                } catch (DwarfFormatException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return new CallFrameInfo(fdes, problems);
    }

    private static void parseSection(String name, byte[] data, long sectionAddr, List<Fde> fdes, List<String> problems)
            throws DwarfFormatException {
        boolean eh = name.equals(".eh_frame");
        DwarfReader r = new DwarfReader(name, data);
        Map<Long, Cie> cies = new HashMap<>();
        while (!r.atEnd()) {
            long entryOffset = r.pos();
            if (eh && r.remaining() < 4) {
                break;
            }
            int[] os = new int[1];
            long length = r.initialLength(os);
            if (length == 0) {
                if (eh) {
                    break; // terminator
                }
                continue;
            }
            DwarfReader e = r.sub(length);
            long idPos = e.pos();
            long id = e.unsigned(os[0]);
            boolean isCie = eh ? id == 0 : (os[0] == 4 ? id == 0xffffffffL : id == -1L);
            try {
                if (isCie) {
                    cies.put(entryOffset, parseCie(e, entryOffset, eh, os[0]));
                } else {
                    long cieOffset = eh ? idPos - id : id;
                    Cie cie = cies.get(cieOffset);
                    if (cie == null) {
                        cie = cieAt(name, data, cieOffset, eh);
                        cies.put(cieOffset, cie);
                    }
                    Fde fde = parseFde(e, entryOffset, cie, eh, sectionAddr, name);
                    if (fde != null) {
                        fdes.add(fde);
                    }
                }
            } catch (DwarfFormatException ex) {
                problems.add(ex.getMessage()); // the entry's length is intact: go on with the next
            }
        }
    }

    private static Cie cieAt(String name, byte[] data, long offset, boolean eh) throws DwarfFormatException {
        DwarfReader r = new DwarfReader(name, data);
        if (offset < 0 || offset >= data.length) {
            throw r.error(offset, "FDE refers to a CIE at 0x" + Long.toHexString(offset) + " outside the section");
        }
        r.seek(offset);
        int[] os = new int[1];
        long length = r.initialLength(os);
        DwarfReader e = r.sub(length);
        long id = e.unsigned(os[0]);
        boolean isCie = eh ? id == 0 : (os[0] == 4 ? id == 0xffffffffL : id == -1L);
        if (!isCie) {
            throw r.error(offset, "FDE's CIE pointer does not point at a CIE");
        }
        return parseCie(e, offset, eh, os[0]);
    }

    private static Cie parseCie(DwarfReader e, long offset, boolean eh, int offsetSize) throws DwarfFormatException {
        int version = e.u8();
        if (version != 1 && version != 3 && version != 4) {
            throw e.error(offset, "unsupported CIE version " + version);
        }
        String aug = e.cstring();
        int addressSize = 8;
        if (version >= 4) {
            addressSize = e.u8();
            e.u8(); // segment selector size
            if (addressSize != 4 && addressSize != 8) {
                throw e.error(offset, "unsupported CIE address size " + addressSize);
            }
        }
        if (aug.contains("eh")) {
            e.unsigned(addressSize); // old GNU "eh" augmentation: eh_ptr
        }
        long codeAlign = e.uleb();
        long dataAlign = e.sleb();
        int ra = version == 1 ? e.u8() : e.ulebInt("return address register");
        int fdeEnc = eh ? 0 : -1; // -1: plain target addresses of addressSize (.debug_frame)
        boolean signal = false;
        if (aug.startsWith("z")) {
            long augLen = e.uleb();
            DwarfReader a = e.sub(augLen);
            for (int i = 1; i < aug.length(); i++) {
                char c = aug.charAt(i);
                switch (c) {
                    case 'R' -> fdeEnc = a.u8();
                    case 'L' -> a.u8();
                    case 'P' -> {
                        int enc = a.u8();
                        skipEncoded(a, enc, addressSize); // personality routine: not needed to unwind
                    }
                    case 'S' -> signal = true;
                    case 'B', 'G' -> {
                    }
                    default -> i = aug.length(); // unknown: the rest of the augmentation data is skipped by length
                }
            }
        } else if (!aug.isEmpty() && !aug.equals("eh")) {
            throw e.error(offset, "unknown CIE augmentation \"" + aug + "\" without 'z'");
        }
        byte[] ins = new byte[e.remaining()];
        System.arraycopy(e.data, e.pos(), ins, 0, ins.length);
        return new Cie(offset, version, aug, codeAlign, dataAlign, ra, fdeEnc, signal, ins, addressSize);
    }

    private static Fde parseFde(DwarfReader e, long offset, Cie cie, boolean eh, long sectionAddr, String name)
            throws DwarfFormatException {
        long start, range;
        if (cie.fdeEncoding() < 0) {
            start = e.unsigned(cie.addressSize());
            range = e.unsigned(cie.addressSize());
        } else {
            long fieldAddr = sectionAddr + e.pos();
            start = readEncoded(e, cie.fdeEncoding(), fieldAddr, cie.addressSize());
            range = readEncoded(e, cie.fdeEncoding() & 0x0f, 0, cie.addressSize());
        }
        if (cie.augmentation().startsWith("z")) {
            e.skip(e.uleb());
        }
        byte[] ins = new byte[e.remaining()];
        System.arraycopy(e.data, e.pos(), ins, 0, ins.length);
        if (range <= 0 || start == 0) {
            return null; // empty, or code the linker discarded
        }
        return new Fde(offset, cie, start, start + range, ins, name);
    }

    /** Skips a DW_EH_PE-encoded value of any application (indirect, datarel, aligned, ...). */
    static void skipEncoded(DwarfReader r, int enc, int addressSize) throws DwarfFormatException {
        if (enc == 0xff) {
            return;
        }
        if ((enc & 0x70) == 0x50) { // DW_EH_PE_aligned: aligned to the address size within the data
            while (r.pos() % addressSize != 0) {
                r.u8();
            }
        }
        readEncoded(r, enc & 0x0f, 0, addressSize);
    }

    /** Reads a DW_EH_PE-encoded pointer; {@code fieldAddr} is the address of the field (for pcrel). */
    static long readEncoded(DwarfReader r, int enc, long fieldAddr, int addressSize) throws DwarfFormatException {
        if (enc == 0xff) {
            return 0; // DW_EH_PE_omit
        }
        int at = r.pos();
        long v;
        switch (enc & 0x0f) {
            case 0x00 -> v = r.unsigned(addressSize);
            case 0x01 -> v = r.uleb();
            case 0x02 -> v = r.u16();
            case 0x03 -> v = r.u32();
            case 0x04 -> v = r.u64();
            case 0x09 -> v = r.sleb();
            case 0x0a -> v = r.s16();
            case 0x0b -> v = r.s32();
            case 0x0c -> v = r.u64();
            default -> throw r.error(at, "unknown pointer encoding 0x" + Integer.toHexString(enc));
        }
        switch (enc & 0x70) {
            case 0x00 -> {
            }
            case 0x10 -> v += fieldAddr;
            default -> throw r.error(at, "unsupported pointer application 0x" + Integer.toHexString(enc & 0x70)
                    + " (textrel/datarel/funcrel/aligned)");
        }
        if ((enc & 0x80) != 0) {
            throw r.error(at, "indirect pointer encoding (DW_EH_PE_indirect) is not supported");
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------
    // Rule evaluation

    private static final class State {
        int cfaReg = RSP;
        long cfaOffset;
        byte[] cfaExpr;
        Map<Integer, Rule> rules = new HashMap<>();

        State copy() {
            State s = new State();
            s.cfaReg = cfaReg;
            s.cfaOffset = cfaOffset;
            s.cfaExpr = cfaExpr;
            s.rules = new HashMap<>(rules);
            return s;
        }
    }

    /** Runs the CIE's initial instructions and the FDE's instructions up to pc. */
    public static FrameRow evaluate(Fde fde, long pc) throws DwarfFormatException {
        Cie cie = fde.cie();
        State st = new State();
        long[] loc = {fde.start()};
        run(cie.initialInstructions(), cie, st, null, loc, Long.MAX_VALUE, fde.section());
        State initial = st.copy();
        run(fde.instructions(), cie, st, initial, loc, pc, fde.section());
        return new FrameRow(loc[0], st.cfaReg, st.cfaOffset, st.cfaExpr, Collections.unmodifiableMap(st.rules),
                cie.raRegister(), cie.signalFrame());
    }

    /** Every row of an FDE (location where it starts), for listing and tests. */
    public static List<FrameRow> table(Fde fde) throws DwarfFormatException {
        List<FrameRow> rows = new ArrayList<>();
        // Evaluate at each advance point: collect locations first
        List<Long> locs = new ArrayList<>();
        locs.add(fde.start());
        Cie cie = fde.cie();
        State st = new State();
        long[] loc = {fde.start()};
        run(cie.initialInstructions(), cie, st, null, loc, Long.MAX_VALUE, fde.section());
        State initial = st.copy();
        run(fde.instructions(), cie, st, initial, loc, Long.MAX_VALUE, fde.section(), locs);
        for (long l : locs) {
            if (l >= fde.start() && l < fde.end() && (rows.isEmpty() || rows.get(rows.size() - 1).location() != l)) {
                rows.add(evaluate(fde, l));
            }
        }
        return rows;
    }

    private static void run(byte[] ins, Cie cie, State st, State initial, long[] loc, long pc, String section)
            throws DwarfFormatException {
        run(ins, cie, st, initial, loc, pc, section, null);
    }

    private static void run(byte[] ins, Cie cie, State st, State initial, long[] loc, long pc, String section,
                            List<Long> locs) throws DwarfFormatException {
        DwarfReader r = new DwarfReader(section + " CFA instructions", ins);
        Deque<State> stack = new ArrayDeque<>();
        long ca = cie.codeAlign(), da = cie.dataAlign();
        while (!r.atEnd()) {
            int at = r.pos();
            int op = r.u8();
            int hi = op & 0xc0, low = op & 0x3f;
            long newLoc = -1;
            if (hi == 0x40) {
                newLoc = loc[0] + low * ca;
            } else if (hi == 0x80) {
                st.rules.put(low, new Rule(RuleKind.OFFSET, r.uleb() * da));
            } else if (hi == 0xc0) {
                restore(st, initial, low);
            } else {
                switch (op) {
                    case 0x00 -> {
                    }
                    case 0x01 -> newLoc = cie.fdeEncoding() < 0 ? r.unsigned(cie.addressSize())
                            : readEncoded(r, cie.fdeEncoding() & 0x0f, 0, cie.addressSize());
                    case 0x02 -> newLoc = loc[0] + r.u8() * ca;
                    case 0x03 -> newLoc = loc[0] + r.u16() * ca;
                    case 0x04 -> newLoc = loc[0] + r.u32() * ca;
                    case 0x05 -> st.rules.put(r.ulebInt("register"), new Rule(RuleKind.OFFSET, r.uleb() * da));
                    case 0x06 -> restore(st, initial, r.ulebInt("register"));
                    case 0x07 -> st.rules.put(r.ulebInt("register"), Rule.UNDEFINED);
                    case 0x08 -> st.rules.put(r.ulebInt("register"), Rule.SAME);
                    case 0x09 -> st.rules.put(r.ulebInt("register"), new Rule(RuleKind.REGISTER, r.uleb()));
                    case 0x0a -> {
                        if (stack.size() > 1000) {
                            throw r.error(at, "DW_CFA_remember_state nested too deep");
                        }
                        stack.push(st.copy());
                    }
                    case 0x0b -> {
                        if (stack.isEmpty()) {
                            throw r.error(at, "DW_CFA_restore_state without remember_state");
                        }
                        State s = stack.pop();
                        st.cfaReg = s.cfaReg;
                        st.cfaOffset = s.cfaOffset;
                        st.cfaExpr = s.cfaExpr;
                        st.rules = s.rules;
                    }
                    case 0x0c -> {
                        st.cfaReg = r.ulebInt("register");
                        st.cfaOffset = r.uleb();
                        st.cfaExpr = null;
                    }
                    case 0x0d -> {
                        st.cfaReg = r.ulebInt("register");
                        st.cfaExpr = null;
                    }
                    case 0x0e -> st.cfaOffset = r.uleb();
                    case 0x0f -> {
                        long n = r.uleb();
                        st.cfaExpr = bytes(r, n);
                    }
                    case 0x10 -> {
                        int reg = r.ulebInt("register");
                        r.skip(r.uleb());
                        st.rules.put(reg, new Rule(RuleKind.EXPRESSION, 0));
                    }
                    case 0x11 -> st.rules.put(r.ulebInt("register"), new Rule(RuleKind.OFFSET, r.sleb() * da));
                    case 0x12 -> {
                        st.cfaReg = r.ulebInt("register");
                        st.cfaOffset = r.sleb() * da;
                        st.cfaExpr = null;
                    }
                    case 0x13 -> st.cfaOffset = r.sleb() * da;
                    case 0x14 -> st.rules.put(r.ulebInt("register"), new Rule(RuleKind.VAL_OFFSET, r.uleb() * da));
                    case 0x15 -> st.rules.put(r.ulebInt("register"), new Rule(RuleKind.VAL_OFFSET, r.sleb() * da));
                    case 0x16 -> {
                        int reg = r.ulebInt("register");
                        r.skip(r.uleb());
                        st.rules.put(reg, new Rule(RuleKind.VAL_EXPRESSION, 0));
                    }
                    case 0x2e -> r.uleb(); // DW_CFA_GNU_args_size
                    case 0x2f -> st.rules.put(r.ulebInt("register"), new Rule(RuleKind.OFFSET, -r.uleb() * da));
                    default -> throw r.error(at, "unknown call frame instruction 0x" + Integer.toHexString(op));
                }
            }
            if (newLoc != -1) {
                if (newLoc > pc) {
                    return;
                }
                loc[0] = newLoc;
                if (locs != null) {
                    locs.add(newLoc);
                }
            }
        }
    }

    private static byte[] bytes(DwarfReader r, long n) throws DwarfFormatException {
        if (n < 0 || n > r.remaining()) {
            throw r.error(r.pos(), "expression of " + n + " bytes runs past the instructions");
        }
        byte[] b = new byte[(int) n];
        System.arraycopy(r.data, r.pos(), b, 0, (int) n);
        r.skip(n);
        return b;
    }

    private static void restore(State st, State initial, int reg) {
        Rule r = initial == null ? null : initial.rules.get(reg);
        if (r == null) {
            st.rules.remove(reg);
        } else {
            st.rules.put(reg, r);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Unwinding one frame

    /** Reads guest memory for the unwinder; empty when the address is not readable. */
    public interface Memory {
        OptionalLong read64(long address);
    }

    /**
     * Computes the caller's registers from {@code regs} (DWARF numbering; index 16 = rip) using the row
     * for {@code lookupPc}. Throws when the rule cannot be applied (CFA expression, unreadable memory).
     */
    public static Registers step(FrameRow row, Registers regs, Memory mem) throws UnwindException {
        if (row.cfaExpression() != null) {
            throw new UnwindException("CFA is a DWARF expression (DW_CFA_def_cfa_expression): not supported");
        }
        if (!regs.has(row.cfaRegister())) {
            throw new UnwindException("CFA register " + Expressions.reg(row.cfaRegister()) + " is unknown");
        }
        long cfa = regs.get(row.cfaRegister()) + row.cfaOffset();
        Registers caller = new Registers();
        for (int reg = 0; reg < Registers.COUNT; reg++) {
            Rule rule = row.rules().get(reg);
            if (rule == null) {
                // not mentioned: same value (callee-saved registers the function did not touch)
                if (reg != RSP && reg != row.returnAddressRegister() && regs.has(reg)) {
                    caller.set(reg, regs.get(reg));
                }
                continue;
            }
            switch (rule.kind()) {
                case UNDEFINED -> {
                }
                case SAME_VALUE -> {
                    if (regs.has(reg)) {
                        caller.set(reg, regs.get(reg));
                    }
                }
                case OFFSET -> {
                    OptionalLong v = mem.read64(cfa + rule.operand());
                    if (v.isEmpty()) {
                        throw new UnwindException(String.format("cannot read saved %s at CFA%+d = 0x%x",
                                Expressions.reg(reg), rule.operand(), cfa + rule.operand()));
                    }
                    caller.set(reg, v.getAsLong());
                }
                case VAL_OFFSET -> caller.set(reg, cfa + rule.operand());
                case REGISTER -> {
                    if (regs.has((int) rule.operand())) {
                        caller.set(reg, regs.get((int) rule.operand()));
                    }
                }
                case EXPRESSION, VAL_EXPRESSION -> {
                    if (reg == row.returnAddressRegister()) {
                        throw new UnwindException("return address rule is a DWARF expression: not supported");
                    }
                }
            }
        }
        caller.set(RSP, cfa); // x86-64: the CFA is the caller's stack pointer before the call
        Rule ra = row.rules().get(row.returnAddressRegister());
        if (ra == null || ra.kind() == RuleKind.UNDEFINED) {
            caller.clear(RIP); // outermost frame
        } else if (row.returnAddressRegister() != RIP && caller.has(row.returnAddressRegister())) {
            caller.set(RIP, caller.get(row.returnAddressRegister()));
        }
        return caller;
    }

    /** A frame could not be unwound; the message says why. */
    public static final class UnwindException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnwindException(String message) {
            super(message);
        }
    }
}
