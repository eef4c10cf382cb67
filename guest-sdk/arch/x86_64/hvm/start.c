/* SPDX-License-Identifier: MIT */
/*
 * The C entries of an HVM guest (MODE = hvm: hvm_multiboot_start; MODE =
 * hvm-realmode: hvm_realmode_start), reached in 64-bit mode through
 * xs_long_mode_entry. COM1 is printk's output; the IDT is ours; the legacy
 * PICs are moved off the exception vectors and masked; if CPUID
 * shows Xen, the hypercall page is filled (xen_hypercalls_ready) and the
 * guest may call xen_hvm_setup() for the PV interfaces. Then main(), and
 * shutdown(): SCHEDOP_shutdown on Xen, isa-debug-exit without.
 */
#include <xenscope/xenscope.h>
#include <xenscope/hvm.h>
#include <xenscope/multiboot.h>

const struct multiboot_info *multiboot_info;

static void hvm_start(void) __noreturn;
static void hvm_start(void)
{
    pc_pic_mask_all();
    xen_hvm_init_hypercalls();
    int rc = main();
    shutdown(rc == 0 ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}

void hvm_multiboot_start(const struct multiboot_info *mbi, uint32_t magic) __noreturn;
void hvm_multiboot_start(const struct multiboot_info *mbi, uint32_t magic)
{
    pc_uart_init();
    xs_idt_init();
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        panic("not entered by a multiboot loader: eax = %#x, not %#x", magic,
              MULTIBOOT_BOOTLOADER_MAGIC);
    multiboot_info = mbi;
    hvm_start();
}

void hvm_realmode_start(void) __noreturn;
void hvm_realmode_start(void)
{
    pc_uart_init();
    xs_idt_init();
    printk("boot: 64-bit long mode\n");
    hvm_start();
}
