/* SPDX-License-Identifier: MIT */
/*
 * Guests in an HVM container (MODE = pvh, hvm, hvm-realmode): finding Xen
 * from inside (CPUID), the hypercall page, the PVHVM set-up (shared_info,
 * event callback vector, console and xenstore rings), and the PC devices an
 * HVM guest has whether or not it runs on Xen (COM1, isa-debug-exit).
 */
#ifndef XENSCOPE_HVM_H
#define XENSCOPE_HVM_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/arch-x86/cpuid.h>

/* The base of Xen's CPUID leaves ("XenVMMXenVMM"), or 0 if we are not on Xen. */
uint32_t xen_cpuid_base(void);

/* Set once Xen has filled hypercall_page: HYPERVISOR_* calls work from then on. */
extern bool xen_hypercalls_ready;

/* Finds Xen and has it fill hypercall_page (MSR of leaf base+2). -1 if not on Xen. */
int xen_hvm_init_hypercalls(void);

/*
 * The PVHVM set-up, after xen_hvm_init_hypercalls (pvh_start_kernel does it
 * before main; an HVM guest calls it when it wants Xen's PV interfaces):
 * shared_info at a page of .bss (XENMEM_add_to_physmap), the event callback
 * vector (HVM_PARAM_CALLBACK_IRQ, type vector), the console ring (printk
 * moves to it) and the xenstore ring from HVM_PARAM_{CONSOLE,STORE}_*.
 * 0, or a negative Xen error of the first call that failed.
 */
int xen_hvm_setup(void);

/* The IDT: exception entries (report and crash) and the callback vector. */
void xs_idt_init(void);

/* The first 16550 UART (COM1, I/O port 0x3f8): 115200 8N1, FIFOs on. */
#define PC_COM1_PORT 0x3f8
void pc_uart_init(void);
/* Writes bytes, "\n" as "\r\n" (a serial terminal's line end). */
void pc_uart_write(const char *buf, unsigned long len);
/* Waits until the transmitter is empty (bounded). */
void pc_uart_flush(void);

/*
 * The legacy PICs: the BIOS leaves IRQ 0 (PIT) unmasked at vector 8, which
 * would reach the #DF entry as soon as a guest sets IF. The HVM start code
 * moves them to vectors 0x20-0x2f, clear of the exceptions, and masks
 * every line (our events come through the callback vector, not the PIC).
 */
#define PC_PIC_VECTOR_BASE 0x20
void pc_pic_mask_all(void);

/*
 * Ends the machine without Xen: the isa-debug-exit device at port 0xf4
 * (QEMU: -device isa-debug-exit,iobase=0xf4,iosize=0x04 exits with status
 * (value << 1) | 1), then cli; hlt for machines that do not have it.
 */
#define PC_DEBUG_EXIT_PORT 0xf4
void pc_debug_exit(unsigned int code) __attribute__((noreturn));

static inline void outb(uint16_t port, uint8_t v)
{ __asm__ __volatile__("outb %0, %1" :: "a"(v), "Nd"(port)); }

static inline uint8_t inb(uint16_t port)
{ uint8_t v; __asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline void outl(uint16_t port, uint32_t v)
{ __asm__ __volatile__("outl %0, %1" :: "a"(v), "Nd"(port)); }

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    __asm__ __volatile__("wrmsr" :: "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)) : "memory");
}

#endif
