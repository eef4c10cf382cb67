package io.xenscope.debug;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.debug.symbols.CallFrameInfo;
import io.xenscope.mmu.Watchpoint;
import io.xenscope.mmu.Watchpoints;
import io.xenscope.debug.symbols.Registers;
import io.xenscope.debug.symbols.SymbolTable;
import io.xenscope.debug.symbols.Unwinder;
import io.xenscope.xen.MachineEvent;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.XenMachine;
import io.xenscope.xen.RunReport;
import io.xenscope.xen.ShutdownReason;
import io.xenscope.xen.Vcpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A debugger's handle on a PV or PVH machine (vCPU 0): continue, pause (from any thread), step one
 * instruction, registers (the vCPU's {@link Cpu}), guest virtual memory through the guest's page
 * tables ({@link DebugMemory}), breakpoints by address, {@code file:line} or function (engine
 * breakpoints: nothing is written into guest memory), data breakpoints (watchpoints on virtual or
 * physical ranges), stops after chosen hypercalls, faults and refused updates, and typed
 * {@link StopEvent}s. Calls other than {@link #pause} come from one thread, with the guest stopped.
 */
public final class DebugSession {
    /** Instructions per machine run between checks of the pause request and the interrupt poll. */
    static final long CHUNK = 2_000_000;
    private long chunk = CHUNK;

    private final XenMachine machine;
    private final SymbolTable symbols;
    /** The vCPU the debugger looks at (gdb's current thread): registers, memory translation, steps. */
    private volatile int selected;
    private final DebugMemory[] memories;
    private final Set<Long> breakpoints = new TreeSet<>();
    private final List<Watchpoint> watches = new ArrayList<>();
    private final Set<Integer> hypercallStops = ConcurrentHashMap.newKeySet();
    private volatile boolean pauseRequested;
    private MachineEvent.HypercallEvent hypercallHit;
    private volatile boolean stopOnRefusedUpdate;
    private final Set<String> refusedRules = ConcurrentHashMap.newKeySet();
    private final List<FaultFilter> faultFilters = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean stopOnCrash;
    private io.xenscope.xen.mm.PageTableUpdateRejected refusedHit;
    private MachineEvent.GuestFault faultHit;
    private boolean crashHit;
    private boolean crashAnnounced;
    /** The fault a fault stop left undelivered: let it through once when the guest resumes. */
    private MachineEvent.GuestFault passFault;

    /**
     * Which guest exceptions stop the session: {@code vector} (-1: any), CR2 in
     * [{@code cr2From}, {@code cr2To}] (inclusive, unsigned; only #PF has a CR2) and
     * {@code errorCode & errorMask == errorValue}.
     */
    public record FaultFilter(int vector, long cr2From, long cr2To, int errorMask, int errorValue) {
        public static FaultFilter vector(int vector) {
            return new FaultFilter(vector, 0, -1L, 0, 0);
        }

        public static FaultFilter any() {
            return vector(-1);
        }

        public FaultFilter withCr2(long from, long to) {
            return new FaultFilter(vector, from, to, errorMask, errorValue);
        }

        public FaultFilter withErrorCode(int mask, int value) {
            return new FaultFilter(vector, cr2From, cr2To, mask, value);
        }

        public boolean matches(MachineEvent.GuestFault f) {
            if (vector >= 0 && f.vector() != vector) {
                return false;
            }
            if ((cr2From != 0 || cr2To != -1L) && (f.vector() != 14
                    || Long.compareUnsigned(f.cr2(), cr2From) < 0 || Long.compareUnsigned(f.cr2(), cr2To) > 0)) {
                return false;
            }
            return (f.errorCode() & errorMask) == errorValue;
        }
    }
    private StopEvent last;

    public DebugSession(XenMachine machine, SymbolTable symbols) {
        this.machine = machine;
        this.symbols = symbols;
        this.memories = new DebugMemory[machine.domain().vcpus().size()];
        for (int i = 0; i < memories.length; i++) {
            memories[i] = new DebugMemory(machine.domain().vcpu(i).cpu);
        }
        machine.addListener(e -> {
            if (e instanceof MachineEvent.HypercallEvent h && hypercallStops.contains(h.number()) && hypercallHit == null) {
                hypercallHit = h;
                machine.requestStop(); // at the next block boundary: after the hypercall returned
            }
        });
        machine.addListener(e -> {
            if (e instanceof MachineEvent.PageTableUpdateRejected r && stopOnRefusedUpdate && refusedHit == null
                    && (refusedRules.isEmpty() || refusedRules.contains(r.rejection().rule().name()))) {
                refusedHit = r.rejection();
                machine.requestStop(); // after the refusing hypercall returned its error
            } else if (e instanceof MachineEvent.Shutdown sd && sd.reason() == ShutdownReason.CRASH && stopOnCrash
                    && !crashAnnounced) {
                crashHit = true;
            }
        });
        machine.domain().faultIntercept = this::interceptFault;
        if (machine.mode() != io.xenscope.boot.elf.GuestType.PV) {
            // PVH and HVM exceptions go through the guest's IDT (the IVT in real mode), which Xen
            // never sees: the debugger watches the CPU's delivery instead, as PvTraps offers PV faults
            Vcpu v0 = machine.vcpu0();
            v0.engine.setExceptionDelivery(new IdtFaultStops(v0.engine.exceptionDelivery(), this::interceptIdtFault));
        }
        this.last = new StopEvent.Entry(pc());
    }

    /**
     * A PVH/HVM exception about to be delivered: true (and a stop request) when a fault filter wants
     * it; the faulting instruction then runs, and faults, again when the guest resumes.
     */
    private boolean interceptIdtFault(Cpu cpu, io.xenscope.cpu.fault.GuestFault f) {
        long cr2 = f instanceof io.xenscope.cpu.fault.PageFault pf ? pf.linearAddress() : 0;
        MachineEvent.GuestFault pending = new MachineEvent.GuestFault(cpu.instructionCount, vcpu().id, pc(), f.vector(),
                f.hasErrorCode() ? f.errorCode() : 0, cr2, f.getMessage(), true, false);
        if (!interceptFault(pending)) {
            return false;
        }
        if (f instanceof io.xenscope.cpu.fault.PageFault) {
            cpu.cr2 = cr2;
        }
        machine.requestStop();
        return true;
    }

    private boolean interceptFault(MachineEvent.GuestFault f) {
        MachineEvent.GuestFault pass = passFault;
        passFault = null;
        if (pass != null && pass.rip() == f.rip() && pass.vector() == f.vector()) {
            return false; // the one we stopped at: now Xen delivers it
        }
        if (faultHit != null) {
            return true;
        }
        boolean stop = stopOnCrash && !f.bounced();
        for (FaultFilter ff : faultFilters) {
            stop |= ff.matches(f);
        }
        if (stop) {
            faultHit = f;
        }
        return stop;
    }

    /** Boots a PV kernel for debugging; symbols come from the same ELF (DWARF if it has some). */
    public static DebugSession boot(Path elf, PvBootOptions options) throws Exception {
        return boot(elf, options, false);
    }

    /** Boots a kernel as a PV or (with {@code pvh}) a PVH guest for debugging. */
    public static DebugSession boot(Path elf, PvBootOptions options, boolean pvh) throws Exception {
        byte[] bytes = Files.readAllBytes(elf);
        XenMachine m = pvh ? XenMachine.bootPvh(bytes, options) : XenMachine.boot(bytes, options);
        SymbolTable st;
        try {
            st = SymbolTable.load(ElfImage.parse(bytes));
        } catch (RuntimeException e) {
            st = null;
        }
        return new DebugSession(m, st);
    }

    /**
     * Boots {@code image} as {@code mode} (null: what the image is, {@link XenMachine#boot(Path,
     * io.xenscope.boot.elf.GuestType, PvBootOptions)}) for debugging, with the debug information of
     * {@code symbols} (null: {@link #symbolsFor(Path)}).
     */
    public static DebugSession boot(Path image, io.xenscope.boot.elf.GuestType mode, PvBootOptions options, Path symbols)
            throws Exception {
        Path sym = symbols == null ? symbolsFor(image) : symbols;
        return of(XenMachine.boot(image, mode, options), Files.readAllBytes(sym));
    }

    /**
     * Where the debug information of a boot image is: an HVM Multiboot image is an ELF32 container
     * made from the linked ELF64 (Multiboot loaders take ELF32 only), kept next to it as
     * {@code <image>.elf64}; a raw boot disk {@code <name>.img} has none, its ELF is {@code <name>};
     * any other image carries its own.
     */
    public static Path symbolsFor(Path image) {
        String name = image.getFileName().toString();
        Path elf64 = image.resolveSibling(name + ".elf64");
        if (Files.isRegularFile(elf64)) {
            return elf64;
        }
        if (name.endsWith(".img") && name.length() > 4) {
            Path elf = image.resolveSibling(name.substring(0, name.length() - 4));
            if (Files.isRegularFile(elf)) {
                return elf;
            }
        }
        return image;
    }

    /** Instructions between polls of the pause request (smaller: quicker pause, slower run). */
    public void setPollInterval(long instructions) {
        this.chunk = Math.max(1, instructions);
    }

    /**
     * A session on a machine already booted from {@code elf} (any guest type: the debug adapter
     * boots PV, PVH and, later, HVM guests); symbols from the same ELF, none if it has none we can read.
     */
    public static DebugSession of(XenMachine machine, byte[] elf) {
        SymbolTable st;
        try {
            st = SymbolTable.load(ElfImage.parse(elf));
        } catch (Exception e) {
            st = null;
        }
        return new DebugSession(machine, st);
    }

    /**
     * The linear address of the next instruction: what breakpoints, symbols and stop events use. In
     * 64-bit mode that is RIP; otherwise CS.base + EIP (SDM Vol. 3 §3.4: real mode's F000:FFF0 at
     * reset is 0xFFFFFFF0, CS's base being 0xFFFF0000 until the first far jump).
     */
    public long pc() {
        Cpu c = vcpu().cpu;
        return c.codeSize == CodeSize.BITS64 ? c.rip : (c.seg[Cpu.CS].base + c.rip) & 0xffffffffL;
    }

    /** The current code size (16-bit in real mode, 32 in protected mode, 64 in long mode): how to disassemble at {@link #pc()}. */
    public CodeSize codeSize() {
        return vcpu().cpu.codeSize;
    }

    public XenMachine machine() {
        return machine;
    }

    public Cpu cpu() {
        return vcpu().cpu;
    }

    /** Guest memory as the selected vCPU sees it (its page tables). */
    public DebugMemory memory() {
        return memories[selected];
    }

    /** The selected vCPU. */
    public Vcpu vcpu() {
        return machine.domain().vcpu(selected);
    }

    public int selectedVcpu() {
        return selected;
    }

    /** Selects the vCPU registers, memory and steps apply to; false (nothing changes) if there is none with that id. */
    public boolean selectVcpu(int id) {
        if (id < 0 || id >= memories.length) {
            return false;
        }
        selected = id;
        return true;
    }

    /** The domain's online vCPUs (gdb's threads, DAP's), in id order. */
    public List<Vcpu> onlineVcpus() {
        List<Vcpu> l = new ArrayList<>();
        for (Vcpu v : machine.domain().vcpus()) {
            if (v.up || v.id == 0) {
                l.add(v);
            }
        }
        return l;
    }

    /** Null when the kernel has no symbols we could read. */
    public SymbolTable symbols() {
        return symbols;
    }

    public StopEvent lastStop() {
        return last;
    }

    public boolean exited() {
        return machine.domain().shutdown;
    }

    // ---- execution -------------------------------------------------------------------------------

    /** Runs until a breakpoint, a hypercall stop, a pause, shutdown, or {@code interrupt} says stop. */
    public StopEvent resume(BooleanSupplier interrupt) {
        pauseRequested = false;
        beforeRun();
        while (true) {
            if (exited()) {
                return last = exitEvent();
            }
            RunReport r = machine.run(chunk);
            followStop();
            StopEvent e = outcome(r);
            if (e != null) {
                return last = e;
            }
            if (pauseRequested || interrupt != null && interrupt.getAsBoolean()) {
                return last = new StopEvent.Paused(pc());
            }
        }
    }

    public StopEvent resume() {
        return resume(null);
    }

    /** Executes one instruction (even the one at a breakpoint). */
    public StopEvent step() {
        if (exited()) {
            return last = exitEvent();
        }
        Vcpu v = vcpu();
        if (!v.up) {
            return last = new StopEvent.Paused(pc()); // a vCPU that is down has no next instruction
        }
        v.engine.resumePastBreakpoint();
        beforeRun();
        RunReport r = machine.domain().vcpus().size() == 1 ? machine.run(1) : machine.step(v, 1);
        followStop();
        if (selected != v.id) {
            StopEvent other = outcome(r); // another vCPU stopped the domain while this one waited to run
            if (other != null) {
                return last = other;
            }
            selected = v.id;
        }
        hypercallHit = null;
        refusedHit = null;
        StopEvent e = outcome(r);
        return last = e instanceof StopEvent.Exited || e instanceof StopEvent.EmulatorError
                || e instanceof StopEvent.FaultStop || e instanceof StopEvent.Crashed
                || e instanceof StopEvent.WatchpointHit ? e
                : new StopEvent.Stepped(pc());
    }

    /** All-stop: the vCPU whose stop ended the run becomes the selected one (as gdb switches threads). */
    private void followStop() {
        Vcpu v = machine.stoppedVcpu();
        if (v != null) {
            selected = v.id;
        }
    }

    private void beforeRun() {
        hypercallHit = null;
        refusedHit = null;
        faultHit = null;
        crashHit = false;
        crashAnnounced = last instanceof StopEvent.FaultStop fs && !fs.bounced(); // already stopped before it
        passFault = last instanceof StopEvent.FaultStop f
                ? new MachineEvent.GuestFault(0, 0, f.rip(), f.vector(), 0, 0, "", false, false) : null;
    }

    /** Asks a running {@link #resume} to stop soon (safe from any thread). */
    public void pause() {
        pauseRequested = true;
        machine.requestStop();
    }

    private StopEvent outcome(RunReport r) {
        long pc = pc();
        switch (r.outcome()) {
            case SHUTDOWN:
                if (crashHit) {
                    crashHit = false;
                    return new StopEvent.Crashed(pc, machine.domain().shutdownDetail);
                }
                return exitEvent();
            case BLOCKED_FOREVER:
                return new StopEvent.BlockedForever(pc);
            case EMULATOR_ERROR:
                return new StopEvent.EmulatorError(pc, r.emulatorError());
            case STOPPED:
                if (machine.lastStop() == StopReason.BREAKPOINT) {
                    return new StopEvent.BreakpointHit(pc);
                }
                if (machine.lastStop() == StopReason.WATCHPOINT) {
                    return new StopEvent.WatchpointHit(pc, vcpu().engine.watchHit());
                }
                StopEvent special = specialStop(pc);
                if (special != null) {
                    return special;
                }
                MachineEvent.HypercallEvent h = hypercallHit;
                hypercallHit = null;
                if (h != null) {
                    return new StopEvent.HypercallStop(pc, h.number(), h.name(), h.result());
                }
                return pauseRequested ? new StopEvent.Paused(pc) : null;
            default:
                StopEvent lateSpecial = specialStop(pc);
                if (lateSpecial != null) {
                    return lateSpecial;
                }
                MachineEvent.HypercallEvent late = hypercallHit; // the stop request landed at the budget's end
                hypercallHit = null;
                return late == null ? null : new StopEvent.HypercallStop(pc, late.number(), late.name(), late.result());
        }
    }

    /** A fault stop or a refused-update stop, if one of them ended the run (clears it). */
    private StopEvent specialStop(long pc) {
        MachineEvent.GuestFault f = faultHit;
        if (f != null) {
            faultHit = null;
            hypercallHit = null;
            return new StopEvent.FaultStop(pc, f.vector(), io.xenscope.xen.PvTraps.vectorName(f.vector()),
                    f.errorCode(), f.cr2(), f.rip(), f.bounced(), f.description());
        }
        io.xenscope.xen.mm.PageTableUpdateRejected rej = refusedHit;
        if (rej != null) {
            refusedHit = null;
            hypercallHit = null;
            return new StopEvent.RefusedUpdate(leaveHypercallPage(), rej);
        }
        return null;
    }

    /**
     * Steps the hypercall stub's {@code ret} (the stop lands right after the syscall returned), so
     * the stop is in the guest's code that made the call; the pc after.
     */
    private long leaveHypercallPage() {
        long hp = machine.domain().hypercallPageVa;
        Vcpu v = vcpu();
        for (int i = 0; i < 4 && hp != -1 && v.cpu.rip - hp >= 0 && v.cpu.rip - hp < 4096
                && !machine.domain().shutdown; i++) {
            v.engine.resumePastBreakpoint();
            machine.step(v, 1);
        }
        return v.cpu.rip;
    }

    private StopEvent exitEvent() {
        var d = machine.domain();
        return new StopEvent.Exited(d.shutdownReason, ShutdownReason.name(d.shutdownReason), d.shutdownDetail);
    }

    // ---- breakpoints ----------------------------------------------------------------------------------

    /** Breakpoints stop any vCPU (all-stop: the domain stops with it). */
    private void armBreakpoints() {
        for (Vcpu v : machine.domain().vcpus()) {
            v.engine.setBreakpoints(breakpoints);
        }
    }

    private void armWatchpoints(Watchpoints w) {
        for (Vcpu v : machine.domain().vcpus()) {
            v.engine.setWatchpoints(w);
        }
    }

    /** Every vCPU resumes past a breakpoint it is stopped at (a debugger's continue or step). */
    public void resumePastBreakpoints() {
        for (Vcpu v : machine.domain().vcpus()) {
            v.engine.resumePastBreakpoint();
        }
    }

    public void addBreakpoint(long address) {
        if (breakpoints.add(address)) {
            armBreakpoints();
        }
    }

    public void removeBreakpoint(long address) {
        if (breakpoints.remove(address)) {
            armBreakpoints();
        }
    }

    public Set<Long> breakpoints() {
        return Collections.unmodifiableSet(breakpoints);
    }

    /**
     * Sets breakpoints on {@code file:line} or a function name, where gdb would put them; returns the
     * addresses (empty when the location has no code or there are no symbols).
     */
    public List<Long> addBreakpoint(String location) {
        List<Long> at = resolve(location);
        for (long a : at) {
            breakpoints.add(a);
        }
        if (!at.isEmpty()) {
            armBreakpoints();
        }
        return at;
    }

    /** Addresses of {@code file:line}, a function, or a hex address ({@code *0x...}). */
    public List<Long> resolve(String location) {
        String l = location.trim();
        if (l.startsWith("*")) {
            return List.of(Long.parseUnsignedLong(l.substring(1).replaceFirst("^0[xX]", ""), 16));
        }
        if (symbols == null) {
            return List.of();
        }
        int colon = l.lastIndexOf(':');
        if (colon > 0 && l.substring(colon + 1).matches("\\d+")) {
            return symbols.addressesFor(l.substring(0, colon), Integer.parseInt(l.substring(colon + 1)));
        }
        List<Long> fn = symbols.breakpointAddresses(l);
        if (!fn.isEmpty()) {
            return fn;
        }
        OptionalLong a = symbols.addressOf(l);
        return a.isPresent() ? List.of(a.getAsLong()) : List.of();
    }

    // ---- data breakpoints ------------------------------------------------------------------------------

    /**
     * Replaces the data breakpoints (watchpoints on guest-virtual or physical ranges of any length).
     * A hit stops the session with {@link StopEvent.WatchpointHit} right after the accessing
     * instruction; Xen's copies to and from guest memory during a hypercall are caught too.
     * Page-table walks (A/D updates) are not guest data accesses and never trigger one, as on x86.
     */
    public void setWatchpoints(java.util.Collection<Watchpoint> watches) {
        this.watches.clear();
        this.watches.addAll(watches);
        armWatchpoints(Watchpoints.of(this.watches));
    }

    /** Adds one watchpoint (gdb's Z2/Z3/Z4); false if the same one is already set. */
    public boolean addWatchpoint(Watchpoint w) {
        if (watches.contains(w)) {
            return false;
        }
        watches.add(w);
        armWatchpoints(Watchpoints.of(watches));
        return true;
    }

    /** Removes one watchpoint; false if it was not set. */
    public boolean removeWatchpoint(Watchpoint w) {
        if (!watches.remove(w)) {
            return false;
        }
        armWatchpoints(Watchpoints.of(watches));
        return true;
    }

    public List<Watchpoint> watchpoints() {
        return List.copyOf(watches);
    }

    /** Stop after every call of hypercall {@code number} returns (gdb: monitor catch-hypercall). */
    public void stopOnHypercall(int number, boolean on) {
        if (on) {
            hypercallStops.add(number);
        } else {
            hypercallStops.remove(number);
        }
    }

    /** Stop when Xen refuses a page-table update: any ({@code rules} empty) or one of the PvMmuRule names. */
    public void stopOnRefusedUpdate(boolean on, java.util.Collection<String> rules) {
        for (String r : rules) {
            io.xenscope.xen.mm.PvMmuRule.valueOf(r); // an unknown name is an error, not a silent no-op
        }
        refusedRules.clear();
        refusedRules.addAll(rules);
        stopOnRefusedUpdate = on;
    }

    /** Replaces the guest-exception stops (empty: none); Xen-emulated faults (privileged ops) never stop. */
    public void setFaultStops(java.util.Collection<FaultFilter> filters) {
        faultFilters.clear();
        faultFilters.addAll(filters);
    }

    public List<FaultFilter> faultStops() {
        return List.copyOf(faultFilters);
    }

    /**
     * Stop when the domain crashes, with its state intact: before Xen delivers a fault that has no
     * handler (which would crash it), else at the crash itself (other domain_crash causes).
     */
    public void stopOnCrash(boolean on) {
        stopOnCrash = on;
    }

    // ---- state -------------------------------------------------------------------------------------------

    public long rflags() {
        return Flags.read(vcpu().cpu);
    }

    public void setRflags(long value) {
        Flags.write(vcpu().cpu, value);
    }

    public Map<String, Long> hypercallCounts() {
        return machine.domain().hypercalls.counts();
    }

    /** The call stack at the current pc (CFI, else frame pointers); empty without symbols. */
    public List<Unwinder.Frame> backtrace(int maxFrames) {
        if (symbols == null) {
            return List.of();
        }
        Cpu c = vcpu().cpu;
        if (c.codeSize != CodeSize.BITS64) {
            // the unwinder reads 64-bit frames: outside long mode we know the current frame only
            long pc = pc();
            return symbols.lookup(pc).map(y -> List.of(new Unwinder.Frame(0, pc, c.gpr[4], y.function(), y.offset(),
                    y.file(), y.line(), null, null))).orElse(List.of());
        }
        Registers regs = Registers.of(c.rip, c.gpr[4], c.gpr[5]);
        CallFrameInfo.Memory mem = address -> {
            byte[] b = memory().read(address, 8);
            if (b.length < 8) {
                return OptionalLong.empty();
            }
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = v << 8 | (b[i] & 0xff);
            }
            return OptionalLong.of(v);
        };
        return new ArrayList<>(new Unwinder(symbols, maxFrames).unwind(regs, mem).frames());
    }
}
