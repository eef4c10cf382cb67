/* SPDX-License-Identifier: MIT */
/*
 * pvh_start_kernel: from xs_long_mode_entry (64-bit, identity map of the low
 * 4 GiB, interrupts off) to the guest's main() and back, for a PVH guest.
 *
 * On Xen: hypercall page, IDT, then the PVHVM set-up (arch/x86_64/common/xen.c:
 * shared_info, callback vector, console and xenstore rings). Without Xen (a
 * PVH loader such as QEMU's -kernel): printk goes to COM1 and shutdown to
 * isa-debug-exit, so the same image still runs main().
 */
#include <xenscope/xenscope.h>
#include <xenscope/hvm.h>
#include <xen/hvm/start_info.h>

struct hvm_start_info *hvm_start_info;

void pvh_start_kernel(struct hvm_start_info *si) __noreturn;
void pvh_start_kernel(struct hvm_start_info *si)
{
    hvm_start_info = si;
    xs_idt_init();
    if (xen_hvm_init_hypercalls() == 0) {
        int rc = xen_hvm_setup();
        if (rc)
            panic("PVH set-up failed: %d (%s)", rc, xen_errname(rc));
    }
    int rc = main();
    shutdown(rc == 0 ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}
