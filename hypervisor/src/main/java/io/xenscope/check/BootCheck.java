package io.xenscope.check;

import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.ElfFormatException;
import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.cpu.Cpu;
import io.xenscope.debug.DebugMemory;
import io.xenscope.debug.symbols.CallFrameInfo;
import io.xenscope.debug.symbols.Registers;
import io.xenscope.debug.symbols.SymbolTable;
import io.xenscope.debug.symbols.Unwinder;
import io.xenscope.xen.MachineEvent;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.XenMachine;
import io.xenscope.xen.RunReport;
import io.xenscope.xen.ShutdownReason;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.PageTableUpdateRejected;
import io.xenscope.xen.mm.Pte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The headless boot check: boots a PV kernel on the emulated Xen until it shuts down (or a budget
 * runs out, or it blocks forever) and turns what happened into {@link Finding}s located in the
 * guest's sources through DWARF:
 * <ul>
 * <li>each page-table update Xen refused: an error at the line of the code that made the hypercall
 * (the call stack is captured while the hypercall runs, then walked outward past the hypercall page
 * and the SDK's wrappers, inlined or not, to the first position in the user's sources), with the
 * rule's explanation and, as notes, the PTE's machine address and level, old/new values, frame
 * types and the call stack;</li>
 * <li>a failed hypercall a porter must know about (mmu and descriptor-table calls, callbacks, trap
 * table) and every hypercall Xen does not have (-ENOSYS): a warning at the call site;</li>
 * <li>an unhandled fault or a crash shutdown: an error at the faulting (or crashing) line;</li>
 * <li>no shutdown within the budget, or blocked forever: a warning without a location.</li>
 * </ul>
 * Identical findings at one place are merged with a count. No LSP or CLI types here.
 */
public final class BootCheck {
    /** Default instruction budget: a few seconds of emulation. */
    public static final long DEFAULT_BUDGET = 2_000_000_000L;
    static final int MAX_FRAMES = 32;

    /** Hypercalls whose failures are reported as warnings. */
    static final Set<String> WATCHED = Set.of("mmu_update", "mmuext_op", "update_va_mapping",
            "update_va_mapping_otherdomain", "set_trap_table", "set_gdt", "stack_switch", "set_callbacks",
            "update_descriptor", "callback_op", "vm_assist", "set_segment_base");

    /** The kernel cannot be checked (unreadable, not an ELF, not bootable as PV): the message says why. */
    public static final class Unbootable extends Exception {
        public Unbootable(String message) {
            super(message);
        }
    }

    /** Everything a check produced. {@code nanos} is the wall time of boot + run + symbolization. */
    public record Result(Path kernel, RunReport report, List<Finding> findings, long nanos, List<String> symbolProblems) {
        public long errors() {
            return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        }

        public long warnings() {
            return findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
        }
    }

    private final PvBootOptions options;
    private final long budget;
    private final Predicate<String> sdkFile;

    public BootCheck() {
        this(PvBootOptions.defaults(), DEFAULT_BUDGET, BootCheck::isSdkFile);
    }

    /** @param sdkFile which source files are the SDK's (wrappers the call stack is walked past) */
    public BootCheck(PvBootOptions options, long budget, Predicate<String> sdkFile) {
        this.options = options;
        this.budget = budget;
        this.sdkFile = sdkFile;
    }

    /** guest-sdk sources and headers: the hypercall wrappers, lib/, the boot stub. */
    public static boolean isSdkFile(String path) {
        String p = path.replace('\\', '/');
        return p.contains("/guest-sdk/") || p.startsWith("guest-sdk/");
    }

    public Result run(Path kernel) throws Unbootable {
        long t0 = System.nanoTime();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(kernel);
        } catch (NoSuchFileException e) {
            throw new Unbootable(kernel + ": no such file");
        } catch (IOException e) {
            throw new Unbootable(kernel + ": cannot read: " + e.getMessage());
        }
        ElfImage image;
        try {
            image = ElfImage.parse(bytes);
        } catch (ElfFormatException e) {
            throw new Unbootable(kernel + ": not a usable ELF image: " + e.getMessage());
        }
        BootCapabilities.Verdict pv = BootCapabilities.of(image).get(GuestType.PV);
        if (!pv.bootable()) {
            throw new Unbootable(kernel + ": cannot boot as a PV guest: " + pv.reason());
        }
        XenMachine machine;
        try {
            machine = XenMachine.boot(bytes, options);
        } catch (ElfFormatException | XenImageException | RuntimeException e) {
            throw new Unbootable(kernel + ": the domain builder refused it: " + e.getMessage());
        }
        SymbolTable symbols = SymbolTable.load(image);
        Collector c = new Collector(machine, symbols);
        machine.addListener(c::onEvent);
        RunReport report = machine.run(budget);
        c.finish(report);
        return new Result(kernel, report, c.merged(), System.nanoTime() - t0, symbols.problems());
    }

    /** One position of the captured call stack. */
    record StackEntry(String function, String file, int line, int column, long pc) {
        String describe() {
            return (function == null ? "??" : function) + (file == null ? String.format(" (pc 0x%x, no line information)", pc) : "");
        }
    }

    private final class Collector {
        private final XenMachine machine;
        private final SymbolTable symbols;
        private final DebugMemory memory;
        private final List<Finding> findings = new ArrayList<>();
        /** (rip, instruction) of calls already reported, so the HypercallEvent that follows is not reported twice. */
        private final Set<String> reportedCalls = new java.util.HashSet<>();
        private boolean fatalFault;
        private MachineEvent.GuestFault lastFault;
        private List<StackEntry> lastFaultStack = List.of();

        Collector(XenMachine machine, SymbolTable symbols) {
            this.machine = machine;
            this.symbols = symbols;
            this.memory = new DebugMemory(machine.vcpu0().cpu);
        }

        void onEvent(MachineEvent e) {
            try {
                if (e instanceof MachineEvent.PageTableUpdateRejected p) {
                    rejected(p);
                } else if (e instanceof MachineEvent.UnknownHypercall u) {
                    reportedCalls.add(u.rip() + "@" + u.instruction());
                    List<StackEntry> stack = hypercallStack(u.rip());
                    add(Finding.Severity.WARNING, "unknown-hypercall", stack,
                            String.format("hypercall %d%s does not exist in Xen 4.17 (or is not modelled): -ENOSYS",
                                    u.number(), u.name().startsWith("hypercall") ? "" : " (" + u.name() + ")"), List.of());
                } else if (e instanceof MachineEvent.HypercallEvent h) {
                    if (h.result() < 0 && h.result() > -4096 && WATCHED.contains(h.name())
                            && !reportedCalls.contains(h.rip() + "@" + h.instruction())) {
                        List<StackEntry> stack = hypercallStack(h.rip());
                        add(Finding.Severity.WARNING, "failed-hypercall", stack,
                                String.format("%s failed with -%s", h.name(), io.xenscope.xen.mm.Errno.name((int) -h.result())),
                                List.of(new Finding.Note(null, 0, "arguments: " + args(h.args()))));
                    }
                } else if (e instanceof MachineEvent.GuestFault f && !f.bounced() && !f.emulated()) {
                    fatalFault = true;
                    Cpu cpu = machine.vcpu0().cpu;
                    List<StackEntry> stack = unwind(Registers.of(cpu.rip, cpu.gpr[4], cpu.gpr[5]));
                    List<Finding.Note> notes = new ArrayList<>();
                    if (f.vector() == 14) {
                        notes.add(new Finding.Note(null, 0, String.format("cr2 0x%x, error code 0x%x", f.cr2(), f.errorCode())));
                    }
                    add(Finding.Severity.ERROR, "fault", stack, String.format("unhandled %s at rip 0x%x: %s; Xen crashes"
                            + " the domain (no handler registered with set_trap_table)",
                            io.xenscope.xen.PvTraps.vectorName(f.vector()), f.rip(), f.description()), notes);
                } else if (e instanceof MachineEvent.GuestFault f && f.bounced() && !f.emulated()) {
                    // the guest's own handler got it; if the domain then crashes, this is why
                    Cpu cpu = machine.vcpu0().cpu;
                    lastFault = f;
                    lastFaultStack = unwind(Registers.of(cpu.rip, cpu.gpr[4], cpu.gpr[5]));
                } else if (e instanceof MachineEvent.Shutdown s && s.reason() == ShutdownReason.CRASH && !fatalFault) {
                    Vcpu v = machine.vcpu0();
                    List<StackEntry> crashStack = hypercallStack(v.callerRip());
                    String how = s.detail() == null || s.detail().isEmpty() ? "SCHEDOP_shutdown SHUTDOWN_crash" : s.detail();
                    if (lastFault != null) {
                        List<Finding.Note> notes = new ArrayList<>();
                        if (lastFault.vector() == 14) {
                            notes.add(new Finding.Note(null, 0, String.format("cr2 0x%x, error code 0x%x", lastFault.cr2(), lastFault.errorCode())));
                        }
                        StackEntry crashAt = crashStack.stream().filter(x -> x.file() != null).findFirst().orElse(null);
                        if (crashAt != null) {
                            notes.add(new Finding.Note(crashAt.file(), crashAt.line(), "the guest's handler crashed the domain here (" + how + ")"));
                        }
                        add(Finding.Severity.ERROR, "fault", lastFaultStack, String.format("%s at rip 0x%x: %s; the guest's"
                                + " handler then crashed the domain", io.xenscope.xen.PvTraps.vectorName(lastFault.vector()),
                                lastFault.rip(), lastFault.description()), notes);
                    } else {
                        add(Finding.Severity.ERROR, "crash", crashStack, "the domain crashed (" + how + ")", List.of());
                    }
                }
            } catch (RuntimeException bug) {
                findings.add(new Finding(Finding.Severity.WARNING, "internal", null, 0, 0,
                        "boot check: could not symbolize an event: " + bug, List.of(), 1));
            }
        }

        private void rejected(MachineEvent.PageTableUpdateRejected p) {
            PageTableUpdateRejected r = p.rejection();
            OptionalLong rip = r.guestRip();
            List<StackEntry> stack = rip.isPresent() ? hypercallStack(rip.getAsLong()) : List.of();
            if (rip.isPresent()) {
                reportedCalls.add(rip.getAsLong() + "@" + p.instruction());
            }
            List<Finding.Note> notes = new ArrayList<>();
            notes.add(new Finding.Note(null, 0, "rule " + r.rule().name() + ": " + r.rule().summary()));
            if (r.pteAddress() >= 0) {
                notes.add(new Finding.Note(null, 0, String.format("PTE at machine address %s, level %d (L%d entry %d of mfn 0x%x%s)",
                        Pte.hex(r.pteAddress()), r.level(), r.level(), (r.pteAddress() & 4095) / 8, r.pteAddress() >>> 12,
                        r.tableFrameType() == null ? "" : ", a " + r.tableFrameType().words())));
                notes.add(new Finding.Note(null, 0, "old value " + Pte.hex(r.oldValue()) + ", new value " + Pte.hex(r.newValue())));
            }
            if (r.referencedMfn() >= 0) {
                notes.add(new Finding.Note(null, 0, String.format("references mfn 0x%x%s", r.referencedMfn(),
                        r.referencedType() == null ? "" : " (" + r.referencedType().words() + ")")));
            }
            add(Finding.Severity.ERROR, "refused-update", stack, r.explanation(), notes);
        }

        /**
         * The stack of a hypercall in progress. {@code callerRip} is the return address into the code
         * that called the hypercall page (Vcpu.callerRip). While RIP is inside the page, the stub has
         * pushed rcx and r11 over that return address: the caller's rsp after the call is rsp + 24.
         */
        private List<StackEntry> hypercallStack(long callerRip) {
            Vcpu v = machine.vcpu0();
            Cpu cpu = v.cpu;
            long hp = v.domain.hypercallPageVa;
            boolean inPage = hp != -1 && cpu.rip >= hp && cpu.rip < hp + 4096;
            long rsp = inPage ? cpu.gpr[4] + 24 : cpu.gpr[4];
            // pc inside the call instruction: the caller's state and line there are those of the call
            return unwind(Registers.of(callerRip - 1, rsp, cpu.gpr[5]));
        }

        private List<StackEntry> unwind(Registers start) {
            CallFrameInfo.Memory mem = address -> {
                byte[] b = memory.read(address, 8);
                if (b.length < 8) {
                    return OptionalLong.empty();
                }
                long x = 0;
                for (int i = 7; i >= 0; i--) {
                    x = (x << 8) | (b[i] & 0xff);
                }
                return OptionalLong.of(x);
            };
            List<StackEntry> out = new ArrayList<>();
            for (Unwinder.Frame f : new Unwinder(symbols, MAX_FRAMES).unwind(start, mem).frames()) {
                long at = f.level() == 0 ? f.pc() : f.pc() - 1;
                List<SymbolTable.SourcePosition> ps = symbols.sourcePositions(at);
                if (ps.isEmpty()) {
                    out.add(new StackEntry(null, null, 0, 0, at));
                }
                for (SymbolTable.SourcePosition p : ps) {
                    out.add(new StackEntry(p.function(), p.file(), p.line(), p.column(), at));
                }
            }
            return out;
        }

        private void add(Finding.Severity sev, String kind, List<StackEntry> stack, String message, List<Finding.Note> details) {
            StackEntry at = null;
            for (StackEntry s : stack) {
                if (s.file() != null && s.line() > 0 && !sdkFile.test(s.file())) {
                    at = s;
                    break;
                }
            }
            if (at == null) {
                for (StackEntry s : stack) {
                    if (s.file() != null && s.line() > 0) {
                        at = s;
                        break;
                    }
                }
            }
            List<Finding.Note> notes = new ArrayList<>(details);
            for (int i = 0; i < stack.size(); i++) {
                StackEntry s = stack.get(i);
                notes.add(new Finding.Note(s.file(), s.line(), "#" + i + " " + s.describe()));
            }
            findings.add(new Finding(sev, kind, at == null ? null : at.file(), at == null ? 0 : at.line(),
                    at == null ? 0 : at.column(), message, notes, 1));
        }

        void finish(RunReport report) {
            switch (report.outcome()) {
                case SHUTDOWN -> { }
                case INSTRUCTION_LIMIT -> findings.add(new Finding(Finding.Severity.WARNING, "no-shutdown", null, 0, 0,
                        String.format("the guest did not shut down within the budget of %,d instructions", budget), List.of(), 1));
                case BLOCKED_FOREVER -> findings.add(new Finding(Finding.Severity.WARNING, "no-shutdown", null, 0, 0,
                        "the guest blocked with no timer or event that could wake it: it would hang forever", List.of(), 1));
                case STOPPED -> { }
                case EMULATOR_ERROR -> findings.add(new Finding(Finding.Severity.ERROR, "internal", null, 0, 0,
                        "XenScope internal error (not the guest's fault): " + report.emulatorError(), List.of(), 1));
            }
        }

        List<Finding> merged() {
            Map<String, Finding> m = new LinkedHashMap<>();
            for (Finding f : findings) {
                String key = f.kind() + "|" + f.file() + "|" + f.line() + "|" + f.message().replaceAll(" at guest RIP 0x[0-9a-f]+", "");
                Finding old = m.get(key);
                m.put(key, old == null ? f : old.times(old.count() + 1));
            }
            return new ArrayList<>(m.values());
        }
    }

    private static String args(long[] args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(args[i]));
        }
        return sb.toString();
    }
}
