package io.xenscope.devices;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.MsrIntercept;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.MmioHandler;
import io.xenscope.memory.PhysicalMemory;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The PC an HVM guest sees on Xen: what Xen itself emulates (local APIC, I/O APIC, 8259 pair,
 * 8254 PIT, RTC) and what its QEMU device model adds (16550 UART on COM1, CMOS memory, PCI
 * configuration space with the i440FX host bridge, the PIIX3 ISA bridge and the Xen platform
 * device, reset ports), plus QEMU's debug console 0xE9 and isa-debug-exit 0xF4. One class per
 * device; this class wires them and is each vCPU's INTR line: its own local APIC (ID = 2 × vCPU id as on Xen,
 * MMIO at 0xFEE00000 reaching the APIC of the vCPU making the access), plus for vCPU 0 the 8259
 * through LINT0 (virtual wire). IPIs travel between the APICs ({@link #ipi}); INIT and STARTUP go to
 * the machine's {@link ApStartup}.
 *
 * <p>Time is virtual: {@code nowNs} is the vCPU's clock in nanoseconds (the instruction count), so
 * timers fire at the same instruction every run. The earliest armed deadline is cached;
 * {@link #pending} (called at every block boundary) compares it with the clock and otherwise reads
 * one field. {@link #nextDeadline} tells an idle vCPU how far it may skip.
 *
 * <p>Interrupt routing, as Xen's hvm/irq.c: ISA IRQ {@code n} (0-15) goes to both the 8259 pair
 * and I/O APIC pin {@code n}, except IRQ 0 which is GSI 2 (the PC's interrupt source override);
 * GSIs 16-47 (PCI INTx) go to the I/O APIC only. The 8259's INTR reaches the CPU when the local
 * APIC accepts it (__vlapic_accept_pic_intr): LINT0 unmasked in ExtINT mode (virtual wire), I/O
 * APIC pin 0 unmasked in ExtINT mode towards this APIC (what hvmloader sets up:
 * {@link #hvmloaderApicSetup}), or the APIC disabled — in hardware (IA32_APIC_BASE: LINT0 is then
 * the INTR pin, SDM Vol. 3 §11.4.3; Xen 4.17 instead refuses the 8259 then) or in software (SVR,
 * as after reset: a guest started without firmware, that never enables its local APIC, gets the
 * 8259 as on a pre-APIC PC; Xen would need hvmloader's virtual-wire setup first). An 8259
 * request is taken before the APIC's (Xen's hvm_vcpu_has_pending_irq order).
 */
public final class PcPlatform implements InterruptSource {
    public static final int DEBUG_CONSOLE_PORT = DebugConsole.PORT;
    public static final int ISA_DEBUG_EXIT_PORT = IsaDebugExit.PORT;
    public static final int PCI_HOST_BRIDGE = 0, PCI_ISA_BRIDGE = 1;

    /** What INIT and STARTUP IPIs do to a vCPU: the machine's part (SDM Vol. 3 §8.4.4). */
    public interface ApStartup {
        /** INIT: the vCPU stops and waits for a STARTUP; true if it was reset (its APIC then resets too). */
        boolean init(int vcpu);

        /** STARTUP with {@code vector} to a vCPU waiting for it: it starts in real mode at vector × 4 KiB. */
        void startup(int vcpu, int vector);

        /** A fixed or lowest-priority IPI reached {@code vcpu}'s APIC: wake it if it halted. */
        void interrupted(int vcpu);
    }

    private final LongSupplier nowNs;
    private final LongSupplier[] clocks;
    private final DualPic pic;
    private final LocalApic lapic;
    private final LocalApic[] lapics;
    private final IoApic ioapic;
    private final ApicBaseMsr[] apicBases;
    private ApStartup startup = new ApStartup() {
        @Override
        public boolean init(int vcpu) {
            return false;
        }

        @Override
        public void startup(int vcpu, int vector) {
        }

        @Override
        public void interrupted(int vcpu) {
        }
    };
    private final Pit8254 pit;
    private final CmosRtc rtc;
    private final Uart16550 com1;
    private final PciConfigSpace pci;
    private final PciIntxRouter pciIntx;
    private final XenPlatformDevice xenPlatform;
    private final TimedDevice[] timers;
    private boolean wired;
    /** The earliest deadline of any device timer (virtual ns). */
    private long deadline = Long.MAX_VALUE;
    /** Runs before a level-triggered EOI reaches the I/O APIC ({@link #beforeLevelEoi}). */
    private Runnable beforeLevelEoi = () -> { };
    /** INTR of each vCPU: an interrupt waits for it (recomputed whenever a controller's state changes). */
    private final boolean[] intr;

    /** A one-vCPU PC on the vCPU's clock {@code nowNs}. */
    public PcPlatform(PhysicalMemory memory, IoBus io, LongSupplier nowNs, PlatformSink sink) {
        this(memory, io, new LongSupplier[] {nowNs}, () -> 0, sink);
    }

    /**
     * A PC with one local APIC per vCPU: {@code clocks[i]} is vCPU i's clock (vCPU 0's drives the
     * shared devices), {@code running} names the vCPU making an access (whose APIC the 0xFEE00000
     * window shows).
     */
    public PcPlatform(PhysicalMemory memory, IoBus io, LongSupplier[] clocks, IntSupplier running, PlatformSink sink) {
        this.nowNs = clocks[0];
        this.clocks = clocks;
        new DebugConsole(io, sink);
        new IsaDebugExit(io, sink);
        new ResetControl(io, sink);
        pic = new DualPic(io, this::updateIntr);
        intr = new boolean[clocks.length];
        lapics = new LocalApic[clocks.length];
        apicBases = new ApicBaseMsr[clocks.length];
        for (int i = 0; i < lapics.length; i++) {
            // an AP's timer deadline is looked at by its own pending(), not in the shared deadline
            lapics[i] = new LocalApic(LocalApic.xenApicId(i), clocks[i], this::updateIntr, i == 0 ? this::reschedule : () -> { });
            apicBases[i] = new ApicBaseMsr(lapics[i], i == 0);
            lapics[i].onLevelEoi(this::levelEoi);
            if (lapics.length > 1) {
                lapics[i].onBus(this::ipi);
            }
        }
        lapic = lapics[0];
        ioapic = new IoApic(lapics, this::updateIntr);
        memory.mapMmio(LocalApic.DEFAULT_BASE, PhysicalMemory.PAGE_SIZE, lapics.length == 1 ? lapic : new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                return lapics[running.getAsInt()].read(offset, size);
            }

            @Override
            public void write(long offset, int size, long value) {
                lapics[running.getAsInt()].write(offset, size, value);
            }
        });
        memory.mapMmio(IoApic.DEFAULT_BASE, PhysicalMemory.PAGE_SIZE, ioapic);
        pit = new Pit8254(io, nowNs, level -> setIrq(0, level), this::reschedule);
        rtc = new CmosRtc(io, nowNs, level -> setIrq(8, level), this::reschedule);
        rtc.setMemorySize(memory.ramBytes());
        com1 = new Uart16550(io, Uart16550.COM1, "com1", sink, level -> setIrq(Uart16550.COM1_IRQ, level));
        pci = new PciConfigSpace(io);
        pci.attach(PCI_HOST_BRIDGE, 0, PciFunction.i440fxHostBridge());
        Piix3IsaBridge piix3 = new Piix3IsaBridge();
        pci.attach(PCI_ISA_BRIDGE, 0, piix3);
        pciIntx = new PciIntxRouter(piix3, this::setIrq);
        xenPlatform = new XenPlatformDevice(io, sink);
        pci.attach(XenPlatformDevice.DEVICE, 0, xenPlatform);
        timers = new TimedDevice[] {pit, lapic, rtc};
        wired = true;
        reschedule();
        updateIntr();
    }

    /**
     * Leaves the interrupt controllers as Xen's hvmloader does before it starts a guest
     * (tools/firmware/hvmloader/hvmloader.c apic_setup): I/O APIC ID 1 (IOAPIC_ID of the MP and
     * ACPI tables), local APIC software-enabled with spurious vector 0xFF, LINT0 ExtINT but
     * masked, LINT1 NMI, and the 8259 reaching the CPU through I/O APIC pin 0 in ExtINT mode
     * (virtual wire mode B). For a machine that boots a guest the way an HVM domain starts.
     */
    public void hvmloaderApicSetup() {
        ioapic.write(IoApic.IOREGSEL, 4, 0x00);
        ioapic.write(IoApic.IOWIN, 4, 0x01 << 24);
        lapic.writeRegister(LocalApic.SVR, LocalApic.SVR_ENABLED | 0xff);
        lapic.writeRegister(LocalApic.LVT_LINT0, LocalApic.DM_EXTINT | LocalApic.LVT_MASKED);
        lapic.writeRegister(LocalApic.LVT_LINT1, 0x400); // delivery mode NMI
        ioapic.write(IoApic.IOREGSEL, 4, 0x10);
        ioapic.write(IoApic.IOWIN, 4, 0x700); // ExtINT, unmasked, edge
        ioapic.write(IoApic.IOREGSEL, 4, 0x11);
        ioapic.write(IoApic.IOWIN, 4, lapic.apicId() << 24);
    }

    /** The CMOS memory-size bytes for {@code bytes} of guest RAM (set from the RAM size at construction). */
    public void setMemorySize(long bytes) {
        rtc.setMemorySize(bytes);
    }

    /** Virtual time (ns) of the next timer event any device has armed; Long.MAX_VALUE if none. */
    public long nextDeadline() {
        return deadline;
    }

    /** The next timer event that concerns vCPU {@code vcpu}: vCPU 0 the shared devices' and its APIC's, an AP its APIC's. */
    public long nextDeadline(int vcpu) {
        return vcpu == 0 ? deadline : lapics[vcpu].deadline();
    }

    /**
     * Drives ISA IRQ {@code irq} (0-15: the 8259 pair and the I/O APIC, IRQ 0 on GSI 2) or GSI
     * {@code irq} (16-47: the I/O APIC only, e.g. the Xen platform device's INTA on
     * {@link XenPlatformDevice#intxGsi()}, though {@link #setPciIntx} also follows the PIIX3's
     * link routing). ISA IRQ 2 reaches the I/O APIC only: on the 8259 it is the cascade (Xen's
     * vpic_irq_positive_edge ignores it). Numbers outside 0-47 are ignored.
     */
    public void setIrq(int irq, boolean level) {
        if (irq < 0) {
            return;
        }
        if (irq < 16) {
            if (irq != 2) {
                pic.setIrq(irq, level);
            }
            ioapic.setIrq(irq == 0 ? 2 : irq, level);
        } else {
            ioapic.setIrq(irq, level);
        }
    }

    /**
     * PCI device {@code device} drives INTx line {@code intx} (0 = INTA): its GSI and, when the
     * PIIX3 routes the line's link, that ISA IRQ (Xen's hvm_pci_intx_assert/deassert). The Xen
     * platform device's INTA is {@code setPciIntx(XenPlatformDevice.DEVICE, 0, level)}.
     */
    public void setPciIntx(int device, int intx, boolean level) {
        pciIntx.set(device, intx, level);
    }

    @Override
    public boolean pending(Cpu cpu) {
        return pending(0);
    }

    @Override
    public int acknowledge(Cpu cpu) {
        return acknowledge(0);
    }

    /** Whether an interrupt waits for vCPU {@code vcpu} (its APIC; for vCPU 0 also the 8259); runs due timers. */
    public boolean pending(int vcpu) {
        expireDue(vcpu);
        return intr[vcpu];
    }

    /** vCPU {@code vcpu} takes the interrupt: its vector (vCPU 0: the 8259's first, through LINT0). */
    public int acknowledge(int vcpu) {
        expireDue(vcpu);
        if (vcpu == 0 && picAccepted() && pic.output()) {
            return pic.acknowledge(); // the INTA cycle through LINT0 (ExtINT)
        }
        return lapics[vcpu].acknowledge();
    }

    private void expireDue(int vcpu) {
        if (vcpu == 0) {
            long now = nowNs.getAsLong();
            if (now >= deadline) {
                expireTimers(now);
            }
        } else {
            LocalApic a = lapics[vcpu];
            long now = clocks[vcpu].getAsLong();
            if (now >= a.deadline()) {
                a.expire(now);
            }
        }
    }

    /** The machine's side of INIT and STARTUP IPIs. */
    public void onApStartup(ApStartup startup) {
        this.startup = startup;
    }

    /**
     * An IPI on the APIC bus (vlapic_ipi, xen/arch/x86/hvm/vlapic.c): each APIC the shorthand or
     * destination names gets a fixed vector; a lowest-priority one goes to the named APIC with the
     * lowest PPR; INIT (level assert; the de-assert form is ignored as Xen does) goes to the machine,
     * and the target's APIC resets with its vCPU; STARTUP goes to the machine. NMI and SMI: no line modelled, dropped.
     */
    private void ipi(LocalApic from, int icrLow, int icrHigh) {
        int mode = icrLow & LocalApic.DELIVERY_MODE;
        int lowest = -1;
        for (int i = 0; i < lapics.length; i++) {
            LocalApic a = lapics[i];
            if (!a.targetedBy(from, icrLow, icrHigh)) {
                continue;
            }
            switch (mode) {
                case LocalApic.DM_FIXED -> {
                    a.receive(icrLow);
                    startup.interrupted(i);
                }
                case LocalApic.DM_LOWEST -> {
                    if (lowest < 0 || a.ppr() < lapics[lowest].ppr()) {
                        lowest = i;
                    }
                }
                case LocalApic.DM_INIT -> {
                    if ((icrLow & LocalApic.ICR_ASSERT) != 0 || (icrLow & LocalApic.LVT_LEVEL) == 0) {
                        if (startup.init(i)) {
                            a.reset(); // vlapic_do_init after vcpu_reset
                        }
                    }
                }
                case LocalApic.DM_STARTUP -> startup.startup(i, icrLow & 0xff);
                default -> { }
            }
        }
        if (lowest >= 0) {
            lapics[lowest].receive(icrLow);
            startup.interrupted(lowest);
        }
    }

    /**
     * What the machine does before a level-triggered EOI reaches the I/O APIC: the EOI write is a VM
     * exit, where Xen first lowers lines it keeps lazily (hvm_maybe_deassert_evtchn_irq for the
     * event callback), so a line already let go is not delivered again by vioapic_update_EOI.
     */
    public void beforeLevelEoi(Runnable r) {
        beforeLevelEoi = r;
    }

    /** IA32_APIC_BASE (MSR 0x1B) for the machine to chain into {@code Cpu.msrIntercept}. */
    public MsrIntercept apicBaseMsr() {
        return apicBases[0];
    }

    /** IA32_APIC_BASE of vCPU {@code vcpu} (the BSP flag on vCPU 0 only). */
    public MsrIntercept apicBaseMsr(int vcpu) {
        return apicBases[vcpu];
    }

    private void levelEoi(int vector) {
        beforeLevelEoi.run();
        ioapic.eoi(vector);
    }

    private boolean picAccepted() {
        int lint0 = lapic.lvtLint0();
        return !lapic.enabled()
                || (lint0 & (LocalApic.LVT_MASKED | LocalApic.DELIVERY_MODE)) == LocalApic.DM_EXTINT
                || ioapic.pin0RoutesExtInt();
    }

    private void updateIntr() {
        if (wired) {
            intr[0] = picAccepted() && pic.output() || lapic.deliverableVector() >= 0;
            for (int i = 1; i < intr.length; i++) {
                intr[i] = lapics[i].deliverableVector() >= 0;
            }
        }
    }

    private void expireTimers(long now) {
        for (TimedDevice t : timers) {
            if (now >= t.deadline()) {
                t.expire(now);
            }
        }
        reschedule();
    }

    private void reschedule() {
        if (!wired) {
            return;
        }
        long d = Long.MAX_VALUE;
        for (TimedDevice t : timers) {
            d = Math.min(d, t.deadline());
        }
        deadline = d;
    }

    // ---- the devices, for the machine, tests and debuggers ----

    public DualPic pic() {
        return pic;
    }

    public LocalApic lapic() {
        return lapic;
    }

    public LocalApic lapic(int vcpu) {
        return lapics[vcpu];
    }

    public IoApic ioapic() {
        return ioapic;
    }

    public Pit8254 pit() {
        return pit;
    }

    public CmosRtc rtc() {
        return rtc;
    }

    public Uart16550 com1() {
        return com1;
    }

    public PciConfigSpace pci() {
        return pci;
    }

    public XenPlatformDevice xenPlatform() {
        return xenPlatform;
    }
}
