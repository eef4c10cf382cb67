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
}
