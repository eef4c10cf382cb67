package io.xenscope.xen;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.ElfSegment;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.boot.elf.XenGuestInfo;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.console.ConsoleBackend;
import io.xenscope.xen.console.ConsoleListener;
import io.xenscope.xen.hypercall.PvHypercalls;
import io.xenscope.xen.mm.FrameTable;
import io.xenscope.xen.mm.M2pTable;
import io.xenscope.xen.mm.MmuResult;
import io.xenscope.xen.mm.Pte;
import io.xenscope.xen.mm.PvMmu;
import io.xenscope.xen.store.DomainBootNodes;
import io.xenscope.xen.store.XenStore;
import io.xenscope.xen.store.XsDomainRing;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Builds a 64-bit PV domU as the toolstack's domain builder does (tools/libs/guest/xg_dom_core.c
 * xc_dom_build_image, xg_dom_x86.c) and starts its vCPU 0 as Xen enters a 64-bit PV kernel.
 *
 * <p>Virtual layout from virt_base: the kernel's PT_LOAD segments; the p2m list (mfn_list, one
 * u64 per pfn) unless the image has XEN_ELFNOTE_INIT_P2M; start_info; the xenstore page; the
 * console page; the initial page tables (L4, then L3s, L2s, L1s, as count_pgtables orders them)
 * mapping everything from virt_base through a 4 MiB-aligned end that leaves at least 512 KiB
 * after the boot stack; then the boot stack page. L1 entries are P|RW|A (page-table frames
 * read-only), upper levels P|RW|A|D|USER; the L4 is pinned and becomes vCPU 0's base pointer.
 *
 * <p>Machine memory: guest frames come first (shuffled with a seeded permutation, or pfn == mfn),
 * Xen's frames (the M2P table and Xen heap: shared_info, GDT and per-domain tables, grant frames)
 * sit at the top. Frame 0 is never given to a shuffled domain (real Xen never hands it out).
 */
public final class PvDomainBuilder {
    static final long EXTRA_PAGES = 1 + (512 * 1024) / 4096;
    static final int XEN_HEAP_FRAMES = 256;

    private PvDomainBuilder() {
    }

    /** Everything the builder wired: the domain, its layout and the dom0 backends of its rings. */
    public record Built(Domain domain, PvLayout layout, XenGuestInfo info, ConsoleBackend console, XsDomainRing store) {
    }

    public static Built build(ElfImage image, PvBootOptions o, XenStore xs, ConsoleListener consoleListener)
            throws XenImageException {
        XenGuestInfo info = XenGuestInfo.compute(image, GuestType.PV);
        long nrPages = o.memoryBytes() >>> 12;
        if (nrPages < 64) {
            throw new IllegalArgumentException("a PV domain needs at least 256 KiB");
        }
        // ---- machine memory ----
        long headroom = Math.max(1024, nrPages / 8);
        long guestPool = nrPages + headroom + (o.identityP2m() ? 0 : 1);
        long m2pFrames = (guestPool + XEN_HEAP_FRAMES + 8192 + 511) / 512;
        long m2pUsed = m2pFrames + (m2pFrames + 511) / 512 + 2 + 2;
        long totalFrames = guestPool + XEN_HEAP_FRAMES + m2pUsed;
        PhysicalMemory mem = new PhysicalMemory(totalFrames << 12);
        FrameTable frames = new FrameTable(totalFrames);
        long xenStart = guestPool;
        M2pTable m2p = new M2pTable(mem, frames, xenStart);
        long heapStart = xenStart + m2p.framesUsed();
        XenHeap heap = new XenHeap(mem, frames, heapStart, totalFrames);
        PvMmu mmu = new PvMmu(mem, frames, m2p);
        Domain d = new Domain(o.domid(), o.name(), mem, frames, mmu, heap, o.vcpus());
        PvHypercalls.registerAll(d.hypercalls);
        d.debugXen = o.debugXen();

        long[] p2m = new long[(int) nrPages];
        long[] pool = new long[(int) (o.identityP2m() ? guestPool : guestPool - 1)];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = o.identityP2m() ? i : i + 1;
        }
        if (!o.identityP2m()) {
            Random r = new Random(o.seed());
            for (int i = pool.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                long t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
            }
        }
        for (int pfn = 0; pfn < nrPages; pfn++) {
            p2m[pfn] = pool[pfn];
            mmu.assignFrame(d.domid, p2m[pfn], pfn);
        }
        for (int i = (int) nrPages; i < pool.length; i++) {
            d.freeFrames.set((int) pool[i]);
        }
        if (!o.identityP2m()) {
            frames.shareXenPage(0, FrameTable.DOMID_XEN, false);
        }
        d.p2m = p2m;
        d.totPages = nrPages;
        d.maxPages = nrPages + 256; // libxl: max_memkb + LIBXL_MAXMEM_CONSTANT (1 MiB)
        byte[] uuid = java.nio.ByteBuffer.allocate(16).putLong(0x5845_4e53_434f_5045L).putLong(o.domid()).array();
        System.arraycopy(uuid, 0, d.handle, 0, 16);

        // ---- virtual layout ----
        long virtBase = info.virtBase();
        long kstart = info.virtKstart();
        long kend = (info.virtKend() + 4095) & ~4095L;
        if (kstart < virtBase || (kstart & 4095) != 0) {
            throw new XenImageException(XenImageException.Kind.ADDRESSES,
                    String.format("kernel start 0x%x is below virt_base 0x%x or not page aligned", kstart, virtBase));
        }
        long kernelPfn = (kstart - virtBase) >>> 12;
        long kernelPages = (kend - kstart) >>> 12;
        long allocPfn = kernelPfn + kernelPages;
        long p2mPfn = 0, p2mPages = 0;
        boolean initP2m = info.p2mBase().isPresent();
        if (!initP2m) {
            p2mPfn = allocPfn;
            p2mPages = (nrPages * 8 + 4095) >>> 12;
            allocPfn += p2mPages;
        }
        long startInfoPfn = allocPfn++;
        long xenstorePfn = allocPfn++;
        long consolePfn = allocPfn++;
        long virtAllocEnd = virtBase + (allocPfn << 12);
        // alloc_pgtables_pv: iterate until the tables and the extra pages fit under a 4 MiB boundary
        long pages = EXTRA_PAGES;
        long tryVirtEnd;
        long[] counts;
        while (true) {
            tryVirtEnd = (virtAllocEnd + pages * 4096) | ((1L << 22) - 1);
            counts = countPgtables(virtBase, tryVirtEnd);
            long total = counts[0] + counts[1] + counts[2] + counts[3];
            pages = total + EXTRA_PAGES;
            if (virtAllocEnd + pages * 4096 <= tryVirtEnd + 1) {
                break;
            }
        }
        long nrPt = counts[0] + counts[1] + counts[2] + counts[3];
        long pgtablesPfn = allocPfn;
        allocPfn += nrPt;
        long bootstackPfn = allocPfn++;
        long mappedPages = (tryVirtEnd + 1 - virtBase) >>> 12;
        if (mappedPages >= nrPages) {
            throw new IllegalArgumentException(String.format("not enough memory for the initial mapping"
                    + " (%d pages needed, the domain has %d)", mappedPages + 1, nrPages));
        }
        long hypercallVa = info.virtHypercall().orElse(-1);
        PvLayout layout = new PvLayout(virtBase, kernelPfn, kernelPages, p2mPfn, p2mPages, startInfoPfn, xenstorePfn,
                consolePfn, pgtablesPfn, nrPt, bootstackPfn, tryVirtEnd + 1, info.virtEntry(), hypercallVa);

        // ---- kernel ----
        for (ElfSegment s : image.loadSegments()) {
            long dest = s.paddr() + info.virtOffset();
            byte[] data = s.fileBytes().toArray();
            long n = Math.min(s.filesz(), data.length);
            for (long k = 0; k < s.memsz(); k++) {
                writeVa(d, layout, dest + k, k < n ? data[(int) k] : 0);
            }
        }
        // ---- p2m list ----
        if (!initP2m) {
            for (long pfn = 0; pfn < nrPages; pfn++) {
                mem.write64(maddr(d, layout, layout.va(p2mPfn) + pfn * 8), p2m[(int) pfn]);
            }
        }
        // ---- page tables ----
        writePageTables(d, layout, counts, tryVirtEnd);

        // ---- hypercall page ----
        d.hypercallPageVa = hypercallVa;
        if (hypercallVa != -1) {
            writeHypercallPage(mem, maddr(d, layout, hypercallVa));
        }
        // ---- event channels and rings (the toolstack: store first, then console) ----
        long storeMaddr = p2m[(int) xenstorePfn] << 12;
        long consoleMaddr = p2m[(int) consolePfn] << 12;
        XsDomainRing[] storeRing = new XsDomainRing[1];
        ConsoleBackend[] cons = new ConsoleBackend[1];
        d.storePort = d.eventChannels.connectBackend(() -> storeRing[0].onGuestNotify());
        d.consolePort = d.eventChannels.connectBackend(() -> cons[0].onGuestNotify());
        d.storeMfn = storeMaddr >>> 12;
        d.consoleMfn = consoleMaddr >>> 12;
        cons[0] = new ConsoleBackend(mem, consoleMaddr, () -> d.eventChannels.notifyFromBackend(d.consolePort),
                consoleListener);
        storeRing[0] = xs.attachRing(d.domid, mem, storeMaddr, () -> d.eventChannels.notifyFromBackend(d.storePort));
        new DomainBootNodes().domid(d.domid).name(o.name()).memoryKiB(nrPages * 4)
                .console(d.consoleMfn, d.consolePort).store(d.storeMfn, d.storePort).writeTo(xs);

        // ---- start_info ----
        long si = maddr(d, layout, layout.startInfoVa());
        writeString(mem, si + StartInfo.MAGIC, StartInfo.MAGIC_X86_64, 32);
        mem.write64(si + StartInfo.NR_PAGES, nrPages);
        mem.write64(si + StartInfo.SHARED_INFO, d.sharedInfoMfn << 12);
        mem.write32(si + StartInfo.FLAGS, 0);
        mem.write64(si + StartInfo.STORE_MFN, d.storeMfn);
        mem.write32(si + StartInfo.STORE_EVTCHN, d.storePort);
        mem.write64(si + StartInfo.CONSOLE_MFN, d.consoleMfn);
        mem.write32(si + StartInfo.CONSOLE_EVTCHN, d.consolePort);
        mem.write64(si + StartInfo.PT_BASE, layout.va(pgtablesPfn));
        mem.write64(si + StartInfo.NR_PT_FRAMES, nrPt);
        mem.write64(si + StartInfo.MFN_LIST, initP2m ? info.p2mBase().getAsLong() : layout.va(p2mPfn));
        mem.write64(si + StartInfo.MOD_START, 0);
        mem.write64(si + StartInfo.MOD_LEN, 0);
        writeString(mem, si + StartInfo.CMD_LINE, o.cmdline() == null ? "" : o.cmdline(), StartInfo.MAX_GUEST_CMDLINE);

        // ---- shared_info: wallclock ----
        long epoch = o.realTime() ? System.currentTimeMillis() / 1000 : Domain.DEFAULT_BOOT_EPOCH_SECONDS;
        d.sharedInfo.writeWallclock(epoch, 0);

        // ---- pin the initial tables (libxc arch_setup_bootlate + arch_set_info_guest) ----
        long l4mfn = p2m[(int) pgtablesPfn];
        MmuResult r = mmu.installInitialPageTables(d.domid, l4mfn);
        if (r.rc() != 0) {
            throw new IllegalStateException("the initial page tables do not validate: "
                    + (r.rejection() != null ? r.rejection().explanation() : "rc " + r.rc()));
        }
        mmu.setRejectionListener(rej -> d.emit(new MachineEvent.PageTableUpdateRejected(d.instructions(),
                rej.withGuestRip(d.vcpus.isEmpty() ? 0 : d.vcpus.get(0).callerRip()))));

        // ---- vCPUs: 0 enters the kernel, the others wait down for VCPUOP_initialise + VCPUOP_up ----
        for (int i = 0; i < o.vcpus(); i++) {
            createVcpu(d, i);
        }
        startVcpu0(d.vcpu(0), layout, l4mfn);
        return new Built(d, layout, info, cons[0], storeRing[0]);
    }

    /** Tables per level for [from, to] (inclusive), L4 first: {1, L3s, L2s, L1s}. */
    static long[] countPgtables(long from, long to) {
        long mask48 = (1L << 48) - 1;
        long f = from & mask48, t = to & mask48;
        long[] c = new long[4];
        c[0] = 1;
        for (int l = 2; l >= 0; l--) {
            int bits = 12 + (l + 1) * 9;
            long mask = (1L << bits) - 1;
            c[3 - l] = (((t | mask) - (f & ~mask)) >>> bits) + 1;
        }
        return c;
    }

    private static void writePageTables(Domain d, PvLayout layout, long[] counts, long tryVirtEnd) {
        PhysicalMemory mem = d.mem;
        long virtBase = layout.virtBase();
        long mask48 = (1L << 48) - 1;
        long from = virtBase & mask48, to = tryVirtEnd & mask48;
        long l4Pfn = layout.pgtablesPfn();
        long l3Pfn = l4Pfn + 1;
        long l2Pfn = l3Pfn + counts[1];
        long l1Pfn = l2Pfn + counts[2];
        long ptEnd = l4Pfn + layout.nrPtFrames();
        int upper = Pte.PRESENT | Pte.RW | Pte.ACCESSED | Pte.DIRTY | Pte.USER;
        long l3Base = from & ~((1L << 39) - 1);
        long l2Base = from & ~((1L << 30) - 1);
        long l1Base = from & ~((1L << 21) - 1);
        for (long va = from; va <= to; va += 4096) {
            long pfn = (va - from) >>> 12;
            long l3Index = (va - l3Base) >>> 39;
            long l2Index = (va - l2Base) >>> 30;
            long l1Index = (va - l1Base) >>> 21;
            long l4 = d.p2m[(int) l4Pfn] << 12;
            long l3 = d.p2m[(int) (l3Pfn + l3Index)] << 12;
            long l2 = d.p2m[(int) (l2Pfn + l2Index)] << 12;
            long l1 = d.p2m[(int) (l1Pfn + l1Index)] << 12;
            mem.write64(l4 + ((va >>> 39) & 511) * 8, Pte.make(l3 >>> 12, upper));
            mem.write64(l3 + ((va >>> 30) & 511) * 8, Pte.make(l2 >>> 12, upper));
            mem.write64(l2 + ((va >>> 21) & 511) * 8, Pte.make(l1 >>> 12, upper));
            int prot = Pte.PRESENT | Pte.RW | Pte.ACCESSED;
            if (pfn >= l4Pfn && pfn < ptEnd) {
                prot &= ~Pte.RW;
            }
            mem.write64(l1 + ((va >>> 12) & 511) * 8, Pte.make(d.p2m[(int) pfn], prot));
        }
    }

    /** The 64-bit PV hypercall page (pv_ring3_init_hypercall_page): int3 filler, 128 syscall stubs. */
    public static void writeHypercallPage(PhysicalMemory mem, long maddr) {
        mem.fill(maddr, 0xcc, 4096);
        for (int i = 0; i < 128; i++) {
            long p = maddr + i * 32L;
            byte[] stub = i == 23
                    ? new byte[] {0x51, 0x41, 0x53, 0x50, (byte) 0xb8, 23, 0, 0, 0, 0x0f, 0x05}
                    : new byte[] {0x51, 0x41, 0x53, (byte) 0xb8, (byte) i, 0, 0, 0, 0x0f, 0x05, 0x41, 0x5b, 0x59,
                        (byte) 0xc3};
            mem.writeBytes(p, stub, 0, stub.length);
        }
    }

    static long maddr(Domain d, PvLayout layout, long va) {
        long pfn = (va - layout.virtBase()) >>> 12;
        if (pfn < 0 || pfn >= d.p2m.length) {
            throw new IllegalArgumentException(String.format("address 0x%x lies outside the domain's memory", va));
        }
        return (d.p2m[(int) pfn] << 12) | (va & 4095);
    }

    private static void writeVa(Domain d, PvLayout layout, long va, int b) {
        d.mem.write8(maddr(d, layout, va), b);
    }

    private static void writeString(PhysicalMemory mem, long at, String s, int size) {
        byte[] b = new byte[size];
        byte[] src = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(src, 0, b, 0, Math.min(src.length, size - 1));
        mem.writeBytes(at, b, 0, size);
    }

    /**
     * vcpu_create() + arch_vcpu_create() for a 64-bit PV vCPU: long mode with Xen's GDT, a ring-3
     * kernel on the flat selectors, vcpu_info in shared_info, events masked; down and not
     * initialised (no CR3) until the builder or VCPUOP_initialise gives it a context.
     */
    static Vcpu createVcpu(Domain d, int id) {
        Cpu c = new Cpu(d.mem, new IoBus(), new CpuModel());
        ExecutionEngine engine = new ExecutionEngine(c);
        Vcpu v = new Vcpu(d, id, c, engine);
        d.vcpus.add(v);
        PvTraps traps = new PvTraps(v);
        d.traps.add(traps);
        engine.setExceptionDelivery(traps);
        engine.setInterruptSource(traps);
        c.syscallIntercept = new PvSyscallEntry(v, d.hypercalls);
        // Xen turns on CPUID faulting for PV guests where the hardware has it: plain cpuid sees the policy
        PvPrivilegedOps cpuidPolicy = new PvPrivilegedOps(v);
        c.cpuidIntercept = cpu -> {
            int[] r = cpuidPolicy.cpuid((int) cpu.gpr[0], (int) cpu.gpr[1]);
            cpu.gpr[0] = r[0] & 0xffffffffL;
            cpu.gpr[3] = r[1] & 0xffffffffL;
            cpu.gpr[1] = r[2] & 0xffffffffL;
            cpu.gpr[2] = r[3] & 0xffffffffL;
        };

        c.setCr4(Cpu.CR4_PAE | Cpu.CR4_PGE | Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT);
        c.setEfer(Cpu.EFER_LME | Cpu.EFER_LMA | Cpu.EFER_NXE | Cpu.EFER_SCE);
        c.setCr0(Cpu.CR0_PE | Cpu.CR0_PG | Cpu.CR0_WP | Cpu.CR0_ET | Cpu.CR0_NE | Cpu.CR0_MP);
        d.perdomain.setGuestGdt(id, new long[0]);
        c.gdtrBase = PerdomainArea.gdtVirtStart(id);
        c.gdtrLimit = PerdomainArea.GDT_LIMIT;
        c.idtrBase = 0;
        c.idtrLimit = 0;
        // Xen's TSS has no I/O bitmap a PV guest could use: every in/out at CPL 3 takes #GP
        c.tr.set(0, 0, 0, 0);
        long ds = PerdomainArea.XEN_GDT[5] | 1L << 40;
        for (int s : new int[] {Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
            c.seg[s].loadDescriptor(PvTraps.FLAT_KERNEL_DS, ds);
        }
        PvTraps.loadFlatKernelSegments(c);
        c.setRflags(Flags.FIXED | Flags.IF);
        c.updateMode();

        v.kernelSs = PvTraps.FLAT_KERNEL_SS;
        v.vcpuInfoMaddr = d.sharedInfo.vcpuInfoAddress(id);
        v.setUpcallMask(1);
        v.periodicNext = v.periodicPeriod;
        v.initialised = false;
        v.up = false;
        c.halted = true;
        v.runstate.change(Runstate.OFFLINE, 0);
        return v;
    }

    /** vcpu_x86_64 + arch_set_info_guest for vCPU 0: the initial tables, rip = entry, rsi = start_info. */
    private static void startVcpu0(Vcpu v, PvLayout layout, long l4mfn) {
        Cpu c = v.cpu;
        c.setCr3(l4mfn << 12);
        c.rip = layout.entry();
        c.gpr[4] = layout.stackTop();
        c.gpr[6] = layout.startInfoVa();
        v.kernelSp = layout.stackTop();
        v.initialised = true;
        v.up = true;
        c.halted = false;
        v.runstate.change(Runstate.RUNNING, 0);
        v.updateSystemTime();
    }
}
