package io.xenscope.xen;

import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.mm.FrameTable;
import io.xenscope.xen.mm.M2pTable;
import io.xenscope.xen.mm.PvMmu;
import io.xenscope.xen.mm.PvMmuDomain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A 64-bit PV domain as Xen keeps it ({@code struct domain}): id and name, its memory (machine
 * frames through the frame table, the builder's pfn-to-mfn map), the shared_info page (a Xen-heap
 * frame shared with the guest), vCPUs, event channels, grant-table frames, the console and xenstore
 * rings with their ports, and the shutdown state.
 */
public final class Domain {
    /** Default wallclock at system time 0: 2024-01-01T00:00:00Z (deterministic unless real time is asked for). */
    public static final long DEFAULT_BOOT_EPOCH_SECONDS = 1_704_067_200L;
    public static final int VMASST_TYPE_4GB_SEGMENTS = 0, VMASST_TYPE_4GB_SEGMENTS_NOTIFY = 1,
            VMASST_TYPE_WRITABLE_PAGETABLES = 2, VMASST_TYPE_PAE_EXTENDED_CR3 = 3, VMASST_TYPE_ARCHITECTURAL_IOPL = 4,
            VMASST_TYPE_RUNSTATE_UPDATE_FLAG = 5, VMASST_TYPE_M2P_STRICT = 32;

    public final int domid;
    public final String name;
    public final PhysicalMemory mem;
    public final FrameTable frames;
    public final PvMmu mmu;
    public final M2pTable m2p;
    public final XenHeap heap;
    public final PerdomainArea perdomain;
    public final PvMmuDomain mmuDomain;
    public final SharedInfo sharedInfo;
    public final long sharedInfoMfn;
    public final List<Vcpu> vcpus = new ArrayList<>();
    public final List<PvTraps> traps = new ArrayList<>();
    public final HypercallDispatcher hypercalls = new HypercallDispatcher();
    public final EventChannels eventChannels;
    public final GrantTable grantTable;

    /** The builder's pfn → mfn map (the guest keeps its own copy, mfn_list). */
    public long[] p2m;
    public long totPages;
    public long maxPages;
    public long vmAssist;

    public int consolePort;
    public long consoleMfn;
    public int storePort;
    public long storeMfn;

    /**
     * An HVM-container domain (PVH): auto-translated, guest-physical addresses are our physical
     * addresses, hypercalls come by vmcall, events by callback vector.
     */
    public boolean hvm;
    /** has_pirq(d): an HVM domain with emulated devices, whose interrupts may be PIRQs (XEN_X86_EMU_USE_PIRQ). */
    public boolean hasPirq;
        /** HVM_PARAM_* values (hvm/params.h), for an HVM-container domain. */
    public final long[] hvmParams = new long[HvmParams.HVM_NR_PARAMS];
    /** Guest-physical frame where shared_info is mapped (XENMAPSPACE_shared_info), -1 = not mapped. */
    public long sharedInfoGpfn = -1;

    /** PHYSDEVOP_pirq_eoi_gmfn: the frame of the pirq EOI bitmap, 0 = none. */
    public long pirqEoiMfn;
    /** Virtual address of the hypercall page (XEN_ELFNOTE_HYPERCALL_PAGE), -1 if none. */
    public long hypercallPageVa = -1;
    /** The emulated Xen is a debug build (see {@link PvBootOptions#debugXen()}). */
    public boolean debugXen = true;
    private final java.util.BitSet pirqsInUse = new java.util.BitSet();

    /** The vCPU the machine is running now (null between slices): the sender of what it does. */
    public volatile Vcpu current;

    public boolean shutdown;
    public int shutdownReason = -1;
    public int shutdownCode = -1;
    public String shutdownDetail;

    /** Free machine frames the domain may still get (increase_reservation / populate_physmap). */
    public final java.util.BitSet freeFrames = new java.util.BitSet();
    /** xen_domain_handle_t (the domain's UUID). */
    public final byte[] handle = new byte[16];

    private final List<Consumer<MachineEvent>> listeners = new ArrayList<>();

    Domain(int domid, String name, PhysicalMemory mem, FrameTable frames, PvMmu mmu, XenHeap heap, int nrVcpus) {
        this.domid = domid;
        this.name = name;
        this.mem = mem;
        this.frames = frames;
        this.mmu = mmu;
        this.m2p = mmu.m2p();
        this.heap = heap;
        this.mmuDomain = mmu.createDomain(domid, nrVcpus);
        this.perdomain = new PerdomainArea(mem, heap);
        this.mmuDomain.setPerdomainL4e(perdomain.l4e());
        this.sharedInfoMfn = heap.alloc();
        mmu.shareXenPage(domid, sharedInfoMfn, true);
        this.sharedInfo = new SharedInfo(mem, sharedInfoMfn);
        for (int i = 0; i < SharedInfo.XEN_LEGACY_MAX_VCPUS; i++) {
            mem.write8(sharedInfo.vcpuInfoAddress(i) + SharedInfo.VI_UPCALL_MASK, 1);
        }
        this.eventChannels = new EventChannels(this, nrVcpus);
        this.grantTable = new GrantTable(this);
    }

    public int domid() {
        return domid;
    }

    public String name() {
        return name;
    }

    public PhysicalMemory memory() {
        return mem;
    }

    public FrameTable frames() {
        return frames;
    }

    public PvMmu mmu() {
        return mmu;
    }

    public PvMmuDomain mmuDomain() {
        return mmuDomain;
    }

    public SharedInfo sharedInfo() {
        return sharedInfo;
    }

    public long sharedInfoMfn() {
        return sharedInfoMfn;
    }

    public List<Vcpu> vcpus() {
        return Collections.unmodifiableList(vcpus);
    }

    public Vcpu vcpu(int i) {
        return vcpus.get(i);
    }

    public int maxVcpus() {
        return mmuDomain.vcpuCount();
    }

    public PvTraps traps(Vcpu v) {
        return traps.get(v.id);
    }

    public HypercallDispatcher hypercalls() {
        return hypercalls;
    }

    public EventChannels eventChannels() {
        return eventChannels;
    }

    public GrantTable grantTable() {
        return grantTable;
    }

    public PerdomainArea perdomain() {
        return perdomain;
    }

    public XenHeap heap() {
        return heap;
    }

    /** The builder's p2m: machine frame of guest pfn {@code pfn}. */
    public long pfnToMfn(long pfn) {
        return p2m[(int) pfn];
    }

    public long nrPages() {
        return p2m.length;
    }

    public long totPages() {
        return totPages;
    }

    public long maxPages() {
        return maxPages;
    }

    public int consolePort() {
        return consolePort;
    }

    public long consoleMfn() {
        return consoleMfn;
    }

    public int storePort() {
        return storePort;
    }

    public long storeMfn() {
        return storeMfn;
    }

    /** get_free_pirq(): the highest free pirq in [low, high]; -1 if none. */
    public int allocPirq(int high, int low) {
        for (int p = high; p >= low; p--) {
            if (!pirqsInUse.get(p)) {
                pirqsInUse.set(p);
                return p;
            }
        }
        return -1;
    }

    /** pirq_info(d, pirq) != NULL: the pirq was handed out (get_free_pirq). */
    public boolean pirqAllocated(int pirq) {
        return pirq >= 0 && pirqsInUse.get(pirq);
    }

    public byte[] handle() {
        return handle.clone();
    }

    /** alloc_domheap_pages(): {@code n} contiguous free machine frames (n a power of two), or -1. */
    public long allocFrames(long n) {
        int from = freeFrames.nextSetBit(0);
        while (from >= 0) {
            int clear = freeFrames.nextClearBit(from);
            long aligned = (from + n - 1) / n * n;
            if (aligned + n <= clear) {
                freeFrames.clear((int) aligned, (int) (aligned + n));
                totPages += n;
                return aligned;
            }
            from = freeFrames.nextSetBit(clear);
        }
        return -1;
    }

    /** guest_remove_page() for each frame of an extent: false if a frame is not the domain's. */
    public boolean releaseFrames(long mfn, long n) {
        for (long m = mfn; m < mfn + n; m++) {
            if (!frames.isValid(m) || frames.owner(m) != domid || frames.refCount(m) == 0) {
                return false;
            }
        }
        for (long m = mfn; m < mfn + n; m++) {
            frames.putPage(m);
            if (m2p != null) {
                m2p.set(m, io.xenscope.xen.mm.M2pTable.INVALID_M2P_ENTRY);
            }
            if (frames.refCount(m) == 0) {
                freeFrames.set((int) m);
            }
            totPages--;
        }
        return true;
    }

    public boolean vmAssist(int type) {
        return (vmAssist >>> type & 1) != 0;
    }

    public boolean isShutdown() {
        return shutdown;
    }

    public int shutdownReason() {
        return shutdownReason;
    }

    public int shutdownCode() {
        return shutdownCode;
    }

    public String shutdownDetail() {
        return shutdownDetail;
    }

    // ---- events out ----------------------------------------------------------------------------

    /**
     * A debugger's hook on guest exceptions, asked before Xen delivers one (the fault as it would be
     * reported, {@code bounced} saying whether the trap table has a handler): true leaves the fault
     * undelivered, rip on the faulting instruction, and stops the vCPU. Null: no debugger.
     */
    public volatile java.util.function.Predicate<MachineEvent.GuestFault> faultIntercept;

    public void addListener(Consumer<MachineEvent> l) {
        listeners.add(l);
    }

    public void emit(MachineEvent e) {
        for (Consumer<MachineEvent> l : listeners) {
            l.accept(e);
        }
    }

    /** Instructions retired by all the domain's vCPUs: the time stamp of events. */
    public long instructions() {
        long n = 0;
        for (Vcpu v : vcpus) {
            n += v.cpu.instructionCount;
        }
        return n;
    }

    /** domain_shutdown(): every vCPU stops; the run ends. */
    public void shutdown(int reason, String detail) {
        if (shutdown) {
            return;
        }
        shutdown = true;
        shutdownReason = reason;
        shutdownDetail = detail;
        for (Vcpu v : vcpus) {
            v.engine.requestStop();
        }
        emit(new MachineEvent.Shutdown(instructions(), reason, ShutdownReason.name(reason), detail));
    }

    /** domain_crash(): what Xen does when the guest leaves it no other choice. */
    public void crash(String why) {
        shutdown(ShutdownReason.CRASH, why);
    }

    public void runstateChanged(Vcpu v) {
        if (v.runstateArea != 0) {
            Runstate.write(v);
        }
    }
}
