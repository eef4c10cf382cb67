package io.xenscope.dap.expr;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.debug.DebugSession;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The registers expressions may name, as gdb names them on amd64: the 64-bit GPRs and their 32-,
 * 16- and low 8-bit views (eax, ax, al, r8d, r8w, r8b), rip, rflags (eflags), the segment selectors,
 * fs_base/gs_base, cr0, cr2, cr3, cr4 (CR1 is reserved: SDM vol. 3A §2.5), efer; {@code $} prefix
 * optional, and pc, sp, fp as aliases.
 */
public final class GuestRegisters {
    private static final String[] GPR = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"};
    private static final String[] GPR32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    private static final String[] GPR16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    private static final String[] GPR8 = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"};
    private static final String[] SEG = {"es", "cs", "ss", "ds", "fs", "gs"};
    private static final Map<String, ToLongFunction<DebugSession>> READ = new LinkedHashMap<>();

    static {
        for (int i = 0; i < 16; i++) {
            int n = i;
            String base = i < 8 ? GPR[i] : "r" + i;
            READ.put(base, s -> s.cpu().gpr[n]);
            READ.put(i < 8 ? GPR32[i] : base + "d", s -> s.cpu().gpr[n] & 0xffff_ffffL);
            READ.put(i < 8 ? GPR16[i] : base + "w", s -> s.cpu().gpr[n] & 0xffff);
            READ.put(i < 8 ? GPR8[i] : base + "b", s -> s.cpu().gpr[n] & 0xff);
        }
        READ.put("rip", s -> s.cpu().rip);
        READ.put("rflags", s -> Flags.read(s.cpu()));
        for (int i = 0; i < SEG.length; i++) {
            int n = i;
            READ.put(SEG[i], s -> s.cpu().seg[n].selector);
        }
        READ.put("fs_base", s -> s.cpu().seg[Cpu.FS].base);
        READ.put("gs_base", s -> s.cpu().seg[Cpu.GS].base);
        READ.put("cr0", s -> s.cpu().cr0);
        READ.put("cr2", s -> s.cpu().cr2);
        READ.put("cr3", s -> s.cpu().cr3);
        READ.put("cr4", s -> s.cpu().cr4);
        READ.put("efer", s -> s.cpu().efer);
    }

    private GuestRegisters() {
    }

    /** The canonical name of a register ({@code $RIP} → rip, eflags → rflags, pc → rip), if it is one. */
    public static Optional<String> canonical(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("$")) {
            n = n.substring(1);
        }
        n = switch (n) {
            case "eflags" -> "rflags";
            case "pc" -> "rip";
            case "fp" -> "rbp";
            case "sp" -> "rsp"; // gdb's $sp: the stack pointer, not the 16-bit view
            default -> n;
        };
        return READ.containsKey(n) ? Optional.of(n) : Optional.empty();
    }

    /** A reader of the named register, if it is one. */
    public static Optional<ToLongFunction<DebugSession>> reader(String name) {
        return canonical(name).map(READ::get);
    }

    /** RFLAGS bits a debugger may change: the status flags, TF and DF (SDM vol. 1 §3.4.3). */
    public static final long WRITABLE_FLAGS = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.TF
            | 1L << 10 | 1L << 11;

    /**
     * Sets a register the debugger may change without breaking the machine's invariants: the GPRs
     * (a narrower view writes its bits only, as an instruction writing it would not zero-extend
     * here), rip, the RFLAGS bits of {@link #WRITABLE_FLAGS}, fs_base, gs_base and cr2. Selectors,
     * CR0/3/4 and EFER are refused with the reason (their caches, Xen's validation of CR3).
     */
    public static void write(DebugSession s, String name, long value) {
        String n = canonical(name).orElseThrow(() -> new ExpressionError("no register '" + name + "'"));
        Cpu c = s.cpu();
        for (int i = 0; i < 16; i++) {
            String base = i < 8 ? GPR[i] : "r" + i;
            if (n.equals(base)) {
                c.gpr[i] = value;
                return;
            }
            long mask = n.equals(i < 8 ? GPR32[i] : base + "d") ? 0xffff_ffffL
                    : n.equals(i < 8 ? GPR16[i] : base + "w") ? 0xffffL
                    : n.equals(i < 8 ? GPR8[i] : base + "b") ? 0xffL : 0;
            if (mask != 0) {
                c.gpr[i] = c.gpr[i] & ~mask | value & mask;
                return;
            }
        }
        switch (n) {
            case "rip" -> c.rip = value;
            case "rflags" -> {
                long now = Flags.read(c);
                long changed = (now ^ value) & ~WRITABLE_FLAGS;
                if (changed != 0) {
                    throw new ExpressionError(String.format(
                            "only CF PF AF ZF SF TF DF OF can be changed (bits 0x%x differ)", changed));
                }
                Flags.write(c, value);
            }
            case "fs_base" -> c.seg[Cpu.FS].base = value;
            case "gs_base" -> c.seg[Cpu.GS].base = value;
            case "cr2" -> c.cr2 = value;
            case "cr0", "cr3", "cr4", "efer" -> throw new ExpressionError(n + " cannot be changed from the debugger: "
                    + "the paging and mode state (and Xen's validation of page tables) hang on it");
            default -> throw new ExpressionError(n + " cannot be changed from the debugger: a segment register's "
                    + "descriptor cache would not follow; load it in the guest");
        }
    }
}
