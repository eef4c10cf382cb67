package io.xenscope.xen.hypercall;

import io.xenscope.xen.GrantTable;
import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;
import io.xenscope.xen.mm.FrameTable;

/**
 * HYPERVISOR_grant_table_op(cmd, uop, count) (xen/common/grant_table.c): setup_table, query_size,
 * set_version (1), get_version. setup_table and query_size take exactly one operation (count 1,
 * else -EINVAL, as gnttab_setup_table / gnttab_query_size). setup_table's frame list holds what
 * gnttab_shared_gfn gives: machine frames for a PV guest, for an auto-translated one the gfn where
 * XENMEM_add_to_physmap placed the frame (the M2P entry; INVALID_M2P_ENTRY if it was never placed).
 * get_status_frames answers a version-1 table's GNTST_general_error. Mapping and copying grants
 * between domains is not modelled (there is no second guest): those commands answer -ENOSYS.
 */
public final class GrantTableOp {
    public static final int NR = 20;
    public static final int GNTTABOP_MAP_GRANT_REF = 0, GNTTABOP_UNMAP_GRANT_REF = 1, GNTTABOP_SETUP_TABLE = 2,
            GNTTABOP_DUMP_TABLE = 3, GNTTABOP_TRANSFER = 4, GNTTABOP_COPY = 5, GNTTABOP_QUERY_SIZE = 6,
            GNTTABOP_UNMAP_AND_REPLACE = 7, GNTTABOP_SET_VERSION = 8, GNTTABOP_GET_STATUS_FRAMES = 9,
            GNTTABOP_GET_VERSION = 10;

    private GrantTableOp() {
    }

    private static boolean self(Vcpu v, int domid) {
        return domid == FrameTable.DOMID_SELF || domid == v.domain().domid();
    }

    /** gnttab_shared_gfn(): mfn_to_gfn, the mfn itself for PV, the M2P entry for a translated guest. */
    private static long sharedGfn(Vcpu v, long mfn) {
        return v.domain().hvm ? v.domain().mmu().m2p().get(mfn) : mfn;
    }

    public static long call(Vcpu v, long cmd, long uop, long count) {
        GuestMemory g = v.guest();
        GrantTable gt = v.domain().grantTable();
        if ((int) count < 0) {
            return -Errno.EINVAL; // do_grant_table_op
        }
        switch ((int) cmd) {
            case GNTTABOP_SETUP_TABLE -> {
                return count != 1 ? -Errno.EINVAL : setupTable(v, uop);
            }
            case GNTTABOP_QUERY_SIZE -> {
                return count != 1 ? -Errno.EINVAL : querySize(v, uop);
            }
            case GNTTABOP_GET_STATUS_FRAMES -> {
                return count != 1 ? -Errno.EINVAL : getStatusFrames(v, uop);
            }
            case GNTTABOP_SET_VERSION -> {
                // struct gnttab_set_version {uint32_t version;} (in/out)
                int ver = g.read32(uop);
                int rc = gt.setVersion(ver);
                g.write32(uop, gt.version());
                return rc;
            }
            case GNTTABOP_GET_VERSION -> {
                // struct gnttab_get_version {domid_t dom; uint16_t pad; uint32_t version;}
                int dom = g.read16(uop);
                if (!self(v, dom)) {
                    return dom == 0 ? -Errno.EPERM : -Errno.ESRCH;
                }
                g.write32(uop + 4, gt.version());
                return 0;
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }

    /** struct gnttab_setup_table {domid_t dom; uint32_t nr_frames; int16_t status @8; XEN_GUEST_HANDLE(xen_pfn_t) frame_list @16;} */
    private static long setupTable(Vcpu v, long op) {
        GuestMemory g = v.guest();
        int dom = g.read16(op);
        int nr = g.read32(op + 4);
        long list = g.read64(op + 16);
        int status;
        if (!self(v, dom)) {
            status = dom == 0 ? GrantTable.GNTST_PERMISSION_DENIED : GrantTable.GNTST_BAD_DOMAIN;
        } else {
            long[] frames = v.domain().grantTable().frames(nr);
            if (frames == null) {
                status = GrantTable.GNTST_GENERAL_ERROR;
            } else {
                status = GrantTable.GNTST_OKAY;
                try {
                    for (int k = 0; k < frames.length; k++) {
                        g.write64(list + 8L * k, sharedGfn(v, frames[k]));
                    }
                } catch (io.xenscope.xen.GuestFaultOnCopy e) {
                    status = GrantTable.GNTST_BAD_VIRT_ADDR;
                }
            }
        }
        g.write16(op + 8, status);
        return 0;
    }

    /** struct gnttab_query_size {domid_t dom; uint32_t nr_frames @4; uint32_t max_nr_frames @8; int16_t status @12;} */
    private static long querySize(Vcpu v, long op) {
        GuestMemory g = v.guest();
        int dom = g.read16(op);
        if (!self(v, dom)) {
            g.write16(op + 12, dom == 0 ? GrantTable.GNTST_PERMISSION_DENIED : GrantTable.GNTST_BAD_DOMAIN);
            return 0;
        }
        GrantTable gt = v.domain().grantTable();
        g.write32(op + 4, gt.nrFrames());
        g.write32(op + 8, gt.maxFrames());
        g.write16(op + 12, GrantTable.GNTST_OKAY);
        return 0;
    }

    /**
     * struct gnttab_get_status_frames {uint32_t nr_frames; domid_t dom @4; int16_t status @6;
     * XEN_GUEST_HANDLE(uint64_t) frame_list @8;}: status frames exist only with version 2, so a v1
     * table answers GNTST_general_error (gnttab_get_status_frames).
     */
    private static long getStatusFrames(Vcpu v, long op) {
        GuestMemory g = v.guest();
        int dom = g.read16(op + 4);
        int status = !self(v, dom) ? (dom == 0 ? GrantTable.GNTST_PERMISSION_DENIED : GrantTable.GNTST_BAD_DOMAIN)
                : GrantTable.GNTST_GENERAL_ERROR;
        g.write16(op + 6, status);
        return 0;
    }
}
