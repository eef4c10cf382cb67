/* SPDX-License-Identifier: MIT */
/* HYPERVISOR_memory_op (xen/include/public/memory.h). */
#ifndef XEN_MEMORY_H
#define XEN_MEMORY_H

#include <xen/abi.h>

#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_maximum_ram_page     2
#define XENMEM_current_reservation  3   /* arg: domid_t * */
#define XENMEM_maximum_reservation  4   /* arg: domid_t * */
#define XENMEM_machphys_mfn_list    5
#define XENMEM_populate_physmap     6
#define XENMEM_add_to_physmap       7
#define XENMEM_memory_map           9
#define XENMEM_machine_memory_map  10
#define XENMEM_exchange            11
#define XENMEM_machphys_mapping    12
#define XENMEM_maximum_gpfn        14

struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    xen_ulong_t nr_extents;
    uint32_t extent_order;
    uint32_t mem_flags;
    domid_t domid;
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
XEN_ABI_OFF(xen_memory_reservation_t, nr_extents, 8);
XEN_ABI_OFF(xen_memory_reservation_t, extent_order, 16);
XEN_ABI_OFF(xen_memory_reservation_t, domid, 24);
XEN_ABI_SIZE(xen_memory_reservation_t, 32);

#define XENMAPSPACE_shared_info  0
#define XENMAPSPACE_grant_table  1
#define XENMAPSPACE_gmfn         2
#define XENMAPSPACE_gmfn_range   3
#define XENMAPSPACE_gmfn_foreign 4
#define XENMAPSPACE_dev_mmio     5
#define XENMAPIDX_grant_table_status 0x80000000U

struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;
    uint32_t space;    /* XENMAPSPACE_* */
    xen_ulong_t idx;
    xen_pfn_t gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
XEN_ABI_OFF(xen_add_to_physmap_t, space, 4);
XEN_ABI_OFF(xen_add_to_physmap_t, idx, 8);
XEN_ABI_OFF(xen_add_to_physmap_t, gpfn, 16);
XEN_ABI_SIZE(xen_add_to_physmap_t, 24);

struct xen_memory_map {
    uint32_t nr_entries;            /* IN: capacity, OUT: entries written */
    XEN_GUEST_HANDLE(void) buffer;  /* e820 entries */
};
typedef struct xen_memory_map xen_memory_map_t;
XEN_ABI_OFF(xen_memory_map_t, buffer, 8);
XEN_ABI_SIZE(xen_memory_map_t, 16);

struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end;
    xen_ulong_t max_mfn;
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
XEN_ABI_SIZE(xen_machphys_mapping_t, 24);

#endif
