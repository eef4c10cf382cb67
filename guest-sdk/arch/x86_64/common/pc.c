/* SPDX-License-Identifier: MIT */
/*
 * The PC devices every HVM container has, Xen or not: the COM1 16550 UART
 * (printk's output before, or without, Xen's console ring), the 8259A PICs
 * (which the BIOS leaves delivering the PIT's IRQ 0 at vector 8), and the
 * isa-debug-exit port (how a guest without Xen powers the machine off).
 */
#include <xenscope/xenscope.h>
#include <xenscope/hvm.h>

/* 16550 registers (offsets from the base port; National PC16550D data sheet). */
#define UART_THR 0      /* transmit holding (DLAB = 0) */
#define UART_DLL 0      /* divisor latch low (DLAB = 1) */
#define UART_IER 1      /* interrupt enable (DLAB = 0) */
#define UART_DLM 1      /* divisor latch high (DLAB = 1) */
#define UART_FCR 2      /* FIFO control (write) */
#define UART_LCR 3      /* line control */
#define UART_MCR 4      /* modem control */
#define UART_LSR 5      /* line status */
#define UART_LCR_DLAB 0x80
#define UART_LCR_8N1  0x03
#define UART_FCR_ENABLE_CLEAR 0x07      /* FIFOs on, both cleared */
#define UART_MCR_DTR_RTS_OUT2 0x0b
#define UART_LSR_THRE 0x20              /* transmit holding register empty */
#define UART_LSR_TEMT 0x40              /* transmitter empty */
#define UART_BAUD_BASE 115200           /* 1.8432 MHz / 16 */
#define UART_BAUD      115200

static bool uart_ready;

void pc_uart_init(void)
{
    const uint16_t p = PC_COM1_PORT;
    uint16_t divisor = UART_BAUD_BASE / UART_BAUD;
    outb(p + UART_IER, 0);                      /* polled: no interrupts */
    outb(p + UART_LCR, UART_LCR_DLAB);
    outb(p + UART_DLL, (uint8_t)divisor);
    outb(p + UART_DLM, (uint8_t)(divisor >> 8));
    outb(p + UART_LCR, UART_LCR_8N1);
    outb(p + UART_FCR, UART_FCR_ENABLE_CLEAR);
    outb(p + UART_MCR, UART_MCR_DTR_RTS_OUT2);
    uart_ready = true;
}

static void uart_putc(char c)
{
    /* Bounded: a missing UART reads 0xff (THRE set) and must not hang us. */
    for (int i = 0; i < 100000 && !(inb(PC_COM1_PORT + UART_LSR) & UART_LSR_THRE); i++)
        cpu_relax();
    outb(PC_COM1_PORT + UART_THR, (uint8_t)c);
}

void pc_uart_write(const char *buf, unsigned long len)
{
    if (!uart_ready)
        pc_uart_init();
    for (unsigned long i = 0; i < len; i++) {
        if (buf[i] == '\n')
            uart_putc('\r');
        uart_putc(buf[i]);
    }
}

void pc_uart_flush(void)
{
    if (!uart_ready)
        return;
    for (int i = 0; i < 100000 && !(inb(PC_COM1_PORT + UART_LSR) & UART_LSR_TEMT); i++)
        cpu_relax();
}

/* 8259A ports and initialisation words (Intel 8259A data sheet; Linux's i8259.c does the same). */
#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1
#define PIC_ICW1_INIT_ICW4 0x11         /* edge triggered, cascaded, ICW4 follows */
#define PIC_ICW4_8086      0x01

void pc_pic_mask_all(void)
{
    outb(PIC1_CMD, PIC_ICW1_INIT_ICW4);
    outb(PIC2_CMD, PIC_ICW1_INIT_ICW4);
    outb(PIC1_DATA, PC_PIC_VECTOR_BASE);        /* ICW2: IRQ 0-7 at vectors 0x20-0x27 */
    outb(PIC2_DATA, PC_PIC_VECTOR_BASE + 8);    /* IRQ 8-15 at 0x28-0x2f */
    outb(PIC1_DATA, 1 << 2);                    /* ICW3: the slave is on IRQ 2 */
    outb(PIC2_DATA, 2);                         /* ICW3: slave identity 2 */
    outb(PIC1_DATA, PIC_ICW4_8086);
    outb(PIC2_DATA, PIC_ICW4_8086);
    outb(PIC1_DATA, 0xff);                      /* OCW1: every line masked */
    outb(PIC2_DATA, 0xff);
}

void pc_debug_exit(unsigned int code)
{
    pc_uart_flush();
    outl(PC_DEBUG_EXIT_PORT, code);
    for (;;)
        __asm__ __volatile__("cli; hlt");
}
