/* SPDX-License-Identifier: MIT */
/* start_kernel: from head.S's _start to the guest's main() and back to Xen. */
#include <xenscope/xenscope.h>
#ifdef XS_PVH
#include <xenscope/hvm.h>
#endif

void xs_traps_init(void);

start_info_t *start_info;

#ifndef XS_PVH    /* PVH: arch/x86_64/pvh/start.c */
/* Page whose virtual address we point at the shared_info frame. */
static uint8_t shared_info_page[4096] __page_aligned_bss;

static void map_shared_info(const start_info_t *si)
{
    /* si->shared_info is a machine address; map it over our reserved page. */
    int rc = HYPERVISOR_update_va_mapping((unsigned long)shared_info_page,
                                          si->shared_info | L1_PROT, UVMF_INVLPG);
    if (rc) {
        static const char msg[] = "xenscope: cannot map shared_info\n";
        console_write_early(msg, sizeof(msg) - 1);
        shutdown(SHUTDOWN_crash);
    }
    HYPERVISOR_shared_info = (shared_info_t *)shared_info_page;
}

void start_kernel(start_info_t *si) __noreturn;
void start_kernel(start_info_t *si)
{
    start_info = si;
    map_shared_info(si);
    xs_traps_init();
    console_init(si);
    xenbus_init(si);

    int rc = main();
    shutdown(rc == 0 ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}
#endif /* !XS_PVH */

void shutdown(unsigned int reason)
{
    sched_shutdown_t op = { .reason = reason };
    console_flush();
#ifdef XS_PVH
    if (!xen_hypercalls_ready)
        pc_debug_exit(reason);  /* no Xen: QEMU exits with status (reason << 1) | 1 */
#endif
    for (;;) {
        HYPERVISOR_sched_op(SCHEDOP_shutdown, &op);
        /* Only a refused request comes back: make sure we stop anyway. */
        op.reason = SHUTDOWN_crash;
    }
}

void panic(const char *fmt, ...)
{
    va_list ap;
    printk("\n*** PANIC: ");
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    printk("\n");
    shutdown(SHUTDOWN_crash);
}

const char *xen_errname(int err)
{
    static const struct { int e; const char *n; } names[] = {
        { XEN_EPERM, "EPERM" }, { XEN_ENOENT, "ENOENT" }, { XEN_ESRCH, "ESRCH" },
        { XEN_EINTR, "EINTR" }, { XEN_EIO, "EIO" }, { XEN_E2BIG, "E2BIG" },
        { XEN_EBADF, "EBADF" }, { XEN_EAGAIN, "EAGAIN" }, { XEN_ENOMEM, "ENOMEM" },
        { XEN_EACCES, "EACCES" }, { XEN_EFAULT, "EFAULT" }, { XEN_EBUSY, "EBUSY" },
        { XEN_EEXIST, "EEXIST" }, { XEN_ENODEV, "ENODEV" }, { XEN_EINVAL, "EINVAL" },
        { XEN_ENOSPC, "ENOSPC" }, { XEN_ERANGE, "ERANGE" }, { XEN_ENOSYS, "ENOSYS" },
        { XEN_ENOTEMPTY, "ENOTEMPTY" }, { XEN_ETIME, "ETIME" }, { XEN_EISDIR, "EISDIR" },
        { XEN_EROFS, "EROFS" }, { XEN_EOPNOTSUPP, "EOPNOTSUPP" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (err == -names[i].e)
            return names[i].n;
    return "E?";
}
