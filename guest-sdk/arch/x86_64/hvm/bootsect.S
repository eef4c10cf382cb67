/* SPDX-License-Identifier: MIT */
/*
 * Boot stub of a 64-bit HVM guest booted from a disk by the BIOS (MODE =
 * hvm-realmode). The image is a raw disk: this 512-byte boot sector, then
 * the rest of the guest, linked to run where the sector puts it (0x7e00 on).
 *
 *  1. Real mode: the BIOS loaded sector 0 at 0000:7c00 and jumped to it with
 *     %dl = the boot drive. We normalise CS:IP and the segments, take a stack
 *     below 0x7c00, program COM1 and say where we are on the screen (int 10h
 *     AH=0Eh teletype) and on COM1.
 *  2. We load the rest of the image with int 13h: the EDD extended read
 *     (AH=41h check, AH=42h with a disk address packet), or, without EDD,
 *     one sector at a time with CHS reads (AH=08h geometry, AH=02h).
 *  3. A20 on (int 15h AX=2401h, then the fast A20 bit of port 0x92), our GDT,
 *     CR0.PE, far jump to 32-bit code (protected mode: we print on COM1), then
 *     xs_long_mode_entry (arch/x86_64/common/entry.S) to hvm_realmode_start()
 *     in 64-bit C.
 */
#define COM1 0x3f8
#define LOAD_SEG 0x07e0                 /* 0x7e00: right after this sector */
#define CHUNK 64                        /* sectors per EDD read (32 KiB: never crosses 64 KiB of ES) */
#define BOOT_CS32 0x08
#define BOOT_DS32 0x10

    .section .bootsect, "ax", @progbits
    .code16
    .globl _start
    .type _start, @function
_start:
    cli
    ljmp    $0, $1f                     /* some BIOSes enter at 07c0:0000 */
1:  xorw    %ax, %ax
    movw    %ax, %ds
    movw    %ax, %es
    movw    %ax, %ss
    movw    $0x7c00, %sp
    sti
    cld
    movb    %dl, boot_drive

    /* COM1: 115200 8N1, FIFOs on (the same settings as pc_uart_init). */
    movw    $uart_init_table, %si
2:  lodsw                               /* %al = value, %ah = register offset */
    movw    $COM1, %dx
    addb    %ah, %dl
    outb    %al, %dx
    cmpw    $uart_init_end, %si
    jb      2b

    movw    $msg_real, %si
    call    puts16

    /* Load sectors 1 .. xs_boot_sectors to 0x7e00. EDD present? */
    movb    $0x41, %ah
    movw    $0x55aa, %bx
    movb    boot_drive, %dl
    int     $0x13
    jc      chs_load
    cmpw    $0xaa55, %bx
    jne     chs_load
    testb   $1, %cl                     /* fixed disk access subset: AH=42h */
    jz      chs_load

edd_load:
    movw    $xs_boot_sectors, %di       /* sectors left */
3:  movw    $CHUNK, %cx
    cmpw    %cx, %di
    jae     4f
    movw    %di, %cx
4:  movw    %cx, dap_count
    movw    $dap, %si
    movb    $0x42, %ah
    movb    boot_drive, %dl
    int     $0x13
    jc      disk_error
    movw    dap_count, %cx
    subw    %cx, %di
    addw    %cx, dap_lba
    shlw    $5, %cx                     /* sectors * 512 / 16 paragraphs */
    addw    %cx, dap_seg
    testw   %di, %di
    jnz     3b
    jmp     loaded

chs_load:
    movb    $0x08, %ah                  /* geometry: CL[5:0] sectors/track, DH max head */
    movb    boot_drive, %dl
    xorw    %di, %di                    /* ES:DI = 0 works around buggy BIOSes */
    int     $0x13
    jc      disk_error
    andw    $0x3f, %cx
    movw    %cx, chs_spt
    movb    %dh, %al
    xorb    %ah, %ah
    incw    %ax
    movw    %ax, chs_heads
    movw    $1, %di                     /* LBA of the next sector */
5:  movw    %di, %ax
    xorw    %dx, %dx
    divw    chs_spt                     /* ax = track, dx = sector - 1 */
    movw    %dx, %cx
    incw    %cx                         /* CL = sector (cylinders < 256 here) */
    xorw    %dx, %dx
    divw    chs_heads                   /* ax = cylinder, dx = head */
    movb    %al, %ch
    movb    %dl, %dh
    movb    boot_drive, %dl
    movw    dap_seg, %es
    xorw    %bx, %bx
    movw    $0x0201, %ax                /* read 1 sector */
    int     $0x13
    jc      disk_error
    addw    $0x20, dap_seg
    incw    %di
    cmpw    $xs_boot_sectors + 1, %di
    jb      5b
    xorw    %ax, %ax
    movw    %ax, %es
    movw    $('0' | '2' << 8), msg_load_ah     /* the message says AH=02h */

loaded:
    movw    $msg_load, %si
    call    puts16

    /* A20: ask the BIOS, then set the fast A20 gate (bit 1 of port 0x92, not bit 0: reset). */
    movw    $0x2401, %ax
    int     $0x15
    inb     $0x92, %al
    orb     $0x02, %al
    andb    $0xfe, %al
    outb    %al, $0x92
    movw    $msg_pm, %si
    call    puts16

    cli
    lgdtl   boot_gdt_desc
    movl    %cr0, %eax
    orl     $1, %eax                    /* CR0.PE */
    movl    %eax, %cr0
    ljmpl   $BOOT_CS32, $protected_mode

disk_error:
    movw    $msg_disk, %si
    call    puts16
6:  cli
    hlt
    jmp     6b

/* Prints the NUL-terminated string at %si on the screen and on COM1 ("\n" as "\r\n"). */
puts16:
    lodsb
    testb   %al, %al
    jz      9f
    cmpb    $'\n', %al
    jne     7f
    movb    $'\r', %al
    call    putc16
    movb    $'\n', %al
7:  call    putc16
    jmp     puts16
9:  ret

putc16:
    pushw   %ax
    movb    $0x0e, %ah                  /* teletype: AL = char, BH = page, BL = colour */
    movw    $0x0007, %bx
    int     $0x10
    movw    $COM1 + 5, %dx              /* LSR: wait for THRE (bounded) */
    movw    $0xffff, %cx
8:  inb     %dx, %al
    testb   $0x20, %al
    loopz   8b
    popw    %ax
    movw    $COM1, %dx
    outb    %al, %dx
    ret

uart_init_table:                        /* value, register offset */
    .byte 0x00, 1                       /* IER: no interrupts */
    .byte 0x80, 3                       /* LCR: DLAB */
    .byte 0x01, 0                       /* DLL: 115200 baud */
    .byte 0x00, 1                       /* DLM */
    .byte 0x03, 3                       /* LCR: 8N1 */
    .byte 0x07, 2                       /* FCR: FIFOs on, cleared */
    .byte 0x0b, 4                       /* MCR: DTR, RTS, OUT2 */
uart_init_end:

msg_real:   .asciz "boot: real mode at 0x7c00\n"
msg_load:   .ascii "boot: loaded, int 13h AH="
msg_load_ah: .asciz "42h\n"
msg_pm:     .asciz "boot: A20 on, to protected mode\n"
msg_disk:   .asciz "boot: disk error\n"

    .p2align 2
dap:                                    /* EDD disk address packet */
    .byte 16, 0
dap_count:  .word 0
            .word 0                     /* offset */
dap_seg:    .word LOAD_SEG
dap_lba:    .quad 1

boot_drive: .byte 0
    .p2align 1
chs_spt:    .word 0
chs_heads:  .word 0

    .p2align 3
boot_gdt:                               /* the null descriptor holds the GDTR image */
boot_gdt_desc:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt
    .word 0
    .quad 0x00cf9a000000ffff            /* 0x08: 32-bit flat code */
    .quad 0x00cf92000000ffff            /* 0x10: flat data */
boot_gdt_end:

    .org 510
    .byte 0x55, 0xaa                    /* the BIOS boots a sector only with this signature */

/* ------------------------------------------------------------------------ */
/* Loaded by the code above: 32-bit protected mode, flat segments, paging off. */
    .section .text.head, "ax", @progbits
    .code32
    .type protected_mode, @function
protected_mode:
    movl    $BOOT_DS32, %eax
    movl    %eax, %ds
    movl    %eax, %es
    movl    %eax, %ss
    movl    $0x7c00, %esp
    movl    $msg_pm32, %esi
1:  lodsb
    testb   %al, %al
    jz      3f
    cmpb    $'\n', %al
    jne     2f
    movb    $'\r', %al
    call    putc32
    movb    $'\n', %al
2:  call    putc32
    jmp     1b
3:  xorl    %esi, %esi
    xorl    %ebx, %ebx
    movl    $hvm_realmode_start, %ebp
    jmp     xs_long_mode_entry
    .size protected_mode, . - protected_mode

putc32:
    movl    %eax, %edi
    movw    $COM1 + 5, %dx
    movl    $0x100000, %ecx
4:  inb     %dx, %al
    testb   $0x20, %al
    loopz   4b
    movl    %edi, %eax
    movw    $COM1, %dx
    outb    %al, %dx
    ret

    .section .rodata
msg_pm32:   .asciz "boot: 32-bit protected mode\n"

    .section .note.GNU-stack, "", @progbits
