package io.xenscope.xen.hypercall;

import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.XenVersionInfo;
import io.xenscope.xen.mm.Errno;

/**
 * HYPERVISOR_xen_version(cmd, arg) (xen/common/kernel.c). Sub-ops XSM denies to an unprivileged
 * domain (compile_info, changeset, commandline) answer the "&lt;denied&gt;" string; build_id is -EPERM.
 */
public final class XenVersion {
    public static final int NR = 17;
    public static final int XENVER_VERSION = 0, XENVER_EXTRAVERSION = 1, XENVER_COMPILE_INFO = 2,
            XENVER_CAPABILITIES = 3, XENVER_CHANGESET = 4, XENVER_PLATFORM_PARAMETERS = 5, XENVER_GET_FEATURES = 6,
            XENVER_PAGESIZE = 7, XENVER_GUEST_HANDLE = 8, XENVER_COMMANDLINE = 9, XENVER_BUILD_ID = 10;
    /** XENFEAT_* (features.h). */
    public static final int XENFEAT_WRITABLE_PAGE_TABLES = 0, XENFEAT_WRITABLE_DESCRIPTOR_TABLES = 1,
            XENFEAT_AUTO_TRANSLATED_PHYSMAP = 2, XENFEAT_SUPERVISOR_MODE_KERNEL = 3, XENFEAT_PAE_PGDIR_ABOVE_4GB = 4,
            XENFEAT_MMU_PT_UPDATE_PRESERVE_AD = 5, XENFEAT_HIGHMEM_ASSIST = 6, XENFEAT_GNTTAB_MAP_AVAIL_BITS = 7,
            XENFEAT_HVM_CALLBACK_VECTOR = 8, XENFEAT_HVM_SAFE_PVCLOCK = 9, XENFEAT_HVM_PIRQS = 10, XENFEAT_DOM0 = 11,
            XENFEAT_MEMORY_OP_VNODE_SUPPORTED = 13, XENFEAT_NOT_DIRECT_MAPPED = 16, XENFEAT_DIRECT_MAPPED = 17;
    /** What Xen 4.17 advertises to a 64-bit PV domU (not translated, not the hardware domain). */
    public static final int PV_DOMU_FEATURES = 1 << XENFEAT_MEMORY_OP_VNODE_SUPPORTED
            | 1 << XENFEAT_MMU_PT_UPDATE_PRESERVE_AD | 1 << XENFEAT_HIGHMEM_ASSIST
            | 1 << XENFEAT_GNTTAB_MAP_AVAIL_BITS | 1 << XENFEAT_DIRECT_MAPPED;
    /**
     * What Xen 4.17 advertises to a PVH domU: translated (writable_page_tables, auto_translated_physmap,
     * and not_direct_mapped: x86's is_domain_direct_mapped() is 0), HVM (hvm_safe_pvclock,
     * hvm_callback_vector; no hvm_pirqs: libxl gives PVH no emulated PIRQs).
     */
    public static final int PVH_DOMU_FEATURES = 1 << XENFEAT_MEMORY_OP_VNODE_SUPPORTED
            | 1 << XENFEAT_WRITABLE_PAGE_TABLES | 1 << XENFEAT_AUTO_TRANSLATED_PHYSMAP
            | 1 << XENFEAT_HVM_SAFE_PVCLOCK | 1 << XENFEAT_HVM_CALLBACK_VECTOR | 1 << XENFEAT_NOT_DIRECT_MAPPED;
    /**
     * An HVM domU: PVH's set plus hvm_pirqs, as has_pirq(d) holds (libxl 4.17 gives HVM domains
     * XEN_X86_EMU_ALL but VPCI, USE_PIRQ included).
     */
    public static final int HVM_DOMU_FEATURES = PVH_DOMU_FEATURES | 1 << XENFEAT_HVM_PIRQS;
    static final String DENIED = "<denied>";

    private XenVersion() {
    }

    public static long call(Vcpu v, long cmd, long arg) {
        GuestMemory g = v.guest();
        switch ((int) cmd) {
            case XENVER_VERSION -> {
                return XenVersionInfo.MAJOR << 16 | XenVersionInfo.MINOR;
            }
            case XENVER_EXTRAVERSION -> {
                g.writeFixedString(arg, XenVersionInfo.EXTRAVERSION, 16);
                return 0;
            }
            case XENVER_COMPILE_INFO -> {
                // struct xen_compile_info {char compiler[64]; compile_by[16]; compile_domain[32]; compile_date[32];}
                g.writeFixedString(arg, DENIED, 64);
                g.writeFixedString(arg + 64, DENIED, 16);
                g.writeFixedString(arg + 80, DENIED, 32);
                g.writeFixedString(arg + 112, DENIED, 32);
                return 0;
            }
            case XENVER_CAPABILITIES -> {
                g.writeFixedString(arg, XenVersionInfo.CAPABILITIES, 1024);
                return 0;
            }
            case XENVER_CHANGESET -> {
                g.writeFixedString(arg, DENIED, 64);
                return 0;
            }
            case XENVER_PLATFORM_PARAMETERS -> {
                g.write64(arg, GuestMemory.HYPERVISOR_VIRT_START);
                return 0;
            }
            case XENVER_GET_FEATURES -> {
                int idx = g.read32(arg);
                if (idx != 0) {
                    return -Errno.EINVAL;
                }
                g.write32(arg + 4, !v.domain().hvm ? PV_DOMU_FEATURES
                        : v.domain().hasPirq ? HVM_DOMU_FEATURES : PVH_DOMU_FEATURES);
                return 0;
            }
            case XENVER_PAGESIZE -> {
                return arg != 0 ? -Errno.EINVAL : 4096;
            }
            case XENVER_GUEST_HANDLE -> {
                g.writeBytes(arg, v.domain().handle());
                return 0;
            }
            case XENVER_COMMANDLINE -> {
                g.writeFixedString(arg, DENIED, DENIED.length() + 1);
                return 0;
            }
            case XENVER_BUILD_ID -> {
                return -Errno.EPERM;
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }
}
