/* SPDX-License-Identifier: MIT */
/* HYPERVISOR_grant_table_op, grant table v1 (xen/include/public/grant_table.h). */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <xen/abi.h>

struct grant_entry_v1 {
    uint16_t flags;    /* GTF_* */
    domid_t domid;     /* the domain being granted access */
    uint32_t frame;    /* the frame (mfn for PV) */
};
typedef struct grant_entry_v1 grant_entry_v1_t;
XEN_ABI_SIZE(grant_entry_v1_t, 8);

#define GTF_invalid         0
#define GTF_permit_access   1
#define GTF_accept_transfer 2
#define GTF_transitive      3
#define GTF_type_mask       3
#define GTF_readonly        (1U << 2)
#define GTF_reading         (1U << 3)
#define GTF_writing         (1U << 4)
#define GTF_PWT             (1U << 5)
#define GTF_PCD             (1U << 6)
#define GTF_PAT             (1U << 7)
#define GTF_sub_page        (1U << 8)
#define GTF_transfer_committed (1U << 2)
#define GTF_transfer_completed (1U << 3)

#define GNTTABOP_map_grant_ref       0
#define GNTTABOP_unmap_grant_ref     1
#define GNTTABOP_setup_table         2
#define GNTTABOP_dump_table          3
#define GNTTABOP_transfer            4
#define GNTTABOP_copy                5
#define GNTTABOP_query_size          6
#define GNTTABOP_unmap_and_replace   7
#define GNTTABOP_set_version         8
#define GNTTABOP_get_status_frames   9
#define GNTTABOP_get_version        10

#define GNTMAP_device_map      (1U << 0)
#define GNTMAP_host_map        (1U << 1)
#define GNTMAP_readonly        (1U << 2)
#define GNTMAP_application_map (1U << 3)
#define GNTMAP_contains_pte    (1U << 4)

#define GNTST_okay               0
#define GNTST_general_error    (-1)
#define GNTST_bad_domain       (-2)
#define GNTST_bad_gntref       (-3)
#define GNTST_bad_handle       (-4)
#define GNTST_bad_virt_addr    (-5)
#define GNTST_bad_dev_addr     (-6)
#define GNTST_no_device_space  (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page         (-9)
#define GNTST_bad_copy_arg    (-10)
#define GNTST_address_too_big (-11)
#define GNTST_eagain          (-12)
#define GNTST_no_space        (-13)

struct gnttab_map_grant_ref {
    uint64_t host_addr;       /* IN */
    uint32_t flags;           /* IN: GNTMAP_* */
    grant_ref_t ref;          /* IN */
    domid_t dom;              /* IN */
    int16_t status;           /* OUT: GNTST_* */
    grant_handle_t handle;    /* OUT */
    uint64_t dev_bus_addr;    /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
XEN_ABI_OFF(gnttab_map_grant_ref_t, flags, 8);
XEN_ABI_OFF(gnttab_map_grant_ref_t, ref, 12);
XEN_ABI_OFF(gnttab_map_grant_ref_t, dom, 16);
XEN_ABI_OFF(gnttab_map_grant_ref_t, status, 18);
XEN_ABI_OFF(gnttab_map_grant_ref_t, handle, 20);
XEN_ABI_OFF(gnttab_map_grant_ref_t, dev_bus_addr, 24);
XEN_ABI_SIZE(gnttab_map_grant_ref_t, 32);

struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    grant_handle_t handle;
    int16_t status;
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
XEN_ABI_OFF(gnttab_unmap_grant_ref_t, handle, 16);
XEN_ABI_OFF(gnttab_unmap_grant_ref_t, status, 20);
XEN_ABI_SIZE(gnttab_unmap_grant_ref_t, 24);

struct gnttab_setup_table {
    domid_t dom;                           /* IN */
    uint32_t nr_frames;                    /* IN */
    int16_t status;                        /* OUT */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;/* OUT */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
XEN_ABI_OFF(gnttab_setup_table_t, nr_frames, 4);
XEN_ABI_OFF(gnttab_setup_table_t, status, 8);
XEN_ABI_OFF(gnttab_setup_table_t, frame_list, 16);
XEN_ABI_SIZE(gnttab_setup_table_t, 24);

struct gnttab_query_size {
    domid_t dom;
    uint32_t nr_frames;
    uint32_t max_nr_frames;
    int16_t status;
};
typedef struct gnttab_query_size gnttab_query_size_t;
XEN_ABI_OFF(gnttab_query_size_t, nr_frames, 4);
XEN_ABI_OFF(gnttab_query_size_t, max_nr_frames, 8);
XEN_ABI_OFF(gnttab_query_size_t, status, 12);
XEN_ABI_SIZE(gnttab_query_size_t, 16);

struct gnttab_set_version { uint32_t version; };
typedef struct gnttab_set_version gnttab_set_version_t;
struct gnttab_get_version { domid_t dom; uint16_t pad; uint32_t version; };
typedef struct gnttab_get_version gnttab_get_version_t;
XEN_ABI_SIZE(gnttab_get_version_t, 8);

#endif
