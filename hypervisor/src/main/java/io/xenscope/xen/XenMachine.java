package io.xenscope.xen;

import io.xenscope.boot.BootSector;
import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.ElfFormatException;
import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.boot.firmware.Bios;
import io.xenscope.boot.firmware.BootLoader;
import io.xenscope.boot.firmware.E820Map;
import io.xenscope.boot.multiboot.MultibootLoader;
import io.xenscope.cpu.Flags;
import io.xenscope.devices.PcPlatform;
import io.xenscope.devices.PlatformSink;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.xen.console.ConsoleBackend;
import io.xenscope.xen.store.XenStore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * One emulated machine running one domU on the emulated Xen, a 64-bit PV guest ({@link #boot}), a
 * PVH guest ({@link #bootPvh}, built by {@link PvhDomainBuilder}) or an HVM guest ({@link #bootHvm},
 * built by {@link HvmDomainBuilder}: a PC with XenScope's BIOS booting a Multiboot kernel or a boot
 * sector); {@link #boot(Path, GuestType, PvBootOptions)} chooses by the image. Run it until it
 * shuts down (or a budget runs out, or it blocks forever, or an HVM guest ends the machine through
 * isa-debug-exit), and report. Typed {@link MachineEvent}s go to listeners as they happen. Idle
 * time is skipped: when the vCPU blocks, virtual time jumps to its next timer (Xen's, or the
 * platform's for HVM).
 */
public final class XenMachine {
    /** Instructions per engine call between checks of the domain's state. */
    static final long SLICE = 1_000_000;
    /** The scheduling round with more than one vCPU, in ns of system time (= instructions). */
    public static final long SMP_SLICE = 10_000;
    static final int MAX_KEPT_EVENTS = 10_000;

    private final GuestType mode;
    private final Domain domain;
    private final PvLayout layout;
    private final PvhLayout pvhLayout;
    private final PcPlatform platform;
    private final Bios bios;
    /** Each HVM vCPU's INTR line (null for PV and PVH). */
    private final io.xenscope.cpu.exec.InterruptSource[] interruptLines;
    private final XenStore xenstore;
    private final ConsoleBackend console;
    private final ByteArrayOutputStream consoleText = new ByteArrayOutputStream();
    private final ByteArrayOutputStream screenText = new ByteArrayOutputStream();
    private final List<MachineEvent> kept = new ArrayList<>();
    private final List<Consumer<MachineEvent>> listeners = new ArrayList<>();
    private Throwable emulatorError;
    private StopReason lastStop;
    /** isa-debug-exit's status once the guest wrote to it, else -1. */
    private int exitStatus = -1;
    private String hang;
    /** Linear address of the hlt an HVM vCPU blocked on, -1 if it blocked otherwise. */
    private long haltedAt = -1;
    private final Object stopLock = new Object();
    private boolean stopRequested;
    private Vcpu stoppedVcpu;
    private long roundEnd;
    /** During {@link #step} of a blocked vCPU: run until it wakes. */
    private Vcpu wakeTarget;
    /** How long {@link #step} lets the domain run for a blocked vCPU to wake (instructions of all vCPUs). */
    static final long WAKE_BUDGET = 100_000_000;

    private XenMachine(GuestType mode, ElfImage image, BootLoader loader, PvBootOptions options) throws XenImageException {
        this.mode = mode;
        this.xenstore = new XenStore();
        Domain[] holder = new Domain[1];
        io.xenscope.xen.console.ConsoleListener out = bytes -> {
            if (holder[0] != null) {
                holder[0].emit(new MachineEvent.ConsoleOutput(holder[0].instructions(), "console ring", bytes));
            }
        };
        PcPlatform pc = null;
        Bios firmware = null;
        io.xenscope.cpu.exec.InterruptSource[] line = null;
        if (mode == GuestType.HVM) {
            E820Map map = E820Map.forRam(options.memoryBytes() & ~4095L);
            HvmDomainBuilder.Built b = HvmDomainBuilder.build(loader, map, options, xenstore, out,
                    platformSink(holder), biosSink(holder));
            this.domain = b.domain();
            this.layout = null;
            this.pvhLayout = null;
            this.console = b.console();
            pc = b.platform();
            firmware = b.bios();
            line = b.interruptLines();
        } else if (mode == GuestType.PVH) {
            PvhDomainBuilder.Built b = PvhDomainBuilder.build(image, options, xenstore, out);
            this.domain = b.domain();
            this.layout = null;
            this.pvhLayout = b.layout();
            this.console = b.console();
        } else {
            PvDomainBuilder.Built b = PvDomainBuilder.build(image, options, xenstore, out);
            this.domain = b.domain();
            this.layout = b.layout();
            this.pvhLayout = null;
            this.console = b.console();
        }
        this.platform = pc;
        this.bios = firmware;
        this.interruptLines = line;
        holder[0] = domain;
        domain.addListener(this::record);
    }

    /** What the PC's devices report: console bytes, isa-debug-exit, a reset. */
    private PlatformSink platformSink(Domain[] d) {
        return new PlatformSink() {
            @Override
            public void consoleOutput(String source, byte[] bytes) {
                d[0].emit(new MachineEvent.ConsoleOutput(d[0].instructions(), source, bytes));
            }

            @Override
            public void exitRequested(int status) {
                if (exitStatus < 0) {
                    // QEMU exits at once, and with its device model gone the domain is too: every front
                    // end sees a shut-down domain, the run report the status
                    exitStatus = status;
                    d[0].emit(new MachineEvent.DebugExit(d[0].instructions(), status));
                    d[0].shutdown(ShutdownReason.POWEROFF, "the guest wrote to isa-debug-exit: status " + status);
                    d[0].vcpu(0).engine.stopAfterCurrentInstruction();
                }
            }

            @Override
            public void resetRequested() {
                // Xen: a reset of an HVM guest is a domain shutdown with reason reboot; the toolstack
                // would build it again. We end the run instead of looping.
                d[0].shutdown(ShutdownReason.REBOOT, "the guest reset the machine");
                d[0].vcpu(0).engine.stopAfterCurrentInstruction(); // the CPU resets at once
            }
        };
    }

    private Bios.Sink biosSink(Domain[] d) {
        return new Bios.Sink() {
            @Override
            public void output(byte[] bytes) {
                d[0].emit(new MachineEvent.ConsoleOutput(d[0].instructions(), MachineEvent.ConsoleOutput.BIOS_SCREEN, bytes));
            }

            @Override
            public void note(String text) {
                Vcpu v = d[0].vcpu(0);
                d[0].emit(new MachineEvent.Hint(d[0].instructions(), 0, v.cpu.rip, text));
            }

            @Override
            public void fatal(String why) {
                d[0].crash(why);
                d[0].vcpu(0).engine.stopAfterCurrentInstruction();
            }
        };
    }

    public static XenMachine boot(Path elf, PvBootOptions options)
            throws IOException, ElfFormatException, XenImageException {
        return new XenMachine(GuestType.PV, ElfImage.read(elf), null, options);
    }

    public static XenMachine boot(byte[] elf, PvBootOptions options) throws ElfFormatException, XenImageException {
        return new XenMachine(GuestType.PV, ElfImage.parse(elf), null, options);
    }

    /** Boots {@code elf} as a PVH guest (XEN_ELFNOTE_PHYS32_ENTRY). */
    public static XenMachine bootPvh(Path elf, PvBootOptions options)
            throws IOException, ElfFormatException, XenImageException {
        return new XenMachine(GuestType.PVH, ElfImage.read(elf), null, options);
    }

    public static XenMachine bootPvh(byte[] elf, PvBootOptions options) throws ElfFormatException, XenImageException {
        return new XenMachine(GuestType.PVH, ElfImage.parse(elf), null, options);
    }

    /** Boots {@code image} as an HVM guest: a Multiboot kernel (ELF or a.out kludge) or a raw boot disk. */
    public static XenMachine bootHvm(Path image, PvBootOptions options)
            throws IOException, ElfFormatException, XenImageException {
        return boot(readImage(image), GuestType.HVM, options);
    }

    public static XenMachine bootHvm(byte[] image, PvBootOptions options) throws ElfFormatException, XenImageException {
        return boot(image, GuestType.HVM, options);
    }

    /**
     * Boots {@code image} as {@code mode}, or, when {@code mode} is null, as what the image is
     * ({@link BootCapabilities#detect()}: a PHYS32_ENTRY note → PVH, PV notes → PV, a Multiboot
     * header → HVM, a raw image with the boot signature → HVM boot sector). An image that cannot
     * boot as the mode asked (or as any) is refused with the reason, as a {@link XenImageException}
     * of kind GUEST_TYPE.
     */
    public static XenMachine boot(Path image, GuestType mode, PvBootOptions options)
            throws IOException, ElfFormatException, XenImageException {
        return boot(readImage(image), mode, options);
    }

    /** The whole file; one over 1 GiB is refused (images live in a Java array, and no guest needs more). */
    private static byte[] readImage(Path image) throws IOException, XenImageException {
        long size = Files.size(image);
        if (size > 1L << 30) {
            throw new XenImageException(XenImageException.Kind.ADDRESSES,
                    String.format("the image is %,d bytes: XenScope boots images up to 1 GiB", size));
        }
        return Files.readAllBytes(image);
    }

    public static XenMachine boot(byte[] image, GuestType mode, PvBootOptions options)
            throws ElfFormatException, XenImageException {
        BootCapabilities caps = BootCapabilities.of(image);
        GuestType m = mode;
        if (m == null) {
            m = caps.detect().orElseThrow(() -> new XenImageException(XenImageException.Kind.GUEST_TYPE,
                    "this image cannot boot as a Xen guest: " + caps.reasons()));
        }
        BootCapabilities.Verdict v = caps.get(m);
        if (!v.bootable()) {
            throw new XenImageException(XenImageException.Kind.GUEST_TYPE, v.reason());
        }
        if (m != GuestType.HVM) {
            return new XenMachine(m, caps.elf(), null, options);
        }
        BootLoader loader = v.bootSector() ? BootSector.of(image)
                : MultibootLoader.plan(image, caps.elf(), v.multiboot(), options.cmdline(),
                        E820Map.forRam(options.memoryBytes() & ~4095L));
        return new XenMachine(GuestType.HVM, caps.elf(), loader, options);
    }

    /** The guest type this machine runs. */
    public GuestType mode() {
        return mode;
    }

    /** The HVM guest's PC platform (null for PV and PVH). */
    public PcPlatform platform() {
        return platform;
    }

    /** The HVM guest's BIOS (null for PV and PVH). */
    public Bios bios() {
        return bios;
    }

    /** True for a PVH guest. */
    public boolean isPvh() {
        return mode == GuestType.PVH;
    }

    /** Where the PVH builder put things (null for a PV guest). */
    public PvhLayout pvhLayout() {
        return pvhLayout;
    }

    private void record(MachineEvent e) {
        if (e instanceof MachineEvent.ConsoleOutput c) {
            (c.source().equals(MachineEvent.ConsoleOutput.BIOS_SCREEN) ? screenText : consoleText).writeBytes(c.bytes());
        }
        if (!(e instanceof MachineEvent.HypercallEvent) && kept.size() < MAX_KEPT_EVENTS) {
            kept.add(e);
        }
        for (Consumer<MachineEvent> l : listeners) {
            l.accept(e);
        }
    }

    public void addListener(Consumer<MachineEvent> l) {
        listeners.add(l);
    }

    public Domain domain() {
        return domain;
    }

    public Vcpu vcpu0() {
        return domain.vcpu(0);
    }

    /** The PV layout (null for a PVH or HVM guest). */
    public PvLayout layout() {
        return layout;
    }

    public XenStore xenstore() {
        return xenstore;
    }

    public ConsoleBackend consoleBackend() {
        return console;
    }

    /**
     * Everything the guest wrote to its consoles, in order: Xen's (ring and console_io) and, for
     * HVM, COM1 and port 0xE9. Not the text an HVM guest put on the screen through the BIOS
     * ({@link #screenOutput()}): on a PC that goes to the display, not to a console.
     */
    public String consoleOutput() {
        return consoleText.toString(StandardCharsets.ISO_8859_1);
    }

    /** What an HVM guest wrote to the screen through int 10h (source "bios"). */
    public String screenOutput() {
        return screenText.toString(StandardCharsets.ISO_8859_1);
    }

    /** The events seen so far (hypercall events excepted; at most {@value #MAX_KEPT_EVENTS}). */
    public List<MachineEvent> events() {
        return Collections.unmodifiableList(kept);
    }

    /**
     * Why the last {@link #run} ended {@link RunReport.Outcome#STOPPED}: BREAKPOINT, WATCHPOINT (the
     * hit is {@link #stoppedVcpu()}'s {@code engine.watchHit()}) or STOP_REQUESTED (else null).
     */
    public StopReason lastStop() {
        return lastStop;
    }

    /** The vCPU whose stop ended the last run (all-stop: the others stopped with it), else null. */
    public Vcpu stoppedVcpu() {
        return stoppedVcpu;
    }

    /**
     * Asks the running {@link #run} to stop the whole domain at the next block boundary (safe from
     * any thread, and from the running vCPU itself); if no run is active, the next one stops at once.
     */
    public void requestStop() {
        synchronized (stopLock) {
            stopRequested = true;
            Vcpu r = domain.current;
            if (r != null) {
                r.engine.requestStop();
            }
        }
    }

    /** Takes a stop request between slices: no vCPU keeps a request of its own for later. */
    private boolean takeStopRequest() {
        synchronized (stopLock) {
            if (!stopRequested) {
                return false;
            }
            stopRequested = false;
            for (Vcpu v : domain.vcpus) {
                v.engine.cancelStopRequest();
            }
            return true;
        }
    }

    /** The scheduling round: each runnable vCPU runs until its clock reaches this (ns of system time). */
    long roundEnd() {
        return roundEnd;
    }

    /**
     * Runs until the domain shuts down, a breakpoint or stop request ends it, {@code maxInstructions}
     * retire (on all vCPUs together), the guest can never wake, or an HVM guest writes to
     * isa-debug-exit.
     *
     * <p>Scheduling, deterministic: rounds of {@link #SMP_SLICE} ns of system time (one vCPU:
     * {@link #SLICE}); in each, the online, runnable vCPUs run in id order until their own clock
     * reaches the round's end. Each vCPU keeps its own clock (its retired instructions, 1 ns each,
     * plus the idle time it skipped; its TSC and vcpu_time_info follow it), so clocks differ by at
     * most a round. A blocked vCPU's clock jumps to its next timer when that falls in the round (or
     * to the sender's clock when another vCPU wakes it); when every online vCPU is blocked, all jump
     * to the earliest timer of any of them.
     */
    public RunReport run(long maxInstructions) {
        long start = domain.instructions();
        RunReport.Outcome outcome = RunReport.Outcome.INSTRUCTION_LIMIT;
        lastStop = null;
        stoppedVcpu = null;
        long slice = domain.vcpus.size() > 1 ? SMP_SLICE : SLICE;
        int idleSkips = 0;
        while (!domain.shutdown && exitStatus < 0) {
            long done = domain.instructions() - start;
            if (done >= maxInstructions) {
                break;
            }
            if (wakeTarget != null && wakeTarget.up && !wakeTarget.blocked) {
                break; // step(): the vCPU to step can run now
            }
            if (takeStopRequest()) {
                lastStop = StopReason.STOP_REQUESTED;
                stoppedVcpu = domain.vcpu(0);
                outcome = RunReport.Outcome.STOPPED;
                break;
            }
            Vcpu v = pickRunnable();
            if (v == null) {
                Vcpu earliest = null;
                long next = Long.MAX_VALUE;
                long runnableClock = Long.MAX_VALUE;
                for (Vcpu u : domain.vcpus) {
                    if (!u.up) {
                        continue;
                    }
                    if (u.blocked) {
                        long d = wakeDeadline(u);
                        if (d < next) {
                            next = d;
                            earliest = u;
                        }
                    } else {
                        runnableClock = Math.min(runnableClock, u.now());
                    }
                }
                if (runnableClock != Long.MAX_VALUE && next >= roundEnd) {
                    roundEnd = Math.max(roundEnd, runnableClock) + slice; // every runnable vCPU finished the round
                    continue;
                }
                if (runnableClock == Long.MAX_VALUE && (next == Long.MAX_VALUE || ++idleSkips > 100_000)) {
                    outcome = RunReport.Outcome.BLOCKED_FOREVER;
                    if (domain.hvm && haltedAt >= 0) {
                        blockedForever(domain.vcpu(0));
                    } else if (domain.vcpus.size() > 1) {
                        allBlockedForever();
                    }
                    break;
                }
                // idle time: the earliest timer's vCPU jumps to it (with every vCPU blocked, all do)
                for (Vcpu u : domain.vcpus) {
                    if (u == earliest || runnableClock == Long.MAX_VALUE) {
                        u.catchUp(next);
                        if (u.up) {
                            u.runExpiredTimers();
                            u.updateSystemTime();
                        }
                    }
                }
                continue;
            }
            idleSkips = 0;
            long n = Math.min(Math.max(1, (roundEnd - v.now()) / VirtualTime.NS_PER_INSTRUCTION), maxInstructions - done);
            synchronized (stopLock) {
                if (stopRequested) {
                    continue; // taken at the top of the loop
                }
                domain.current = v;
            }
            RunReport.Outcome end = runSlice(v, n);
            if (end != null) {
                outcome = end;
                break;
            }
        }
        if (exitStatus >= 0) {
            outcome = RunReport.Outcome.DEBUG_EXIT;
        } else if (domain.shutdown) {
            outcome = RunReport.Outcome.SHUTDOWN;
        }
        return report(outcome);
    }

    /**
     * Runs {@code n} instructions on {@code v} alone (the others stay where they are), e.g. a
     * debugger's single step of the selected vCPU; a vCPU that cannot run (down, or blocked) does
     * not move. Returns the report of the domain.
     */
    public RunReport step(Vcpu v, long n) {
        if (v.up && v.blocked && !domain.shutdown && exitStatus < 0) {
            // its next instruction waits for its wake-up: the domain runs (all-stop rules) until then
            wakeTarget = v;
            try {
                RunReport r = run(WAKE_BUDGET);
                if (v.blocked || r.outcome() != RunReport.Outcome.INSTRUCTION_LIMIT) {
                    return r;
                }
            } finally {
                wakeTarget = null;
            }
        }
        lastStop = null;
        stoppedVcpu = null;
        RunReport.Outcome outcome = RunReport.Outcome.INSTRUCTION_LIMIT;
        if (v.up && !v.blocked && !domain.shutdown && exitStatus < 0) {
            synchronized (stopLock) {
                domain.current = v;
            }
            RunReport.Outcome end = runSlice(v, n);
            if (end != null) {
                outcome = end;
            }
        }
        if (exitStatus >= 0) {
            outcome = RunReport.Outcome.DEBUG_EXIT;
        } else if (domain.shutdown) {
            outcome = RunReport.Outcome.SHUTDOWN;
        }
        return report(outcome);
    }

    /** One engine run of {@code v} (domain.current already {@code v}): null to go on, else how the run ends. */
    private RunReport.Outcome runSlice(Vcpu v, long n) {
        RunResult r = v.engine.run(n);
        synchronized (stopLock) {
            domain.current = null;
            if (r.reason() == StopReason.STOP_REQUESTED) {
                stopRequested = false; // this stop answers it
            }
        }
        if (v.yielded) {
            // SCHEDOP_yield: with another vCPU wanting to run, this one idles to the end of the round
            v.yielded = false;
            v.cpu.halted = v.blocked || !v.up;
            for (Vcpu o : domain.vcpus) {
                if (o != v && o.up && !o.blocked) {
                    v.catchUp(roundEnd);
                    break;
                }
            }
        }
        if (exitStatus >= 0) {
            return RunReport.Outcome.DEBUG_EXIT;
        }
        if (r.reason() == StopReason.EMULATOR_ERROR) {
            emulatorError = r.error();
            stoppedVcpu = v;
            return RunReport.Outcome.EMULATOR_ERROR;
        }
        if ((r.reason() == StopReason.BREAKPOINT || r.reason() == StopReason.STOP_REQUESTED
                || r.reason() == StopReason.WATCHPOINT) && !domain.shutdown) {
            lastStop = r.reason();
            stoppedVcpu = v;
            return RunReport.Outcome.STOPPED;
        }
        if (r.reason() == StopReason.HALTED && domain.hvm && !v.blocked && !domain.shutdown) {
            hvmHlt(v);
        }
        if (r.reason() == StopReason.TRIPLE_FAULT && platform != null && !domain.shutdown) {
            // hvm_triple_fault(): the domain shuts down with HVM_PARAM_TRIPLE_FAULT_REASON, SHUTDOWN_reboot by default
            domain.shutdown(ShutdownReason.REBOOT, "triple fault" + (r.fault() != null ? " (" + r.fault().getMessage() + ")" : "")
                    + ": Xen resets an HVM guest on a triple fault");
        }
        if (r.reason() == StopReason.GUEST_FAULT || r.reason() == StopReason.TRIPLE_FAULT) {
            if (!domain.shutdown) {
                domain.crash("unexpected stop" + (domain.vcpus.size() > 1 ? " on vCPU " + v.id : "") + ": " + r.reason()
                        + (r.fault() != null ? " " + r.fault().getMessage() : ""));
            }
        }
        return null;
    }

    /**
     * The first online vCPU, by id, that can run and has not reached the round's end; a blocked HVM
     * vCPU whose interrupt line is pending is woken first.
     */
    private Vcpu pickRunnable() {
        for (Vcpu v : domain.vcpus) {
            if (!v.up) {
                continue;
            }
            if (v.blocked && interruptLines != null && interruptLines[v.id].pending(v.cpu)) {
                v.kick(); // an interrupt wakes a halted HVM vCPU
            }
            if (!v.blocked && v.now() < roundEnd) {
                return v;
            }
        }
        return null;
    }

    /** When a blocked vCPU's timers (Xen's, and for HVM the platform's) next fire, or Long.MAX_VALUE. */
    private long wakeDeadline(Vcpu v) {
        long next = v.nextTimerDeadline();
        if (platform != null) {
            next = Math.min(next, platform.nextDeadline(v.id));
        }
        return next;
    }

    /** Every online vCPU of an SMP domain blocked with nothing armed: the hang names each one. */
    private void allBlockedForever() {
        StringBuilder b = new StringBuilder();
        for (Vcpu u : domain.vcpus) {
            if (u.up) {
                b.append(b.length() == 0 ? "" : ", ").append("vCPU ").append(u.id)
                        .append(String.format(" at RIP %#x", u.cpu.rip));
            }
        }
        hang = "every online vCPU blocked forever with no timer or event armed to wake it: " + b;
        Vcpu v0 = domain.vcpu(0);
        domain.emit(new MachineEvent.VcpuHung(domain.instructions(), v0.id, v0.cpu.rip, hang));
    }

    /**
     * hvm_hlt() (xen/arch/x86/hvm/hvm.c): with IF = 1 the vCPU blocks until an interrupt (an event
     * upcall, or for HVM a platform interrupt) is pending; with IF = 0 it goes down
     * (hvm_vcpu_down), and with no vCPU left online Xen powers the domain off.
     */
    private void hvmHlt(Vcpu v) {
        long rip = v.cpu.rip - 1; // RIP is past the one-byte hlt
        haltedAt = v.cpu.seg[io.xenscope.cpu.Cpu.CS].base + rip;
        if ((v.cpu.rflags & Flags.IF) == 0) {
            for (Vcpu o : domain.vcpus) {
                if (o != v && o.up) {
                    v.goDown(); // hvm_vcpu_down(): other vCPUs are still online, the domain goes on
                    return;
                }
            }
            v.up = false;
            hang = String.format("vCPU %d hung: hlt with IF=0 at RIP %#x%s: nothing can wake it, so Xen took the vCPU down "
                    + "(hvm_vcpu_down) and, with no vCPU online, powered the domain off", v.id, rip, where(v));
            domain.emit(new MachineEvent.VcpuHung(v.cpu.instructionCount, v.id, rip, hang));
            domain.shutdown(ShutdownReason.POWEROFF, hang);
        } else {
            v.block();
        }
    }

    private void blockedForever(Vcpu v) {
        long rip = haltedAt - v.cpu.seg[io.xenscope.cpu.Cpu.CS].base;
        String why = bios == null ? null : bios.waitReason(haltedAt);
        hang = String.format("vCPU %d blocked forever: hlt at RIP %#x%s with no timer or interrupt source armed%s", v.id, rip,
                where(v), why == null ? "" : " (" + why + ")");
        domain.emit(new MachineEvent.VcpuHung(v.cpu.instructionCount, v.id, rip, hang));
    }

    /** " (CS:IP f000:0847)" in real mode, else nothing. */
    private static String where(Vcpu v) {
        io.xenscope.cpu.Cpu c = v.cpu;
        if (c.mode == io.xenscope.cpu.CpuMode.REAL || c.mode == io.xenscope.cpu.CpuMode.VIRTUAL_8086) {
            return String.format(" (CS:IP %04x:%04x)", c.seg[io.xenscope.cpu.Cpu.CS].selector, (c.rip - 1) & 0xffff);
        }
        return "";
    }

    private RunReport report(RunReport.Outcome outcome) {
        List<MachineEvent.PageTableUpdateRejected> rej = new ArrayList<>();
        List<MachineEvent.GuestFault> faults = new ArrayList<>();
        List<MachineEvent.UnknownHypercall> unknown = new ArrayList<>();
        for (MachineEvent e : kept) {
            if (e instanceof MachineEvent.PageTableUpdateRejected p) {
                rej.add(p);
            } else if (e instanceof MachineEvent.GuestFault f) {
                faults.add(f);
            } else if (e instanceof MachineEvent.UnknownHypercall u) {
                unknown.add(u);
            }
        }
        return new RunReport(outcome, domain.shutdownReason,
                domain.shutdownReason < 0 ? "" : ShutdownReason.name(domain.shutdownReason), domain.shutdownDetail,
                consoleOutput(), new LinkedHashMap<>(domain.hypercalls.counts()), rej, faults, unknown,
                domain.instructions(), systemTime(), emulatorError, mode, exitStatus, hang);
    }

    /** The domain's system time: the furthest any vCPU's clock got. */
    public long systemTime() {
        long t = 0;
        for (Vcpu v : domain.vcpus) {
            t = Math.max(t, v.now());
        }
        return t;
    }
}
