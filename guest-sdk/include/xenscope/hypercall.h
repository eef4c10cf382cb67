/* SPDX-License-Identifier: MIT */
/*
 * Hypercall wrappers for a 64-bit PV guest, through the hypercall page that
 * Xen's domain builder fills (XEN_ELFNOTE_HYPERCALL_PAGE).
 *
 * Calling convention: call hypercall_page + nr * 32 with arguments in
 * rdi, rsi, rdx, r10, r8 (r9 6th); result in rax. Xen preserves the other
 * registers, but a debug Xen deliberately clobbers the argument registers,
 * so every wrapper treats all five as clobbered. The stub itself saves rcx
 * and r11 around its syscall.
 */
#ifndef XENSCOPE_HYPERCALL_H
#define XENSCOPE_HYPERCALL_H

#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <xen/memory.h>
#include <xen/callback.h>
#include <xen/grant_table.h>
#include <xen/hvm/hvm_op.h>

/*
 * The page itself, defined in arch/x86_64/pv/head.S (PV: the domain builder
 * fills it) or arch/x86_64/pvh/head.S (PVH: Xen fills it when the guest
 * writes its physical address to MSR 0x40000000; the stubs are vmcall).
 */
extern uint8_t hypercall_page[4096];

#define __XS_HCALL_STR(x) #x
#define __XS_HCALL_CALL(nr) "call hypercall_page + " __XS_HCALL_STR(nr) " * 32"

#define _hypercall0(type, nr) ({                                             \
    long __res, __a1, __a2, __a3;                                            \
    register long __a4 __asm__("r10");                                       \
    register long __a5 __asm__("r8");                                        \
    __asm__ __volatile__(__XS_HCALL_CALL(nr)                                 \
        : "=a"(__res), "=D"(__a1), "=S"(__a2), "=d"(__a3),                   \
          "=r"(__a4), "=r"(__a5)                                             \
        : : "memory");                                                       \
    (void)__a1; (void)__a2; (void)__a3; (void)__a4; (void)__a5;              \
    (type)__res;                                                             \
})

#define _hypercall5(type, nr, a1, a2, a3, a4, a5) ({                         \
    long __res;                                                              \
    long __a1 = (long)(a1), __a2 = (long)(a2), __a3 = (long)(a3);            \
    register long __a4 __asm__("r10") = (long)(a4);                          \
    register long __a5 __asm__("r8") = (long)(a5);                           \
    __asm__ __volatile__(__XS_HCALL_CALL(nr)                                 \
        : "=a"(__res), "+D"(__a1), "+S"(__a2), "+d"(__a3),                   \
          "+r"(__a4), "+r"(__a5)                                             \
        : : "memory");                                                       \
    (type)__res;                                                             \
})

#define _hypercall1(type, nr, a1)             _hypercall5(type, nr, a1, 0, 0, 0, 0)
#define _hypercall2(type, nr, a1, a2)         _hypercall5(type, nr, a1, a2, 0, 0, 0)
#define _hypercall3(type, nr, a1, a2, a3)     _hypercall5(type, nr, a1, a2, a3, 0, 0)
#define _hypercall4(type, nr, a1, a2, a3, a4) _hypercall5(type, nr, a1, a2, a3, a4, 0)

static inline int HYPERVISOR_set_trap_table(const trap_info_t *table)
{ return _hypercall1(int, 0, table); }

static inline int HYPERVISOR_mmu_update(const mmu_update_t *req, unsigned int count,
                                        unsigned int *done, domid_t domid)
{ return _hypercall4(int, 1, req, count, done, domid); }

static inline int HYPERVISOR_set_gdt(const xen_pfn_t *frames, unsigned int entries)
{ return _hypercall2(int, 2, frames, entries); }

static inline int HYPERVISOR_stack_switch(unsigned long ss, unsigned long esp)
{ return _hypercall2(int, 3, ss, esp); }

/* Legacy registration of the event and failsafe callbacks (64-bit: 3 addresses). */
static inline int HYPERVISOR_set_callbacks(unsigned long event, unsigned long failsafe,
                                           unsigned long syscall)
{ return _hypercall3(int, 4, event, failsafe, syscall); }

static inline int HYPERVISOR_fpu_taskswitch(int set)
{ return _hypercall1(int, 5, set); }

static inline int HYPERVISOR_set_debugreg(int reg, unsigned long value)
{ return _hypercall2(int, 8, reg, value); }

static inline unsigned long HYPERVISOR_get_debugreg(int reg)
{ return _hypercall1(unsigned long, 9, reg); }

static inline int HYPERVISOR_update_descriptor(uint64_t ma, uint64_t desc)
{ return _hypercall2(int, 10, ma, desc); }

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{ return _hypercall2(long, 12, cmd, arg); }

static inline int HYPERVISOR_multicall(multicall_entry_t *calls, unsigned int nr)
{ return _hypercall2(int, 13, calls, nr); }

/* va: page to remap; val: the new L1 entry (machine address | flags); flags: UVMF_*. */
static inline int HYPERVISOR_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags)
{ return _hypercall3(int, 14, va, val, flags); }

/* Absolute system time (ns) of the next VIRQ_TIMER; 0 cancels. */
static inline long HYPERVISOR_set_timer_op(uint64_t timeout_abs_ns)
{ return _hypercall1(long, 15, timeout_abs_ns); }

static inline int HYPERVISOR_xen_version(int cmd, void *arg)
{ return _hypercall2(int, 17, cmd, arg); }

static inline int HYPERVISOR_console_io(int cmd, int count, const char *buf)
{ return _hypercall3(int, 18, cmd, count, buf); }

static inline int HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{ return _hypercall3(int, 20, cmd, uop, count); }

static inline int HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{ return _hypercall2(int, 21, cmd, type); }

static inline int HYPERVISOR_update_va_mapping_otherdomain(unsigned long va, uint64_t val,
                                                           unsigned long flags, domid_t domid)
{ return _hypercall4(int, 22, va, val, flags, domid); }

static inline int HYPERVISOR_vcpu_op(int cmd, unsigned int vcpuid, void *arg)
{ return _hypercall3(int, 24, cmd, vcpuid, arg); }

static inline int HYPERVISOR_set_segment_base(int reg, unsigned long value)
{ return _hypercall2(int, 25, reg, value); }
#define SEGBASE_FS          0
#define SEGBASE_GS_USER     1
#define SEGBASE_GS_KERNEL   2
#define SEGBASE_GS_USER_SEL 3

static inline int HYPERVISOR_mmuext_op(const mmuext_op_t *op, unsigned int count,
                                       unsigned int *done, domid_t domid)
{ return _hypercall4(int, 26, op, count, done, domid); }

static inline int HYPERVISOR_nmi_op(unsigned long op, void *arg)
{ return _hypercall2(int, 28, op, arg); }

static inline int HYPERVISOR_sched_op(int cmd, void *arg)
{ return _hypercall2(int, 29, cmd, arg); }

static inline int HYPERVISOR_callback_op(int cmd, const void *arg)
{ return _hypercall2(int, 30, cmd, arg); }

static inline int HYPERVISOR_event_channel_op(int cmd, void *arg)
{ return _hypercall2(int, 32, cmd, arg); }

static inline int HYPERVISOR_physdev_op(int cmd, void *arg)
{ return _hypercall2(int, 33, cmd, arg); }

static inline long HYPERVISOR_hvm_op(int op, void *arg)
{ return _hypercall2(long, 34, op, arg); }

/* Keep the literal numbers above in step with xen.h. */
_Static_assert(__HYPERVISOR_mmu_update == 1 && __HYPERVISOR_update_va_mapping == 14 &&
               __HYPERVISOR_set_timer_op == 15 && __HYPERVISOR_xen_version == 17 &&
               __HYPERVISOR_console_io == 18 && __HYPERVISOR_grant_table_op == 20 &&
               __HYPERVISOR_iret == 23 && __HYPERVISOR_vcpu_op == 24 &&
               __HYPERVISOR_mmuext_op == 26 && __HYPERVISOR_sched_op == 29 &&
               __HYPERVISOR_callback_op == 30 && __HYPERVISOR_event_channel_op == 32 &&
               __HYPERVISOR_physdev_op == 33 && __HYPERVISOR_hvm_op == 34,
               "hypercall numbers in the wrappers");

/* HYPERVISOR_iret is not a C call: see xs_hypervisor_callback in head.S. */

#endif
