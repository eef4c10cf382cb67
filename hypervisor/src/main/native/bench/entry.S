/*
 * Flat-binary entry, at offset 0 of the image. The loader enters in 64-bit mode with RSP set,
 * RDI = iterations and RSI = array words (the SysV argument registers, so bench_main takes them
 * as they are). The checksum stays in RAX at the hlt.
 */
    .section .text.entry, "ax"
    .globl _start
_start:
    call bench_main
1:  hlt
    jmp 1b

    .section .note.GNU-stack, "", @progbits
