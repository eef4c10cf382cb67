package io.xenscope.xen.hypercall;

import io.xenscope.xen.GrantTable;
import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;
import io.xenscope.xen.mm.FrameTable;

/**
 * HYPERVISOR_grant_table_op(cmd, uop, count) (xen/common/grant_table.c): setup_table, query_size,
 * set_version (1), get_version. Mapping and copying grants between domains is not modelled
 * (there is no second guest): those commands answer -ENOSYS.
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

    public static long call(Vcpu v, long cmd, long uop, long count) {
        GuestMemory g = v.guest();
        GrantTable gt = v.domain().grantTable();
        int n = (int) Math.min(count & 0xffffffffL, 1 << 16);
        switch ((int) cmd) {
            case GNTTABOP_SETUP_TABLE -> {
                // struct gnttab_setup_table {domid_t dom; uint32_t nr_frames; int16_t status; XEN_GUEST_HANDLE(xen_pfn_t) frame_list;}
                for (int i = 0; i < n; i++) {
                    long op = uop + 24L * i;
                    int dom = g.read16(op);
                    int nr = g.read32(op + 4);
                    long list = g.read64(op + 16);
                    int status;
                    if (!self(v, dom)) {
                        status = dom == 0 ? GrantTable.GNTST_PERMISSION_DENIED : GrantTable.GNTST_BAD_DOMAIN;
                    } else {
                        long[] frames = gt.frames(nr);
                        if (frames == null) {
                            status = GrantTable.GNTST_GENERAL_ERROR;
                        } else {
                            status = GrantTable.GNTST_OKAY;
                            try {
                                for (int k = 0; k < frames.length; k++) {
                                    g.write64(list + 8L * k, frames[k]);
                                }
                            } catch (io.xenscope.xen.GuestFaultOnCopy e) {
                                status = GrantTable.GNTST_BAD_VIRT_ADDR;
                            }
                        }
                    }
                    g.write16(op + 8, status);
                }
                return 0;
            }
            case GNTTABOP_QUERY_SIZE -> {
                // struct gnttab_query_size {domid_t dom; uint32_t nr_frames; uint32_t max_nr_frames; int16_t status;}
                for (int i = 0; i < n; i++) {
                    long op = uop + 16L * i;
                    int dom = g.read16(op);
                    if (!self(v, dom)) {
                        g.write16(op + 12, dom == 0 ? GrantTable.GNTST_PERMISSION_DENIED : GrantTable.GNTST_BAD_DOMAIN);
                        continue;
                    }
                    g.write32(op + 4, gt.nrFrames());
                    g.write32(op + 8, gt.maxFrames());
                    g.write16(op + 12, GrantTable.GNTST_OKAY);
                }
                return 0;
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
}
