package io.xenscope.xen.hypercall;

import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;

/**
 * HYPERVISOR_physdev_op(cmd, arg) as a PV domU meets it at boot (xen/arch/x86/physdev.c): a
 * virtual IOPL, an I/O bitmap, the pirq EOI page, and pirq allocation for a domain without
 * physical devices. The old physdev_op_compat(op*) has {uint32_t cmd; union u} (u at offset 4).
 */
public final class PhysdevOp {
    public static final int NR = 33, NR_COMPAT = 19;
    public static final int PHYSDEVOP_EOI = 12, PHYSDEVOP_PIRQ_EOI_GMFN_V1 = 17, PHYSDEVOP_PIRQ_EOI_GMFN_V2 = 28,
            PHYSDEVOP_IRQ_STATUS_QUERY = 5, PHYSDEVOP_SET_IOPL = 6, PHYSDEVOP_SET_IOBITMAP = 7,
            PHYSDEVOP_APIC_READ = 8, PHYSDEVOP_APIC_WRITE = 9, PHYSDEVOP_ALLOC_IRQ_VECTOR = 10,
            PHYSDEVOP_FREE_IRQ_VECTOR = 11, PHYSDEVOP_MAP_PIRQ = 13, PHYSDEVOP_UNMAP_PIRQ = 14,
            PHYSDEVOP_GET_FREE_PIRQ = 23;
    public static final int XENIRQSTAT_NEEDS_EOI = 1;
    /** nr_static_irqs (GSIs) and the domU extra (extra_domU_irqs = 32). */
    static final int NR_GSI = 48, NR_PIRQS = NR_GSI + 32;

    private PhysdevOp() {
    }

    /**
     * hvm_physdev_op (xen/arch/x86/hvm/hypercall.c): an HVM domU may use only the pirq calls, and
     * only when it has pirqs (XEN_X86_EMU_USE_PIRQ: libxl gives them to HVM, not to PVH guests);
     * everything else is -ENOSYS.
     */
    public static long callHvm(Vcpu v, long cmd, long arg) {
        return switch ((int) cmd) {
            case PHYSDEVOP_MAP_PIRQ, PHYSDEVOP_UNMAP_PIRQ, PHYSDEVOP_EOI, PHYSDEVOP_IRQ_STATUS_QUERY,
                 PHYSDEVOP_GET_FREE_PIRQ -> v.domain().hasPirq ? call(v, cmd, arg) : -Errno.ENOSYS;
            default -> -Errno.ENOSYS;
        };
    }

    public static long compat(Vcpu v, long op) {
        return call(v, v.guest().read32(op), op + 4);
    }

    public static long call(Vcpu v, long cmd, long arg) {
        GuestMemory g = v.guest();
        switch ((int) cmd) {
            case PHYSDEVOP_SET_IOPL -> {
                int iopl = g.read32(arg);
                if (Integer.compareUnsigned(iopl, 3) > 0) {
                    return -Errno.EINVAL;
                }
                v.iopl = iopl;
                return 0;
            }
            case PHYSDEVOP_SET_IOBITMAP -> {
                // struct physdev_set_iobitmap {XEN_GUEST_HANDLE(uint8) bitmap; uint32_t nr_ports;}
                long bitmap = g.read64(arg);
                int nr = g.read32(arg + 8);
                if (nr > 65536) {
                    return -Errno.EINVAL;
                }
                v.ioBitmap = bitmap;
                v.ioBitmapPorts = nr;
                return 0;
            }
            case PHYSDEVOP_PIRQ_EOI_GMFN_V1, PHYSDEVOP_PIRQ_EOI_GMFN_V2 -> {
                long gmfn = g.read64(arg);
                var ft = v.domain().frames();
                if (!ft.isValid(gmfn) || ft.owner(gmfn) != v.domain().domid()) {
                    return -Errno.EINVAL;
                }
                if (v.domain().pirqEoiMfn != 0) {
                    return -Errno.EBUSY;
                }
                v.domain().pirqEoiMfn = gmfn;
                return 0;
            }
            case PHYSDEVOP_IRQ_STATUS_QUERY -> {
                // struct physdev_irq_status_query {uint32_t irq; uint32_t flags;}: Xen always asks a PV
                // guest to EOI (it may need to unmask), and no pirq of a domU is shared
                int irq = g.read32(arg);
                if (irq < 0 || irq >= NR_PIRQS) {
                    return -Errno.EINVAL;
                }
                g.write32(arg + 4, XENIRQSTAT_NEEDS_EOI);
                return 0;
            }
            case PHYSDEVOP_EOI -> {
                // a pirq never handed out has no pirq_info: -EINVAL
                int irq = g.read32(arg);
                return irq < 0 || irq >= NR_PIRQS || !v.domain().pirqAllocated(irq) ? -Errno.EINVAL : 0;
            }
            case PHYSDEVOP_GET_FREE_PIRQ -> {
                // struct physdev_get_free_pirq {int type; uint32_t pirq;}
                int type = g.read32(arg);
                int pirq = v.domain().allocPirq(type == 0 /* MAP_PIRQ_TYPE_MSI */ ? NR_PIRQS - 1 : NR_GSI - 1,
                        type == 0 ? NR_GSI : 16);
                if (pirq < 0) {
                    return -Errno.ENOSPC;
                }
                g.write32(arg + 4, pirq);
                return 0;
            }
            case PHYSDEVOP_MAP_PIRQ, PHYSDEVOP_UNMAP_PIRQ, PHYSDEVOP_APIC_READ, PHYSDEVOP_APIC_WRITE,
                 PHYSDEVOP_ALLOC_IRQ_VECTOR, PHYSDEVOP_FREE_IRQ_VECTOR -> {
                return -Errno.EPERM;
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }
}
