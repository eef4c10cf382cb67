package io.xenscope.xen;

import io.xenscope.memory.PhysicalMemory;

/**
 * The shared_info page (xen/include/public/xen.h, arch-x86/xen.h, 64-bit layout): a Xen-heap frame
 * the guest maps through start_info->shared_info. Offsets and accessors on machine memory.
 */
public final class SharedInfo {
    public static final int VCPU_INFO = 0;
    public static final int VCPU_INFO_SIZE = 64;
    public static final int XEN_LEGACY_MAX_VCPUS = 32;
    public static final int EVTCHN_PENDING = 2048;
    public static final int EVTCHN_MASK = 2560;
    public static final int WC_VERSION = 3072;
    public static final int WC_SEC = 3076;
    public static final int WC_NSEC = 3080;
    public static final int WC_SEC_HI = 3084;
    /** struct arch_shared_info: max_pfn, pfn_to_mfn_frame_list_list, nmi_reason, p2m_cr3, p2m_vaddr, p2m_generation. */
    public static final int ARCH_MAX_PFN = 3088;
    public static final int ARCH_PFN_TO_MFN_FRAME_LIST_LIST = 3096;
    public static final int ARCH_NMI_REASON = 3104;
    public static final int ARCH_P2M_CR3 = 3112;
    public static final int ARCH_P2M_VADDR = 3120;
    public static final int ARCH_P2M_GENERATION = 3128;

    // struct vcpu_info
    public static final int VI_UPCALL_PENDING = 0;
    public static final int VI_UPCALL_MASK = 1;
    public static final int VI_PENDING_SEL = 8;
    public static final int VI_ARCH_CR2 = 16;
    public static final int VI_TIME = 32;
    // struct vcpu_time_info (inside vcpu_info at VI_TIME)
    public static final int VT_VERSION = 0;
    public static final int VT_TSC_TIMESTAMP = 8;
    public static final int VT_SYSTEM_TIME = 16;
    public static final int VT_TSC_TO_SYSTEM_MUL = 24;
    public static final int VT_TSC_SHIFT = 28;
    public static final int VT_FLAGS = 29;

    private final PhysicalMemory mem;
    private final long base;

    public SharedInfo(PhysicalMemory mem, long mfn) {
        this.mem = mem;
        this.base = mfn << 12;
    }

    public long machineAddress() {
        return base;
    }

    /** Machine address of vcpu_info[vcpu] inside this page (the default, before register_vcpu_info). */
    public long vcpuInfoAddress(int vcpu) {
        return base + VCPU_INFO + (long) vcpu * VCPU_INFO_SIZE;
    }

    public boolean testBit(int offset, int bit) {
        long word = mem.read64(base + offset + (bit >>> 6) * 8L);
        return (word >>> (bit & 63) & 1) != 0;
    }

    /** Sets a bit; returns its previous value (test_and_set_bit). */
    public boolean setBit(int offset, int bit) {
        long a = base + offset + (bit >>> 6) * 8L;
        long word = mem.read64(a);
        long m = 1L << (bit & 63);
        if ((word & m) == 0) {
            mem.write64(a, word | m);
            return false;
        }
        return true;
    }

    /** Clears a bit; returns its previous value. */
    public boolean clearBit(int offset, int bit) {
        long a = base + offset + (bit >>> 6) * 8L;
        long word = mem.read64(a);
        long m = 1L << (bit & 63);
        if ((word & m) != 0) {
            mem.write64(a, word & ~m);
            return true;
        }
        return false;
    }

    public boolean pending(int port) {
        return testBit(EVTCHN_PENDING, port);
    }

    public boolean masked(int port) {
        return testBit(EVTCHN_MASK, port);
    }

    public long pendingWord(int index) {
        return mem.read64(base + EVTCHN_PENDING + index * 8L);
    }

    public void writeWallclock(long sec, int nsec) {
        int v = mem.read32(base + WC_VERSION);
        mem.write32(base + WC_VERSION, v + 1);
        mem.write32(base + WC_SEC, (int) sec);
        mem.write32(base + WC_NSEC, nsec);
        mem.write32(base + WC_SEC_HI, (int) (sec >>> 32));
        mem.write32(base + WC_VERSION, v + 2);
    }
}
