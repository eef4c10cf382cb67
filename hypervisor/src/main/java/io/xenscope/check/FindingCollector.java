package io.xenscope.check;

import io.xenscope.boot.elf.GuestType;
import io.xenscope.cpu.Cpu;
import io.xenscope.debug.DebugMemory;
import io.xenscope.debug.symbols.CallFrameInfo;
import io.xenscope.debug.symbols.Registers;
import io.xenscope.debug.symbols.SymbolTable;
import io.xenscope.debug.symbols.Unwinder;
import io.xenscope.xen.MachineEvent;
import io.xenscope.xen.PvTraps;
import io.xenscope.xen.RunReport;
import io.xenscope.xen.ShutdownReason;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.XenMachine;
import io.xenscope.xen.mm.Errno;
import io.xenscope.xen.mm.PageTableUpdateRejected;
import io.xenscope.xen.mm.Pte;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a running machine's {@link MachineEvent}s into source-located {@link Finding}s: the logic
 * of the boot check, usable on any {@link XenMachine} (the headless {@link BootCheck}, or a debug
 * session that shows findings live). {@link #attach} listens to the machine; each event is
 * symbolized inside the listener, while the guest is still in the hypercall or at the fault, so
 * the call stack is the one that caused it. Not thread-safe: the machine's thread calls it, and
 * {@link #findings} is read on that thread or once the machine is stopped.
 */
public final class FindingCollector {
    static final int MAX_FRAMES = 32;

    /** Hypercalls whose failures are reported as warnings (other failures are often probes). */
    static final Set<String> WATCHED = Set.of("mmu_update", "mmuext_op", "update_va_mapping",
            "update_va_mapping_otherdomain", "set_trap_table", "set_gdt", "stack_switch", "set_callbacks",
            "update_descriptor", "callback_op", "vm_assist", "set_segment_base");

    /** One position of the captured call stack. */
    record StackEntry(String function, String file, int line, int column, long pc) {
        String describe() {
            return (function == null ? "??" : function) + (file == null ? String.format(" (pc 0x%x, no line information)", pc) : "");
        }
    }

    private final XenMachine machine;
    private final SymbolTable symbols;
    private final Predicate<String> sdkFile;
    private final DebugMemory memory;
    private final List<Finding> findings = new ArrayList<>();
    /** (rip, instruction) of calls already reported, so the HypercallEvent that follows is not reported twice. */
    private final Set<String> reportedCalls = new HashSet<>();
    private boolean fatalFault;
    private MachineEvent.GuestFault lastFault;
    private List<StackEntry> lastFaultStack = List.of();
    /** For an IDT exception: the faulting registers, unwound only if the domain then crashes (exceptions can be frequent). */
    private Registers lastFaultRegs;

    /** @param sdkFile which source files are the SDK's (wrappers the call stack is walked past) */
    public FindingCollector(XenMachine machine, SymbolTable symbols, Predicate<String> sdkFile) {
        this.machine = machine;
        this.symbols = symbols;
        this.sdkFile = sdkFile;
        this.memory = new DebugMemory(machine.vcpu0().cpu);
    }

    /** A collector listening to {@code machine} from now on. */
    public static FindingCollector attach(XenMachine machine, SymbolTable symbols, Predicate<String> sdkFile) {
        FindingCollector c = new FindingCollector(machine, symbols, sdkFile);
        machine.addListener(c::onEvent);
        if (machine.mode() != GuestType.PV) {
            var engine = machine.vcpu0().engine;
            engine.setExceptionDelivery(new ObservedExceptions(engine.exceptionDelivery(), c::idtException));
        }
        return c;
    }

    /**
     * A PVH or HVM guest's exception, about to go through its IDT: kept, with the call stack at the
     * faulting instruction, in case the guest's handler then crashes the domain (as for a PV guest's
     * bounced fault).
     */
    private void idtException(Cpu cpu, io.xenscope.cpu.fault.GuestFault f) {
        long cr2 = f instanceof io.xenscope.cpu.fault.PageFault pf ? pf.linearAddress() : 0;
        try {
            lastFault = new MachineEvent.GuestFault(cpu.instructionCount, 0, cpu.rip, f.vector(),
                    f.hasErrorCode() ? f.errorCode() : 0, cr2, f.getMessage(), true, false);
            lastFaultRegs = Registers.of(cpu.rip, cpu.gpr[4], cpu.gpr[5]);
        } catch (RuntimeException bug) {
            lastFault = null; // never let the observer disturb the guest
        }
    }

    /** How many findings were recorded so far, before merging: grows by one per new finding. */
    public int recorded() {
        return findings.size();
    }

    /** The findings so far, identical ones at one place merged with a count, in order of first occurrence. */
    public List<Finding> findings() {
        Map<String, Finding> m = new LinkedHashMap<>();
        for (Finding f : findings) {
            String key = f.kind() + "|" + f.file() + "|" + f.line() + "|" + f.message().replaceAll(" at guest RIP 0x[0-9a-f]+", "");
            Finding old = m.get(key);
            m.put(key, old == null ? f : old.times(old.count() + 1));
        }
        return new ArrayList<>(m.values());
    }

    public void onEvent(MachineEvent e) {
        try {
            if (e instanceof MachineEvent.PageTableUpdateRejected p) {
                rejected(p);
            } else if (e instanceof MachineEvent.UnknownHypercall u) {
                reportedCalls.add(u.rip() + "@" + u.instruction());
                add(Finding.Severity.WARNING, "unknown-hypercall", hypercallStack(u.rip()),
                        String.format("hypercall %d%s does not exist in Xen 4.17 (or is not modelled): -ENOSYS",
                                u.number(), u.name().startsWith("hypercall") ? "" : " (" + u.name() + ")"), List.of());
            } else if (e instanceof MachineEvent.HypercallEvent h) {
                if (h.result() < 0 && h.result() > -4096 && WATCHED.contains(h.name())
                        && !reportedCalls.contains(h.rip() + "@" + h.instruction())) {
                    add(Finding.Severity.WARNING, "failed-hypercall", hypercallStack(h.rip()),
                            String.format("%s failed with -%s", h.name(), Errno.name((int) -h.result())),
                            List.of(new Finding.Note(null, 0, "arguments: " + args(h.args()))));
                }
            } else if (e instanceof MachineEvent.GuestFault f && !f.bounced() && !f.emulated()) {
                fatalFault = true;
                add(Finding.Severity.ERROR, "fault", faultStack(), String.format("unhandled %s at rip 0x%x: %s; Xen crashes"
                        + " the domain (no handler registered with set_trap_table)",
                        PvTraps.vectorName(f.vector()), f.rip(), f.description()), faultNotes(f));
            } else if (e instanceof MachineEvent.GuestFault f && f.bounced() && !f.emulated()) {
                // the guest's own handler got it; if the domain then crashes, this is why
                lastFault = f;
                lastFaultStack = faultStack();
                lastFaultRegs = null;
            } else if (e instanceof MachineEvent.Shutdown s && s.reason() == ShutdownReason.CRASH && !fatalFault) {
                crashed(s);
            } else if (e instanceof MachineEvent.Shutdown s && s.detail() != null && s.detail().startsWith("triple fault")) {
                // an HVM guest whose exception could not be delivered (no IDT, a bad gate, a fault during #DF):
                // the faulting instruction is where the CPU stopped (SDM Vol. 3 §6.15, interrupt 8: shutdown)
                add(Finding.Severity.ERROR, "crash", faultStack(), s.detail(), List.of());
            }
        } catch (RuntimeException bug) {
            findings.add(new Finding(Finding.Severity.WARNING, "internal", null, 0, 0,
                    "boot check: could not symbolize an event: " + bug, List.of(), 1));
        }
    }

    /** Adds what the end of a run means: no shutdown within {@code budget}, blocked forever, an emulator error. */
    public void finish(RunReport report, long budget) {
        switch (report.outcome()) {
            case SHUTDOWN, STOPPED -> { }
            case INSTRUCTION_LIMIT -> findings.add(new Finding(Finding.Severity.WARNING, "no-shutdown", null, 0, 0,
                    String.format("the guest did not shut down within the budget of %,d instructions", budget), List.of(), 1));
            case BLOCKED_FOREVER -> findings.add(new Finding(Finding.Severity.WARNING, "no-shutdown", null, 0, 0,
                    "the guest blocked with no timer or event that could wake it: it would hang forever", List.of(), 1));
            case EMULATOR_ERROR -> findings.add(new Finding(Finding.Severity.ERROR, "internal", null, 0, 0,
                    "XenScope internal error (not the guest's fault): " + report.emulatorError(), List.of(), 1));
        }
    }

    private void crashed(MachineEvent.Shutdown s) {
        Vcpu v = machine.vcpu0();
        List<StackEntry> crashStack = hypercallStack(v.callerRip());
        String how = s.detail() == null || s.detail().isEmpty() ? "SCHEDOP_shutdown SHUTDOWN_crash" : s.detail();
        if (lastFault == null) {
            add(Finding.Severity.ERROR, "crash", crashStack, "the domain crashed (" + how + ")", List.of());
            return;
        }
        List<Finding.Note> notes = new ArrayList<>(faultNotes(lastFault));
        StackEntry crashAt = crashStack.stream().filter(x -> x.file() != null).findFirst().orElse(null);
        if (crashAt != null) {
            notes.add(new Finding.Note(crashAt.file(), crashAt.line(), "the guest's handler crashed the domain here (" + how + ")"));
        }
        List<StackEntry> faultAt = lastFaultRegs != null ? unwind(lastFaultRegs) : lastFaultStack;
        add(Finding.Severity.ERROR, "fault", faultAt, String.format("%s at rip 0x%x: %s; the guest's"
                + " handler then crashed the domain", PvTraps.vectorName(lastFault.vector()),
                lastFault.rip(), lastFault.description()), notes);
    }

    private static List<Finding.Note> faultNotes(MachineEvent.GuestFault f) {
        return f.vector() == 14 ? List.of(new Finding.Note(null, 0, String.format("cr2 0x%x, error code 0x%x", f.cr2(), f.errorCode())))
                : List.of();
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

    private List<StackEntry> faultStack() {
        Cpu cpu = machine.vcpu0().cpu;
        return unwind(Registers.of(cpu.rip, cpu.gpr[4], cpu.gpr[5]));
    }

    /**
     * The stack of a hypercall in progress. PV: {@code callerRip} is the return address into the
     * code that called the hypercall page (Vcpu.callerRip); while RIP is inside the page, the stub
     * has pushed rcx and r11 over that return address, so the caller's rsp after the call is rsp + 24.
     * PVH (and HVM): the event's rip is in the vmx stub ({@code mov $nr,%eax; vmcall; ret}, which pushes
     * nothing), so the return address is at rsp and the caller's rsp is rsp + 8.
     */
    private List<StackEntry> hypercallStack(long callerRip) {
        Vcpu v = machine.vcpu0();
        Cpu cpu = v.cpu;
        long rsp = cpu.gpr[4];
        if (inVmxStub(callerRip)) { // PVH and HVM (a PV page's stubs use syscall, never vmcall)
            OptionalLong ret = read64(rsp);
            if (ret.isPresent()) {
                callerRip = ret.getAsLong();
                rsp += 8;
            }
        } else {
            long hp = v.domain.hypercallPageVa;
            if (hp != -1 && cpu.rip >= hp && cpu.rip < hp + 4096) {
                rsp += 24;
            }
        }
        // pc inside the call instruction: the caller's state and line there are those of the call
        return unwind(Registers.of(callerRip - 1, rsp, cpu.gpr[5]));
    }

    /** True when {@code rip} is in one of the hypercall page's 32-byte vmx stubs (HvmVcpu.writeHypercallPage). */
    private boolean inVmxStub(long rip) {
        byte[] b = memory.read(rip & ~31L, 9);
        return b.length == 9 && (b[0] & 0xff) == 0xb8 && b[5] == 0x0f && b[6] == 0x01 && (b[7] & 0xff) == 0xc1
                && (b[8] & 0xff) == 0xc3;
    }

    private OptionalLong read64(long address) {
        byte[] b = memory.read(address, 8);
        if (b.length < 8) {
            return OptionalLong.empty();
        }
        long x = 0;
        for (int i = 7; i >= 0; i--) {
            x = (x << 8) | (b[i] & 0xff);
        }
        return OptionalLong.of(x);
    }

    private List<StackEntry> unwind(Registers start) {
        CallFrameInfo.Memory mem = this::read64;
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

    /** Records a finding at the first stack position in the user's sources, else the first with a line. */
    private void add(Finding.Severity sev, String kind, List<StackEntry> stack, String message, List<Finding.Note> details) {
        StackEntry at = stack.stream().filter(s -> s.file() != null && s.line() > 0 && !sdkFile.test(s.file())).findFirst()
                .or(() -> stack.stream().filter(s -> s.file() != null && s.line() > 0).findFirst()).orElse(null);
        List<Finding.Note> notes = new ArrayList<>(details);
        for (int i = 0; i < stack.size(); i++) {
            StackEntry s = stack.get(i);
            notes.add(new Finding.Note(s.file(), s.line(), "#" + i + " " + s.describe()));
        }
        findings.add(new Finding(sev, kind, at == null ? null : at.file(), at == null ? 0 : at.line(),
                at == null ? 0 : at.column(), message, notes, 1));
    }

    private static String args(long[] args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(args[i]));
        }
        return sb.toString();
    }
}
