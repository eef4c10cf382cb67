package io.xenscope.xen;

import io.xenscope.boot.elf.ElfFormatException;
import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.xen.console.ConsoleBackend;
import io.xenscope.xen.store.XenStore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * One emulated machine running one domU on the emulated Xen, a 64-bit PV guest ({@link #boot}) or
 * a PVH guest ({@link #bootPvh}, built by {@link PvhDomainBuilder}): build it from an ELF
 * kernel, run it until it shuts down (or a budget runs out, or it blocks forever), and report.
 * Typed {@link MachineEvent}s go to listeners as they happen. Idle time is skipped: when the vCPU
 * blocks, virtual time jumps to its next timer.
 */
public final class XenMachine {
    /** Instructions per engine call between checks of the domain's state. */
    static final long SLICE = 1_000_000;
    static final int MAX_KEPT_EVENTS = 10_000;

    private final Domain domain;
    private final PvLayout layout;
    private final PvhLayout pvhLayout;
    private final XenStore xenstore;
    private final ConsoleBackend console;
    private final ByteArrayOutputStream consoleText = new ByteArrayOutputStream();
    private final List<MachineEvent> kept = new ArrayList<>();
    private final List<Consumer<MachineEvent>> listeners = new ArrayList<>();
    private Throwable emulatorError;
    private StopReason lastStop;

    private XenMachine(ElfImage image, PvBootOptions options, boolean pvh) throws XenImageException {
        this.xenstore = new XenStore();
        Domain[] holder = new Domain[1];
        io.xenscope.xen.console.ConsoleListener out = bytes -> {
            if (holder[0] != null) {
                holder[0].emit(new MachineEvent.ConsoleOutput(holder[0].instructions(), "console ring", bytes));
            }
        };
        if (pvh) {
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
        holder[0] = domain;
        domain.addListener(this::record);
    }

    public static XenMachine boot(Path elf, PvBootOptions options)
            throws IOException, ElfFormatException, XenImageException {
        return new XenMachine(ElfImage.read(elf), options, false);
    }

    public static XenMachine boot(byte[] elf, PvBootOptions options) throws ElfFormatException, XenImageException {
        return new XenMachine(ElfImage.parse(elf), options, false);
    }

    /** Boots {@code elf} as a PVH guest (XEN_ELFNOTE_PHYS32_ENTRY). */
    public static XenMachine bootPvh(Path elf, PvBootOptions options)
            throws IOException, ElfFormatException, XenImageException {
        return new XenMachine(ElfImage.read(elf), options, true);
    }

    public static XenMachine bootPvh(byte[] elf, PvBootOptions options) throws ElfFormatException, XenImageException {
        return new XenMachine(ElfImage.parse(elf), options, true);
    }

    /** True for a PVH guest. */
    public boolean isPvh() {
        return pvhLayout != null;
    }

    /** Where the PVH builder put things (null for a PV guest). */
    public PvhLayout pvhLayout() {
        return pvhLayout;
    }

    private void record(MachineEvent e) {
        if (e instanceof MachineEvent.ConsoleOutput c) {
            consoleText.writeBytes(c.bytes());
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

    /** The PV layout (null for a PVH guest). */
    public PvLayout layout() {
        return layout;
    }

    public XenStore xenstore() {
        return xenstore;
    }

    public ConsoleBackend consoleBackend() {
        return console;
    }

    /** Everything the guest wrote to its consoles (ring and console_io), in order. */
    public String consoleOutput() {
        return consoleText.toString(StandardCharsets.ISO_8859_1);
    }

    /** The events seen so far (hypercall events excepted; at most {@value #MAX_KEPT_EVENTS}). */
    public List<MachineEvent> events() {
        return Collections.unmodifiableList(kept);
    }

    /**
     * Why the last {@link #run} ended {@link RunReport.Outcome#STOPPED}: BREAKPOINT, WATCHPOINT (the
     * hit is vCPU 0's {@code engine.watchHit()}) or STOP_REQUESTED (else null).
     */
    public StopReason lastStop() {
        return lastStop;
    }

    /** Runs until the domain shuts down, a breakpoint or stop request ends it, {@code maxInstructions} retire, or the guest can never wake. */
    public RunReport run(long maxInstructions) {
        Vcpu v = vcpu0();
        long start = v.cpu.instructionCount;
        RunReport.Outcome outcome = RunReport.Outcome.INSTRUCTION_LIMIT;
        lastStop = null;
        int idleSkips = 0;
        while (!domain.shutdown) {
            long done = v.cpu.instructionCount - start;
            if (done >= maxInstructions) {
                break;
            }
            if (v.blocked) {
                long next = v.nextTimerDeadline();
                if (next == Long.MAX_VALUE || ++idleSkips > 100_000) {
                    outcome = RunReport.Outcome.BLOCKED_FOREVER;
                    break;
                }
                long now = v.now();
                if (next > now) {
                    VirtualTime.skip(v.cpu, next - now);
                }
                v.runExpiredTimers();
                v.updateSystemTime();
                continue;
            }
            idleSkips = 0;
            RunResult r = v.engine.run(Math.min(SLICE, maxInstructions - done));
            if (r.reason() == StopReason.EMULATOR_ERROR) {
                emulatorError = r.error();
                outcome = RunReport.Outcome.EMULATOR_ERROR;
                break;
            }
            if ((r.reason() == StopReason.BREAKPOINT || r.reason() == StopReason.STOP_REQUESTED
                    || r.reason() == StopReason.WATCHPOINT) && !domain.shutdown) {
                lastStop = r.reason();
                outcome = RunReport.Outcome.STOPPED;
                break;
            }
            if (r.reason() == StopReason.HALTED && domain.hvm && !v.blocked && !domain.shutdown) {
                hvmHlt(v);
            }
            if (r.reason() == StopReason.GUEST_FAULT || r.reason() == StopReason.TRIPLE_FAULT) {
                if (!domain.shutdown) {
                    domain.crash("unexpected stop: " + r.reason() + (r.fault() != null ? " " + r.fault().getMessage() : ""));
                }
            }
        }
        if (domain.shutdown) {
            outcome = RunReport.Outcome.SHUTDOWN;
        }
        return report(outcome, v);
    }

    /**
     * hvm_hlt() (xen/arch/x86/hvm/hvm.c): with IF = 1 the vCPU blocks until an interrupt (an event
     * upcall) is pending; with IF = 0 it goes down (hvm_vcpu_down), and with no vCPU left online
     * Xen powers the domain off.
     */
    private void hvmHlt(Vcpu v) {
        if ((v.cpu.rflags & io.xenscope.cpu.Flags.IF) == 0) {
            v.up = false;
            domain.shutdown(ShutdownReason.POWEROFF,
                    "hlt with interrupts disabled: the vCPU went down, and with no vCPU online Xen powers the domain off");
        } else {
            v.block();
        }
    }

    private RunReport report(RunReport.Outcome outcome, Vcpu v) {
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
                v.cpu.instructionCount, v.now(), emulatorError);
    }
}
