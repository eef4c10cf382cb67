package io.xenscope.xen;

import io.xenscope.boot.firmware.Bios;
import io.xenscope.boot.firmware.BootLoader;
import io.xenscope.boot.firmware.E820Map;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.devices.PcPlatform;
import io.xenscope.devices.PlatformSink;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.MmioHandler;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.console.ConsoleBackend;
import io.xenscope.xen.console.ConsoleListener;
import io.xenscope.xen.store.XenStore;
import io.xenscope.xen.store.XsDomainRing;

/**
 * Builds an HVM domU as libxl and hvmloader set one up on Xen, with XenScope's BIOS in place of
 * hvmloader + SeaBIOS: the Xen side is the PVH one ({@link HvmDomainSetup}: hypercalls by vmcall,
 * CPUID leaves, the hypercall MSR, HVM params with the xenstore and console rings, add_to_physmap
 * for shared_info and the grant table); the machine side is a PC.
 *
 * <p>Memory: RAM [0, memory) except the legacy hole 0xA0000-0xFFFFF: the VGA window and the option
 * ROM area 0xA0000-0xEFFFF are no RAM (reads all ones, writes dropped: no adapter, no ROMs), the
 * BIOS sits at 0xF0000-0xFFFFF and at its alias below 4 GiB ({@link io.xenscope.boot.firmware.BiosRom}).
 * Devices: the {@link PcPlatform} on the vCPU's I/O bus and its MMIO; the vCPU's INTR line is Xen's
 * event upcall combined with the platform's interrupt controllers ({@link HvmInterruptLine}).
 *
 * <p>vCPU 0 starts in the reset state of SDM Vol. 3 §9.1.1 Table 9-1 (real mode, CS selector 0xF000
 * base 0xFFFF0000, IP 0xFFF0, EDX the CPU signature, CR0 0x60000010, EFLAGS 0x2): the first
 * instruction is the ROM's at 0xFFFFFFF0, and POST loads the boot image ({@code loader}).
 */
public final class HvmDomainBuilder {
    /** QEMU's PC keeps RAM below 3.5 GiB in one piece (max-ram-below-4g); above it RAM would split. */
    public static final long MAX_RAM = 0xE000_0000L;
    public static final long LEGACY_HOLE = 0xA0000, BIOS_START = 0xF0000;

    private HvmDomainBuilder() {
    }

    /** Everything the builder wired. */
    public record Built(Domain domain, PcPlatform platform, Bios bios, InterruptSource[] interruptLines, ConsoleBackend console,
                        XsDomainRing store) {
    }

    public static Built build(BootLoader loader, E820Map map, PvBootOptions o, XenStore xs,
                              ConsoleListener consoleListener, PlatformSink platformSink, Bios.Sink biosSink) {
        long memBytes = o.memoryBytes() & ~4095L;
        Domain d = HvmDomainSetup.createDomain(o, memBytes, 2L << 20, MAX_RAM, "HVM");
        d.hasPirq = true; // libxl: XEN_X86_EMU_ALL but VPCI for an HVM domain
        PhysicalMemory mem = d.mem;
        mem.mapMmio(LEGACY_HOLE, BIOS_START - LEGACY_HOLE, NOTHING);
        HvmDomainSetup.Rings rings = HvmDomainSetup.allocMagicPages(d, o, xs, consoleListener);

        IoBus io = new IoBus();
        int n = o.vcpus();
        // each APIC's clock is its vCPU's, and the vCPUs need the platform for their INTR lines
        Cpu[] cpus = new Cpu[n];
        java.util.function.LongSupplier[] clocks = new java.util.function.LongSupplier[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            clocks[i] = () -> cpus[k] == null ? 0 : VirtualTime.now(cpus[k]);
        }
        PcPlatform platform = new PcPlatform(mem, io, clocks, () -> {
            Vcpu running = d.current;
            return running == null ? 0 : running.id;
        }, platformSink);
        InterruptSource[] lines = new InterruptSource[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            Vcpu v = HvmDomainSetup.createVcpu(d, i, io, hvm -> lines[k] = new HvmInterruptLine(d.vcpus.get(k), hvm, platform));
            cpus[i] = v.cpu;
            // the Xen MSRs, then IA32_APIC_BASE
            v.cpu.msrIntercept = new MsrInterceptChain(v.cpu.msrIntercept, platform.apicBaseMsr(i));
        }
        platform.onApStartup(new HvmApStartup(d, lines));
        Cpu c = cpus[0];
        Bios bios = new Bios(c, map, loader, HvmDomainSetup.bootEpoch(o), () -> VirtualTime.now(c), biosSink);
        bios.install(mem, io);
        c.reset();
        return new Built(d, platform, bios, lines, rings.console(), rings.store());
    }

    /** The legacy hole: no device decodes it. */
    private static final MmioHandler NOTHING = new MmioHandler() {
        @Override
        public long read(long offset, int size) {
            return size == 8 ? -1L : (1L << (size * 8)) - 1;
        }

        @Override
        public void write(long offset, int size, long value) {
        }
    };
}
