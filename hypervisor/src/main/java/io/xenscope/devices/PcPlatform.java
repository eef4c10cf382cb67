package io.xenscope.devices;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.MsrIntercept;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;

import java.util.function.LongSupplier;

/**
 * The PC an HVM guest sees on Xen: what Xen itself emulates (local APIC, I/O APIC, 8259 pair,
 * 8254 PIT, RTC) and what its QEMU device model adds (16550 UART on COM1, CMOS memory, PCI
 * configuration space with the i440FX host bridge, the PIIX3 ISA bridge and the Xen platform
 * device, reset ports), plus QEMU's debug console 0xE9 and isa-debug-exit 0xF4. One class per
 * device; this class wires them and is the vCPU's INTR line.
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

    private final LongSupplier nowNs;
    private final DualPic pic;
    private final LocalApic lapic;
    private final IoApic ioapic;
    private final ApicBaseMsr apicBase;
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
    /** INTR: an interrupt waits for the vCPU (recomputed whenever a controller's state changes). */
    private boolean intr;

    public PcPlatform(PhysicalMemory memory, IoBus io, LongSupplier nowNs, PlatformSink sink) {
        this.nowNs = nowNs;
        new DebugConsole(io, sink);
        new IsaDebugExit(io, sink);
        new ResetControl(io, sink);
        pic = new DualPic(io, this::updateIntr);
        lapic = new LocalApic(nowNs, this::updateIntr, this::reschedule);
        ioapic = new IoApic(lapic, this::updateIntr);
        apicBase = new ApicBaseMsr(lapic);
        lapic.onLevelEoi(vector -> {
            beforeLevelEoi.run();
            ioapic.eoi(vector);
        });
        memory.mapMmio(LocalApic.DEFAULT_BASE, PhysicalMemory.PAGE_SIZE, lapic);
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
        long now = nowNs.getAsLong();
        if (now >= deadline) {
            expireTimers(now);
        }
        return intr;
    }

    @Override
    public int acknowledge(Cpu cpu) {
        long now = nowNs.getAsLong();
        if (now >= deadline) {
            expireTimers(now);
        }
        if (picAccepted() && pic.output()) {
            return pic.acknowledge(); // the INTA cycle through LINT0 (ExtINT)
        }
        return lapic.acknowledge();
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
        return apicBase;
    }

    private boolean picAccepted() {
        int lint0 = lapic.lvtLint0();
        return !lapic.enabled()
                || (lint0 & (LocalApic.LVT_MASKED | LocalApic.DELIVERY_MODE)) == LocalApic.DM_EXTINT
                || ioapic.pin0RoutesExtInt();
    }

    private void updateIntr() {
        if (wired) {
            intr = picAccepted() && pic.output() || lapic.deliverableVector() >= 0;
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
