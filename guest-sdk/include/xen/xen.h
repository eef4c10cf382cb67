/* SPDX-License-Identifier: MIT */
/*
 * Core of the Xen guest ABI (xen/include/public/xen.h) for 64-bit x86 PV:
 * hypercall numbers, start_info, shared_info/vcpu_info/vcpu_time_info,
 * mmu_update/mmuext_op, update_va_mapping flags, console_io, vm_assist, domids.
 */
#ifndef XEN_XEN_H
#define XEN_XEN_H

#include <xen/abi.h>
#include <xen/arch-x86_64.h>

#include <xen/hypercall-nr.h>

/* ---- Virtual IRQs (bound with EVTCHNOP_bind_virq) --------------------- */
#define VIRQ_TIMER      0
#define VIRQ_DEBUG      1
#define VIRQ_CONSOLE    2
#define VIRQ_DOM_EXC    3
#define VIRQ_TBUF       4
#define VIRQ_DEBUGGER   6
#define VIRQ_XENOPROF   7
#define VIRQ_CON_RING   8
#define VIRQ_PCPU_STATE 9
#define VIRQ_MEM_EVENT 10
#define VIRQ_ARGO      11
#define VIRQ_ENOMEM    12
#define VIRQ_XENPMU    13
#define NR_VIRQS       24

/* ---- mmu_update --------------------------------------------------------- */
/* The low 2 bits of mmu_update.ptr select the command. */
#define MMU_NORMAL_PT_UPDATE        0  /* ptr = machine address of the PTE */
#define MMU_MACHPHYS_UPDATE         1  /* ptr = mfn << 12, val = pfn */
#define MMU_PT_UPDATE_PRESERVE_AD   2
#define MMU_PT_UPDATE_NO_TRANSLATE  3

struct mmu_update {
    uint64_t ptr;
    uint64_t val;
};
typedef struct mmu_update mmu_update_t;
XEN_ABI_SIZE(mmu_update_t, 16);

/* ---- mmuext_op ---------------------------------------------------------- */
#define MMUEXT_PIN_L1_TABLE      0
#define MMUEXT_PIN_L2_TABLE      1
#define MMUEXT_PIN_L3_TABLE      2
#define MMUEXT_PIN_L4_TABLE      3
#define MMUEXT_UNPIN_TABLE       4
#define MMUEXT_NEW_BASEPTR       5
#define MMUEXT_TLB_FLUSH_LOCAL   6
#define MMUEXT_INVLPG_LOCAL      7
#define MMUEXT_TLB_FLUSH_MULTI   8
#define MMUEXT_INVLPG_MULTI      9
#define MMUEXT_TLB_FLUSH_ALL    10
#define MMUEXT_INVLPG_ALL       11
#define MMUEXT_FLUSH_CACHE      12
#define MMUEXT_SET_LDT          13
#define MMUEXT_NEW_USER_BASEPTR 15
#define MMUEXT_CLEAR_PAGE       16
#define MMUEXT_COPY_PAGE        17
#define MMUEXT_MARK_SUPER       18
#define MMUEXT_UNMARK_SUPER     19
#define MMUEXT_FLUSH_CACHE_GLOBAL 20

struct mmuext_op {
    uint32_t cmd;
    union {
        xen_pfn_t mfn;              /* PIN_*, UNPIN, NEW_BASEPTR, CLEAR/COPY_PAGE */
        unsigned long linear_addr;  /* INVLPG_*, SET_LDT */
    } arg1;
    union {
        uint32_t nr_ents;           /* SET_LDT */
        const void *vcpumask;       /* TLB_FLUSH_MULTI, INVLPG_MULTI (a handle) */
        xen_pfn_t src_mfn;          /* COPY_PAGE */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;
XEN_ABI_SIZE(mmuext_op_t, 24);
XEN_ABI_OFF(mmuext_op_t, arg1, 8);
XEN_ABI_OFF(mmuext_op_t, arg2, 16);

/* ---- update_va_mapping flags ------------------------------------------ */
#define UVMF_NONE           0UL
#define UVMF_TLB_FLUSH      1UL
#define UVMF_INVLPG         2UL
#define UVMF_FLUSHTYPE_MASK 3UL
#define UVMF_MULTI          0UL  /* otherwise a pointer to a vCPU bitmap */
#define UVMF_LOCAL          0UL
#define UVMF_ALL            4UL

/* ---- console_io --------------------------------------------------------- */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* ---- vm_assist ---------------------------------------------------------- */
#define VMASST_CMD_enable   0
#define VMASST_CMD_disable  1
#define VMASST_TYPE_4gb_segments          0
#define VMASST_TYPE_4gb_segments_notify   1
#define VMASST_TYPE_writable_pagetables   2
#define VMASST_TYPE_pae_extended_cr3      3
#define VMASST_TYPE_architectural_iopl    4
#define VMASST_TYPE_runstate_update_flag  5
#define VMASST_TYPE_m2p_strict           32

/* ---- Domain ids ----------------------------------------------------------- */
#define DOMID_FIRST_RESERVED 0x7FF0U
#define DOMID_SELF           0x7FF0U
#define DOMID_IO             0x7FF1U
#define DOMID_XEN            0x7FF2U
#define DOMID_COW            0x7FF3U
#define DOMID_INVALID        0x7FF4U
#define DOMID_IDLE           0x7FFFU

/* ---- multicall ---------------------------------------------------------- */
struct multicall_entry {
    xen_ulong_t op;
    xen_ulong_t result;
    xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
XEN_ABI_SIZE(multicall_entry_t, 64);

/* ---- shared_info / vcpu_info ------------------------------------------- */
#define XEN_LEGACY_MAX_VCPUS 32

struct vcpu_time_info {
    uint32_t version;          /* odd while Xen updates the record */
    uint32_t pad0;
    uint64_t tsc_timestamp;    /* TSC at the last update */
    uint64_t system_time;      /* ns since boot at the last update */
    uint32_t tsc_to_system_mul;
    int8_t   tsc_shift;
    uint8_t  flags;            /* XEN_PVCLOCK_* */
    uint8_t  pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;
XEN_ABI_SIZE(vcpu_time_info_t, 32);
XEN_ABI_OFF(vcpu_time_info_t, tsc_timestamp, 8);
XEN_ABI_OFF(vcpu_time_info_t, system_time, 16);
XEN_ABI_OFF(vcpu_time_info_t, tsc_to_system_mul, 24);
XEN_ABI_OFF(vcpu_time_info_t, tsc_shift, 28);
XEN_ABI_OFF(vcpu_time_info_t, flags, 29);

#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1)

struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;
XEN_ABI_SIZE(vcpu_info_t, 64);
XEN_ABI_OFF(vcpu_info_t, evtchn_upcall_mask, 1);
XEN_ABI_OFF(vcpu_info_t, evtchn_pending_sel, 8);
XEN_ABI_OFF(vcpu_info_t, arch.cr2, 16);
XEN_ABI_OFF(vcpu_info_t, time, 32);

struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;
XEN_ABI_OFF(shared_info_t, evtchn_pending, 2048);
XEN_ABI_OFF(shared_info_t, evtchn_mask, 2560);
XEN_ABI_OFF(shared_info_t, wc_version, 3072);
XEN_ABI_OFF(shared_info_t, wc_sec, 3076);
XEN_ABI_OFF(shared_info_t, wc_nsec, 3080);
XEN_ABI_OFF(shared_info_t, wc_sec_hi, 3084);
XEN_ABI_OFF(shared_info_t, arch, 3088);
XEN_ABI_OFF(shared_info_t, arch.max_pfn, 3088);
XEN_ABI_OFF(shared_info_t, arch.pfn_to_mfn_frame_list_list, 3096);
XEN_ABI_OFF(shared_info_t, arch.nmi_reason, 3104);
XEN_ABI_OFF(shared_info_t, arch.p2m_cr3, 3112);
XEN_ABI_OFF(shared_info_t, arch.p2m_vaddr, 3120);
XEN_ABI_OFF(shared_info_t, arch.p2m_generation, 3128);
XEN_ABI_SIZE(shared_info_t, 3136);

/* ---- start_info --------------------------------------------------------- */
#define MAX_GUEST_CMDLINE 1024
#define XEN_START_INFO_MAGIC_64 "xen-3.0-x86_64"

struct start_info {
    char magic[32];               /* "xen-<version>-<platform>" */
    unsigned long nr_pages;       /* total pages allocated to the domain */
    unsigned long shared_info;    /* MACHINE address of the shared_info page */
    uint32_t flags;               /* SIF_* */
    xen_pfn_t store_mfn;          /* xenstore ring page (mfn) */
    uint32_t store_evtchn;
    union {
        struct {
            xen_pfn_t mfn;        /* console ring page (mfn) */
            uint32_t evtchn;
        } domU;
        struct {
            uint32_t info_off;
            uint32_t info_size;
        } dom0;
    } console;
    unsigned long pt_base;        /* VIRTUAL address of the bootstrap L4 */
    unsigned long nr_pt_frames;
    unsigned long mfn_list;       /* VIRTUAL address of the p2m: one mfn per pfn */
    unsigned long mod_start;      /* VIRTUAL address (or pfn, SIF_MOD_START_PFN) of a module */
    unsigned long mod_len;
    char cmd_line[MAX_GUEST_CMDLINE];
    unsigned long first_p2m_pfn;
    unsigned long nr_p2m_frames;
};
typedef struct start_info start_info_t;
XEN_ABI_OFF(start_info_t, nr_pages, 32);
XEN_ABI_OFF(start_info_t, shared_info, 40);
XEN_ABI_OFF(start_info_t, flags, 48);
XEN_ABI_OFF(start_info_t, store_mfn, 56);
XEN_ABI_OFF(start_info_t, store_evtchn, 64);
XEN_ABI_OFF(start_info_t, console.domU.mfn, 72);
XEN_ABI_OFF(start_info_t, console.domU.evtchn, 80);
XEN_ABI_OFF(start_info_t, pt_base, 88);
XEN_ABI_OFF(start_info_t, nr_pt_frames, 96);
XEN_ABI_OFF(start_info_t, mfn_list, 104);
XEN_ABI_OFF(start_info_t, mod_start, 112);
XEN_ABI_OFF(start_info_t, mod_len, 120);
XEN_ABI_OFF(start_info_t, cmd_line, 128);
XEN_ABI_OFF(start_info_t, first_p2m_pfn, 1152);
XEN_ABI_OFF(start_info_t, nr_p2m_frames, 1160);
XEN_ABI_SIZE(start_info_t, 1168);

#define SIF_PRIVILEGED       (1 << 0)
#define SIF_INITDOMAIN       (1 << 1)
#define SIF_MULTIBOOT_MOD    (1 << 2)
#define SIF_MOD_START_PFN    (1 << 3)
#define SIF_VIRT_P2M_4TOOLS  (1 << 4)
#define SIF_PM_MASK          (0xFF << 8)

#endif
