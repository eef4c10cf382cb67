package io.xenscope.dap;

import io.xenscope.cpu.Cpu;
import io.xenscope.debug.DebugSession;
import io.xenscope.debug.symbols.SymbolTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.debug.Source;

/** Shared helpers: registers by name, addresses as memory references, sources of addresses. */
public final class GuestView {
    private GuestView() {
    }

    public static final String[] GPR = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10",
            "r11", "r12", "r13", "r14", "r15"};
    /** Display order of the general registers (as gdb's "info registers"). */
    public static final String[] GPR_ORDER = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9",
            "r10", "r11", "r12", "r13", "r14", "r15"};
    public static final String[] SEG = {"es", "cs", "ss", "ds", "fs", "gs"};

    /** Every register the adapter knows by name, with its current value. */
    public static Map<String, Long> registers(DebugSession s) {
        Cpu c = s.cpu();
        Map<String, Long> m = new LinkedHashMap<>();
        for (String r : GPR_ORDER) {
            m.put(r, c.gpr[indexOf(r)]);
        }
        m.put("rip", c.rip);
        m.put("rflags", s.rflags());
        for (int i = 0; i < SEG.length; i++) {
            m.put(SEG[i], (long) c.seg[i].selector);
        }
        m.put("fs_base", c.seg[Cpu.FS].base);
        m.put("gs_base", c.seg[Cpu.GS].base);
        m.put("cr0", c.cr0);
        m.put("cr2", c.cr2);
        m.put("cr3", c.cr3);
        m.put("cr4", c.cr4);
        m.put("efer", c.efer);
        return m;
    }

    static int indexOf(String gpr) {
        for (int i = 0; i < GPR.length; i++) {
            if (GPR[i].equals(gpr)) {
                return i;
            }
        }
        throw new IllegalArgumentException(gpr);
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** Parses a memory or instruction reference: {@code 0x...} hex, or decimal. */
    public static long parseAddress(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new DapError("missing memory reference");
        }
        String r = ref.trim();
        try {
            if (r.startsWith("0x") || r.startsWith("0X")) {
                return Long.parseUnsignedLong(r.substring(2), 16);
            }
            return Long.parseUnsignedLong(r);
        } catch (NumberFormatException e) {
            throw new DapError("not an address: '" + ref + "'");
        }
    }

    /** The DAP source of a DWARF file name (absolute when we can find it). */
    public static Source source(DapContext ctx, String file) {
        if (file == null) {
            return null;
        }
        Path p = Path.of(file);
        if (!p.isAbsolute() && ctx.program() != null) {
            Path dir = ctx.program().toAbsolutePath().getParent();
            if (dir != null && Files.exists(dir.resolve(p))) {
                p = dir.resolve(p);
            }
        }
        Source s = new Source();
        s.setName(p.getFileName().toString());
        s.setPath(p.normalize().toString());
        return s;
    }

    public static Optional<SymbolTable.Symbolized> lookup(DebugSession s, long address) {
        SymbolTable st = s.symbols();
        return st == null ? Optional.empty() : st.lookup(address);
    }
}
