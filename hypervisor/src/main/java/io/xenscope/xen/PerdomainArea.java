package io.xenscope.xen;

import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.mm.Pte;

/**
 * Xen's per-domain mappings (L4 slot 260, PERDOMAIN_VIRT_START): each vCPU's 16-page GDT window
 * (GDT_LDT_VCPU_SHIFT = 5, 32 pages per vCPU: GDT then LDT). Pages 0-13 map the frames the guest
 * gave with set_gdt (or a zero frame: every selector there is a null descriptor), pages 14-15 map
 * Xen's reserved entries (FIRST_RESERVED_GDT_ENTRY = 7168: selector 0xe000 up), which hold the flat
 * selectors of xen.h: 0xe008/0xe010 ring 0, 0xe023 ring 3 compat code, 0xe02b ring 3 data, 0xe033
 * ring 3 64-bit code (FLAT_KERNEL_CS for a 64-bit PV guest). Supervisor-only mappings: the guest
 * cannot read them, the CPU's implicit descriptor-table accesses can.
 */
public final class PerdomainArea {
    public static final long PERDOMAIN_VIRT_START = 0xFFFF_8200_0000_0000L;
    public static final int GDT_LDT_VCPU_SHIFT = 5;
    public static final int FIRST_RESERVED_GDT_PAGE = 14;
    public static final int FIRST_RESERVED_GDT_ENTRY = FIRST_RESERVED_GDT_PAGE * 512;
    public static final int GDT_LIMIT = 0xffff;

    /** gdt_table of xen/arch/x86/boot/x86_64.S (64-bit PV view), from selector 0xe000. */
    static final long[] XEN_GDT = {
        0x0000000000000000L,
        0x00af9a000000ffffL, // 0xe008 ring 0 code, 64-bit mode
        0x00cf92000000ffffL, // 0xe010 ring 0 data
        0x0000000000000000L, // reserved
        0x00cffa000000ffffL, // 0xe023 ring 3 code, compatibility
        0x00cff2000000ffffL, // 0xe02b ring 3 data
        0x00affa000000ffffL, // 0xe033 ring 3 code, 64-bit mode
        0x00cf9a000000ffffL, // 0xe038 ring 0 code, compatibility
    };

    private final PhysicalMemory mem;
    private final long l3;
    private final long l1;
    private final long xenGdt;
    private final long zero;

    PerdomainArea(PhysicalMemory mem, XenHeap heap) {
        this.mem = mem;
        this.l3 = heap.alloc();
        long l2 = heap.alloc();
        this.l1 = heap.alloc();
        this.xenGdt = heap.alloc();
        this.zero = heap.alloc();
        int table = Pte.PRESENT | Pte.RW | Pte.ACCESSED | Pte.DIRTY;
        mem.write64(l3 << 12, Pte.make(l2, table));
        mem.write64(l2 << 12, Pte.make(l1, table));
        for (int i = 0; i < XEN_GDT.length; i++) {
            mem.write64((xenGdt << 12) + i * 8L, XEN_GDT[i]);
        }
    }

    /** The L4 entry for slot 260 (no USER: Xen-only). */
    public long l4e() {
        return Pte.make(l3, Pte.PRESENT | Pte.RW | Pte.ACCESSED | Pte.DIRTY);
    }

    /** GDT_VIRT_START(v). */
    public static long gdtVirtStart(int vcpu) {
        return PERDOMAIN_VIRT_START + ((long) vcpu << (GDT_LDT_VCPU_SHIFT + 12));
    }

    /** Maps the guest's GDT frames (set_gdt) for {@code vcpu}; frames beyond the list map the zero frame. */
    public void setGuestGdt(int vcpu, long[] mfns) {
        long base = (l1 << 12) + ((long) vcpu << GDT_LDT_VCPU_SHIFT) * 8;
        int rw = Pte.PRESENT | Pte.RW | Pte.ACCESSED | Pte.DIRTY | Pte.NX;
        for (int p = 0; p < FIRST_RESERVED_GDT_PAGE; p++) {
            long mfn = p < mfns.length ? mfns[p] : zero;
            mem.write64(base + p * 8L, Pte.make(mfn, p < mfns.length ? rw : rw & ~Pte.RW));
        }
        mem.write64(base + FIRST_RESERVED_GDT_PAGE * 8L, Pte.make(xenGdt, rw));
        mem.write64(base + (FIRST_RESERVED_GDT_PAGE + 1) * 8L, Pte.make(zero, rw & ~Pte.RW));
    }
}
