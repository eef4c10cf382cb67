/* SPDX-License-Identifier: MIT */
/* HYPERVISOR_xen_version commands (xen/include/public/version.h). */
#ifndef XEN_VERSION_H
#define XEN_VERSION_H

#include <xen/abi.h>

#define XENVER_version      0   /* returns (major << 16) | minor */

#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];

#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;
XEN_ABI_SIZE(xen_compile_info_t, 144);

#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];

#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];

#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;
XEN_ABI_SIZE(xen_platform_parameters_t, 8);

#define XENVER_get_features 6
struct xen_feature_info {
    uint32_t submap_idx;   /* IN: which 32-bit submap */
    uint32_t submap;       /* OUT: XENFEAT_* bits */
};
typedef struct xen_feature_info xen_feature_info_t;
XEN_ABI_SIZE(xen_feature_info_t, 8);

#define XENVER_pagesize     7
#define XENVER_guest_handle 8
typedef uint8_t xen_domain_handle_t[16];
#define XENVER_commandline  9
typedef char xen_commandline_t[1024];
#define XENVER_build_id    10

#endif
