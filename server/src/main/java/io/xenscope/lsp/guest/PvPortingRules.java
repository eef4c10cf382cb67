package io.xenscope.lsp.guest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.DiagnosticSeverity;

/**
 * Instructions a 64-bit PV kernel may not execute as on bare metal. A 64-bit PV kernel runs in
 * ring 3 with IOPL 0: privileged instructions raise #GP, which Xen either emulates (a few, through
 * its privileged-operation emulator, at the cost of a trap each) or reflects to the guest's own
 * #GP handler registered with set_trap_table. Each rule says what Xen does and the hypercall to
 * use instead.
 */
public final class PvPortingRules {
    /** A finding: severity, a stable code ("pv-cli"), and the message. */
    public record Finding(DiagnosticSeverity severity, String code, String message) {
    }

    private record Rule(DiagnosticSeverity severity, String what, String instead) {
    }

    private static final String GP = "raises #GP in the ring-3 64-bit PV kernel; Xen reflects it to the guest's #GP handler (trap 13 in its set_trap_table)";
    private static final Map<String, Rule> RULES = new HashMap<>();
    private static final Pattern CR = Pattern.compile("%?\\bcr([0-9]+)\\b"), DR = Pattern.compile("%?\\b(?:db|dr)([0-7])\\b");
    private static final Pattern INT = Pattern.compile("\\$?(0x[0-9a-f]+|[0-9]+)");

    private static void rule(DiagnosticSeverity s, String what, String instead, String... mnemonics) {
        for (String m : mnemonics) RULES.put(m, new Rule(s, what, instead));
    }

    static {
        DiagnosticSeverity E = DiagnosticSeverity.Error, W = DiagnosticSeverity.Warning, I = DiagnosticSeverity.Information;
        String ifNote = " (interrupts are virtualised as event upcalls, masked per vCPU in vcpu_info, not by EFLAGS.IF; Xen emulates cli/sti as that mask only for a guest given a virtual IOPL with PHYSDEVOP_set_iopl)";
        rule(E, GP + ifNote,
                "set vcpu_info->evtchn_upcall_mask = 1 (shared_info->vcpu_info[cpu])", "cli");
        rule(E, GP + ifNote,
                "clear vcpu_info->evtchn_upcall_mask, then if evtchn_upcall_pending is set force the upcall (any hypercall, e.g. HYPERVISOR_xen_version(XENVER_version), makes Xen deliver it)", "sti");
        rule(E, GP, "HYPERVISOR_sched_op(SCHEDOP_block, NULL): it unmasks events atomically and sleeps until one is pending (SCHEDOP_yield to give up the CPU, SCHEDOP_shutdown to stop)", "hlt");
        rule(E, GP + "; the GDT belongs to Xen", "HYPERVISOR_set_gdt(frames, entries) with the GDT's machine frames mapped read-only (HYPERVISOR_update_descriptor to change an entry)", "lgdt", "lgdtq", "lgdtl");
        rule(E, GP + "; the IDT belongs to Xen", "HYPERVISOR_set_trap_table(trap_info[]) — entries {vector, flags (DPL, mask events), cs, address}, ended by a zero entry", "lidt", "lidtq", "lidtl");
        rule(E, GP, "HYPERVISOR_mmuext_op with MMUEXT_SET_LDT (linear_addr, nr_ents)", "lldt");
        rule(E, GP + "; the TSS belongs to Xen", "nothing to load: give Xen the kernel stack with HYPERVISOR_stack_switch(ss, rsp) (the TSS's rsp0)", "ltr");
        rule(E, GP + " unless the domain was given I/O privileges (PHYSDEVOP_set_iopl / set_iobitmap, xl.cfg ioports=): a domU has no I/O ports",
                "the PV console (the console ring from start_info, or HYPERVISOR_console_io(CONSOLEIO_write)) instead of a UART or port 0xE9",
                "in", "inb", "inw", "inl", "out", "outb", "outw", "outl", "ins", "insb", "insw", "insl", "insd",
                "outs", "outsb", "outsw", "outsl", "outsd");
        rule(W, "traps to Xen, which emulates reads of a few MSRs and injects #GP for the rest", "pvclock (vcpu_info->time) instead of TSC/APIC MSRs; remember the segment bases you set with HYPERVISOR_set_segment_base", "rdmsr");
        rule(W, "traps to Xen, which ignores or refuses (#GP) most MSR writes from a PV guest",
                "HYPERVISOR_set_segment_base(SEGBASE_FS / SEGBASE_GS_KERNEL / SEGBASE_GS_USER, base) for FS_BASE/GS_BASE/KERNEL_GS_BASE; HYPERVISOR_callback_op(CALLBACKOP_register, CALLBACKTYPE_syscall) for STAR/LSTAR", "wrmsr");
        rule(W, "needs CR4.FSGSBASE, which a PV kernel cannot set", "HYPERVISOR_set_segment_base(SEGBASE_FS or SEGBASE_GS_KERNEL, base)", "wrfsbase", "wrgsbase");
        rule(W, "traps to Xen, which ignores it unless the domain has cache-flush permission (passthrough devices): a #GP round trip for nothing", "HYPERVISOR_mmuext_op(MMUEXT_FLUSH_CACHE) (same permission), or drop it", "wbinvd");
        rule(E, GP, "nothing: a guest may not discard caches; HYPERVISOR_mmuext_op(MMUEXT_FLUSH_CACHE) flushes them (with cache-flush permission)", "invd");
        rule(E, GP + "; the guest's TLB is Xen's", "HYPERVISOR_mmuext_op(MMUEXT_INVLPG_LOCAL, linear_addr) or UVMF_INVLPG in HYPERVISOR_update_va_mapping", "invlpg");
        rule(E, GP + "; Xen switches the kernel/user GS bases itself on every kernel entry and exit",
                "remove it; load a user GS selector with HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, sel)", "swapgs");
        rule(E, "faults in the ring-3 PV kernel; a PV kernel returns to user mode through Xen",
                "the iret hypercall with VGCF_in_syscall set in iret_context.flags (jmp hypercall_page + __HYPERVISOR_iret*32)", "sysret", "sysretq", "sysretl", "sysexit", "sysexitq");
        rule(W, "cannot restore the event mask or switch to the user page tables; frames Xen builds (exceptions, event upcalls) carry rcx and r11 on top",
                "the iret hypercall (__HYPERVISOR_iret = 23): push the iret_context {rax, r11, rcx, flags, rip, cs, rflags, rsp, ss} and jmp hypercall_page + 23*32", "iret", "iretq", "iretl", "iretd");
        rule(E, "is #UD in a PV guest (that is the HVM/PVH hypercall instruction)",
                "call through the hypercall page (XEN_ELFNOTE_HYPERCALL_PAGE): call hypercall_page + nr*32 — its 64-bit PV stubs use syscall", "vmcall", "vmmcall");
        rule(W, "traps to Xen, which emulates it (clears CR0.TS) at the cost of a #GP round trip", "HYPERVISOR_fpu_taskswitch(0) to clear CR0.TS (1 to set it)", "clts");
        rule(E, GP, "HYPERVISOR_fpu_taskswitch for CR0.TS; other CR0 bits are Xen's", "lmsw");
        rule(I, "cannot change EFLAGS.IF in the ring-3 PV kernel (the IF bit is silently kept)", "save and restore vcpu_info->evtchn_upcall_mask instead of IF", "popf", "popfq", "popfl");
    }

    private PvPortingRules() {
    }

    /** Checks one instruction statement (labels and prefixes already removed). */
    public static Optional<Finding> check(String mnemonic, String operands) {
        String m = mnemonic.toLowerCase(Locale.ROOT);
        String ops = operands.toLowerCase(Locale.ROOT).replace("%%", "%").trim();
        if (m.startsWith("mov")) return movSpecial(m, ops);
        if (m.equals("int")) return interrupt(ops);
        Rule r = RULES.get(m);
        if (r == null) return Optional.empty();
        return Optional.of(new Finding(r.severity, "pv-" + m, "`" + m + "` " + r.what + ". Instead: " + r.instead + "."));
    }

    public static boolean isRuleMnemonic(String m) {
        return RULES.containsKey(m) || m.equals("int") || m.startsWith("mov");
    }

    private static Optional<Finding> interrupt(String ops) {
        Matcher n = INT.matcher(ops);
        if (!n.find()) return Optional.empty();
        String v = n.group(1);
        long vec = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        if (vec == 0x80) {
            return Optional.of(new Finding(DiagnosticSeverity.Warning, "pv-int80",
                    "`int $0x80` goes through the virtual IDT: without a HYPERVISOR_set_trap_table entry for vector 0x80 (DPL 3 for user mode) Xen injects #GP. "
                            + "Instead: register the vector with set_trap_table, or use syscall with HYPERVISOR_callback_op(CALLBACKOP_register, CALLBACKTYPE_syscall)."));
        }
        if (vec == 0x82) {
            return Optional.of(new Finding(DiagnosticSeverity.Error, "pv-int82",
                    "`int $0x82` is the 32-bit PV hypercall gate; a 64-bit PV guest faults. Instead: call hypercall_page + nr*32 (the stubs use syscall)."));
        }
        return Optional.empty();
    }

    /** mov to/from control and debug registers; direction from AT&T (%) or Intel operand order. */
    private static Optional<Finding> movSpecial(String m, String ops) {
        List<String> parts = splitOperands(ops);
        if (parts.size() != 2) return Optional.empty();
        boolean att = ops.contains("%");
        String src = att ? parts.get(0) : parts.get(1), dst = att ? parts.get(1) : parts.get(0);
        Matcher cs = CR.matcher(src), cd = CR.matcher(dst);
        if (cd.matches()) return Optional.of(crWrite(Integer.parseInt(cd.group(1))));
        if (cs.matches()) return Optional.of(crRead(Integer.parseInt(cs.group(1))));
        if (DR.matcher(dst).matches() || DR.matcher(src).matches()) {
            return Optional.of(new Finding(DiagnosticSeverity.Warning, "pv-mov-dr",
                    "`mov` to/from a debug register traps to Xen (emulated, one #GP trap each). Instead: HYPERVISOR_set_debugreg(reg, value) / HYPERVISOR_get_debugreg(reg)."));
        }
        return Optional.empty();
    }

    private static Finding crWrite(int n) {
        return switch (n) {
            case 0 -> new Finding(DiagnosticSeverity.Warning, "pv-mov-to-cr0",
                    "`mov` to %cr0 traps to Xen, which emulates only a change of CR0.TS and injects #GP for other bits. Instead: HYPERVISOR_fpu_taskswitch(1/0) for TS; the rest of CR0 is Xen's.");
            case 3 -> new Finding(DiagnosticSeverity.Warning, "pv-mov-to-cr3",
                    "`mov` to %cr3 traps to Xen's privileged-op emulator (a #GP round trip per write); the value must be the MACHINE address of an L4 Xen accepts as a page table. "
                            + "Instead: HYPERVISOR_mmuext_op(MMUEXT_NEW_BASEPTR, mfn) after MMUEXT_PIN_L4_TABLE (batchable, no trap).");
            case 2 -> new Finding(DiagnosticSeverity.Warning, "pv-mov-to-cr2",
                    "`mov` to %cr2 traps to Xen; nothing needs it in a PV guest (the fault address arrives in vcpu_info->arch.cr2).");
            case 4 -> new Finding(DiagnosticSeverity.Warning, "pv-mov-to-cr4",
                    "`mov` to %cr4 traps to Xen, which keeps only the few CR4 bits a PV guest may control and drops the rest (CR4 belongs to Xen). "
                            + "Instead: do not manage CR4 — ask for features through ELF notes (XEN_ELFNOTE_FEATURES) and HYPERVISOR_vm_assist.");
            default -> new Finding(DiagnosticSeverity.Error, "pv-mov-to-cr" + n,
                    "`mov` to %cr" + n + " " + GP + ".");
        };
    }

    private static Finding crRead(int n) {
        return switch (n) {
            case 3 -> new Finding(DiagnosticSeverity.Information, "pv-mov-from-cr3",
                    "`mov` from %cr3 is emulated by Xen: it returns the MACHINE address of the current L4, not a pseudo-physical one; translate through the M2P table (machine_to_phys_mapping at MACH2PHYS_VIRT_START) before using it as a pfn, or keep your own copy (start_info->pt_base is its virtual address).");
            case 0 -> new Finding(DiagnosticSeverity.Information, "pv-mov-from-cr0",
                    "`mov` from %cr0 is emulated by Xen (a #GP trap per read): it returns the guest's virtual CR0. Keep a software copy on hot paths.");
            case 2 -> new Finding(DiagnosticSeverity.Information, "pv-mov-from-cr2",
                    "`mov` from %cr2 is emulated by Xen (a trap per read). Instead: read vcpu_info->arch.cr2, where Xen stores the #PF address.");
            case 4 -> new Finding(DiagnosticSeverity.Information, "pv-mov-from-cr4",
                    "`mov` from %cr4 is emulated by Xen: it returns the CR4 Xen presents to the guest, not the real one.");
            default -> new Finding(DiagnosticSeverity.Error, "pv-mov-from-cr" + n, "`mov` from %cr" + n + " " + GP + ".");
        };
    }

    static List<String> splitOperands(String ops) {
        List<String> out = new java.util.ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < ops.length(); i++) {
            char c = ops.charAt(i);
            if (c == '(' || c == '[') depth++;
            else if (c == ')' || c == ']') depth--;
            else if (c == ',' && depth == 0) {
                out.add(ops.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (!ops.isBlank()) out.add(ops.substring(start).trim());
        return out;
    }
}
