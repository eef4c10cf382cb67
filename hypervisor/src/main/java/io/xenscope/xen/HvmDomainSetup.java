package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.cpu.interrupt.HardwareExceptionDelivery;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.console.ConsoleBackend;
import io.xenscope.xen.console.ConsoleListener;
import io.xenscope.xen.hypercall.HvmHypercalls;
import io.xenscope.xen.mm.FrameTable;
import io.xenscope.xen.mm.M2pTable;
import io.xenscope.xen.mm.PvMmu;
import io.xenscope.xen.store.DomainBootNodes;
import io.xenscope.xen.store.XenStore;
import io.xenscope.xen.store.XsDomainRing;

import java.util.function.Function;

/**
 * What building a PVH and an HVM domain have in common (both are HVM domains to Xen): the
 * auto-translated domain with guest RAM at [0, memory) and Xen's frames above it
 * (domain_create + populate_physmap), the special pages, rings, event channels and HVM params of
 * libxenguest's alloc_magic_pages_hvm plus the xenstore nodes libxl writes, the wallclock, and
 * vCPU 0 wired to Xen's VM-exit side ({@link HvmVcpu}).
 */
final class HvmDomainSetup {
    static final int XEN_HEAP_FRAMES = 256;

    private HvmDomainSetup() {
    }

    /** The backends of the two rings. */
    record Rings(ConsoleBackend console, XsDomainRing store) {
    }

    /** A domain of {@code memBytes} of RAM ({@code kind} names the guest type in errors). */
    static Domain createDomain(PvBootOptions o, long memBytes, long minBytes, long maxBytes, String kind) {
        long nrPages = memBytes >>> 12;
        if (memBytes < minBytes) {
            throw new IllegalArgumentException(String.format("a %s domain needs at least %d MiB", kind, minBytes >>> 20));
        }
        if (memBytes > maxBytes) {
            throw new IllegalArgumentException(String.format(
                    "%s domains above %d MiB (RAM above the 4 GiB hole) are not modelled", kind, maxBytes >>> 20));
        }
        long xenStart = nrPages;
        long m2pGuess = (nrPages + XEN_HEAP_FRAMES + 8192 + 511) / 512;
        long xenFrames = XEN_HEAP_FRAMES + m2pGuess + (m2pGuess + 511) / 512 + 4;
        long frameCount = nrPages + xenFrames;
        PhysicalMemory mem = new PhysicalMemory(1L << 32);
        FrameTable frames = new FrameTable(frameCount);
        M2pTable m2p = new M2pTable(mem, frames, xenStart);
        XenHeap heap = new XenHeap(mem, frames, xenStart + m2p.framesUsed(), frameCount);
        PvMmu mmu = new PvMmu(mem, frames, m2p);
        Domain d = new Domain(o.domid(), o.name(), mem, frames, mmu, heap, o.vcpus());
        d.hvm = true;
        HvmHypercalls.registerAll(d.hypercalls);
        d.debugXen = o.debugXen();
        long[] p2m = new long[(int) nrPages];
        for (int pfn = 0; pfn < nrPages; pfn++) {
            p2m[pfn] = pfn;
            mmu.assignFrame(d.domid, pfn, pfn);
        }
        d.p2m = p2m;
        d.totPages = nrPages;
        d.maxPages = nrPages + 256;
        byte[] uuid = java.nio.ByteBuffer.allocate(16).putLong(0x5845_4e53_434f_5045L).putLong(o.domid()).array();
        System.arraycopy(uuid, 0, d.handle, 0, 16);
        long epoch = o.realTime() ? System.currentTimeMillis() / 1000 : Domain.DEFAULT_BOOT_EPOCH_SECONDS;
        d.sharedInfo.writeWallclock(epoch, 0);
        return d;
    }

    /** The wallclock (seconds since the epoch) at system time 0. */
    static long bootEpoch(PvBootOptions o) {
        return o.realTime() ? System.currentTimeMillis() / 1000 : Domain.DEFAULT_BOOT_EPOCH_SECONDS;
    }

    /**
     * alloc_magic_pages_hvm + the toolstack's rings: the special pages zeroed, xenstore and console
     * rings with their event channels (store first, then console), the HVM params that point at
     * them, and the domain's xenstore nodes.
     */
    static Rings allocMagicPages(Domain d, PvBootOptions o, XenStore xs, ConsoleListener consoleListener) {
        PhysicalMemory mem = d.mem;
        long storePfn = PvhDomainBuilder.specialPfn(PvhDomainBuilder.SPECIALPAGE_XENSTORE);
        long consolePfn = PvhDomainBuilder.specialPfn(PvhDomainBuilder.SPECIALPAGE_CONSOLE);
        mem.fill(PvhDomainBuilder.specialPfn(0) << 12, 0, (long) PvhDomainBuilder.X86_HVM_NR_SPECIAL_PAGES << 12);
        XsDomainRing[] storeRing = new XsDomainRing[1];
        ConsoleBackend[] cons = new ConsoleBackend[1];
        d.storePort = d.eventChannels.connectBackend(() -> storeRing[0].onGuestNotify());
        d.consolePort = d.eventChannels.connectBackend(() -> cons[0].onGuestNotify());
        d.storeMfn = storePfn;
        d.consoleMfn = consolePfn;
        cons[0] = new ConsoleBackend(mem, consolePfn << 12, () -> d.eventChannels.notifyFromBackend(d.consolePort),
                consoleListener);
        storeRing[0] = xs.attachRing(d.domid, mem, storePfn << 12, () -> d.eventChannels.notifyFromBackend(d.storePort));
        new DomainBootNodes().domid(d.domid).name(o.name()).memoryKiB(d.totPages * 4)
                .console(consolePfn, d.consolePort).store(storePfn, d.storePort).writeTo(xs);
        d.hvmParams[HvmParams.HVM_PARAM_STORE_PFN] = storePfn;
        d.hvmParams[HvmParams.HVM_PARAM_STORE_EVTCHN] = d.storePort;
        d.hvmParams[HvmParams.HVM_PARAM_CONSOLE_PFN] = consolePfn;
        d.hvmParams[HvmParams.HVM_PARAM_CONSOLE_EVTCHN] = d.consolePort;
        d.hvmParams[HvmParams.HVM_PARAM_BUFIOREQ_PFN] = PvhDomainBuilder.specialPfn(PvhDomainBuilder.SPECIALPAGE_BUFIOREQ);
        d.hvmParams[HvmParams.HVM_PARAM_IOREQ_PFN] = PvhDomainBuilder.specialPfn(PvhDomainBuilder.SPECIALPAGE_IOREQ);
        d.hvmParams[HvmParams.HVM_PARAM_PAGING_RING_PFN] = PvhDomainBuilder.specialPfn(PvhDomainBuilder.SPECIALPAGE_PAGING);
        d.hvmParams[HvmParams.HVM_PARAM_MONITOR_RING_PFN] = PvhDomainBuilder.specialPfn(PvhDomainBuilder.SPECIALPAGE_ACCESS);
        d.hvmParams[HvmParams.HVM_PARAM_SHARING_RING_PFN] = PvhDomainBuilder.specialPfn(PvhDomainBuilder.SPECIALPAGE_SHARING);
        return new Rings(cons[0], storeRing[0]);
    }

    /**
     * vCPU 0 of an HVM domain: a CPU on {@code io}, exceptions through the guest's own IDT/IVT,
     * vmcall, cpuid and the Xen MSRs handled by {@link HvmVcpu}, and the INTR line {@code intr}
     * makes of it. The vCPU is left in the CPU's reset state; the builder sets the entry state.
     */
    static Vcpu createVcpu0(Domain d, IoBus io, Function<HvmVcpu, InterruptSource> intr) {
        return createVcpu(d, 0, io, intr);
    }

    /**
     * vCPU {@code id} of an HVM domain, as {@link #createVcpu0}; any vCPU but 0 is left down and
     * not initialised until VCPUOP_initialise (a vcpu_hvm_context) and VCPUOP_up.
     */
    static Vcpu createVcpu(Domain d, int id, IoBus io, Function<HvmVcpu, InterruptSource> intr) {
        Cpu c = new Cpu(d.mem, io, new CpuModel());
        ExecutionEngine engine = new ExecutionEngine(c);
        Vcpu v = new Vcpu(d, id, c, engine);
        d.vcpus.add(v);
        d.traps.add(null);
        HvmVcpu hvm = new HvmVcpu(v);
        engine.setExceptionDelivery(new HardwareExceptionDelivery());
        engine.setInterruptSource(intr.apply(hvm));
        c.vmcallHandler = hvm::vmcall;
        c.cpuidIntercept = hvm::cpuid;
        c.msrIntercept = hvm;
        v.vcpuInfoMaddr = d.sharedInfo.vcpuInfoAddress(id);
        if (id != 0) {
            v.initialised = false;
            v.up = false;
            c.halted = true;
            v.runstate.change(Runstate.OFFLINE, 0);
        }
        v.periodicPeriod = 0; // HVM vCPUs have no PV periodic timer
        v.updateSystemTime();
        return v;
    }
}
