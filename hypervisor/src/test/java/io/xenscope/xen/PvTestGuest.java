package io.xenscope.xen;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.testing.GuestLinker;


/**
 * Tiny 64-bit PV guests for tests: an assembly body wrapped in the Xen ELF notes, a hypercall
 * page and a linker script (virt_base 0xffffffff80000000), built with the host gcc/ld at test time
 * and cached under target/pv-test-guests. Macros for bodies:
 * {@code HYPERCALL nr} (call the page's stub), {@code POWEROFF}, {@code SHUTDOWN reason};
 * labels in {@code data} go to .data, a 4 KiB page-aligned {@code scratch} and a 16 KiB
 * {@code stack2} are in .bss.
 */
final class PvTestGuest {
    static final long VIRT_BASE = 0xffffffff80000000L;

    private static final String LDS = """
            OUTPUT_FORMAT("elf64-x86-64")
            ENTRY(_start)
            PHDRS { text PT_LOAD FLAGS(5); data PT_LOAD FLAGS(6); note PT_NOTE FLAGS(4); }
            SECTIONS {
              . = 0xffffffff80000000;
              .text : AT(ADDR(.text) - 0xffffffff80000000) { *(.text.head) . = ALIGN(4096); *(.text.hypercall_page) *(.text) } :text
              .note.Xen : AT(ADDR(.note.Xen) - 0xffffffff80000000) { KEEP(*(.note.Xen)) } :text :note
              . = ALIGN(4096);
              .data : AT(ADDR(.data) - 0xffffffff80000000) { *(.data) *(.rodata*) } :data
              . = ALIGN(4096);
              .bss : AT(ADDR(.bss) - 0xffffffff80000000) { *(.bss) . = ALIGN(4096); } :data
              _end = .;
              /DISCARD/ : { *(.note.GNU-stack) *(.note.gnu.property) *(.comment) *(.eh_frame) }
            }
            """;

    private static final String HEAD = """
            .macro XEN_NOTE type:req, desc:vararg
                .pushsection .note.Xen, "a", @note
                .p2align 2
                .long 2f - 1f
                .long 4f - 3f
                .long \\type
            1:  .asciz "Xen"
            2:  .p2align 2
            3:  \\desc
            4:  .p2align 2
                .popsection
            .endm
            XEN_NOTE 6, .asciz "xenscope-test"
            XEN_NOTE 5, .asciz "xen-3.0"
            XEN_NOTE 8, .asciz "generic"
            XEN_NOTE 3, .quad 0xffffffff80000000
            XEN_NOTE 4, .quad 0
            XEN_NOTE 1, .quad _start
            XEN_NOTE 2, .quad hypercall_page
            XEN_NOTE 10, .asciz "!writable_page_tables|pae_pgdir_above_4gb"
            XEN_NOTE 9, .asciz "yes"
            .macro HYPERCALL nr:req
                call hypercall_page + (\\nr) * 32
            .endm
            .macro SHUTDOWN reason:req
                movl $\\reason, shutdown_arg(%rip)
                movl $2, %edi
                leaq shutdown_arg(%rip), %rsi
                HYPERCALL 29
                ud2
            .endm
            .macro POWEROFF
                SHUTDOWN 0
            .endm
                .section .text.head, "ax", @progbits
                .globl _start
            _start:
            """;

    private static final String TAIL = """
                ud2
                .section .text.hypercall_page, "ax", @progbits
                .p2align 12
                .globl hypercall_page
            hypercall_page:
                .fill 4096, 1, 0xc3
                .data
            shutdown_arg: .long 0
            """;

    private PvTestGuest() {
    }

    static byte[] build(String body, String text, String data) {
        return buildSource(HEAD + body + "\n" + TAIL + "\n    .text\n" + text + "\n    .data\n    .p2align 3\n" + data
                + "\n    .bss\n    .p2align 12\nscratch: .skip 4096\nstack2: .skip 16384\nstack2_top:\n");
    }

    /** Assembles and links a whole guest source with the test guests' linker script (cached by content). */
    static byte[] buildSource(String src) {
        return GuestLinker.link(src, LDS, "pv-test-guests");
    }

    static BootedGuest boot(String body) {
        return boot(body, "", "", PvBootOptions.defaults());
    }

    static BootedGuest boot(String body, String text, String data) {
        return boot(body, text, data, PvBootOptions.defaults());
    }

    static BootedGuest boot(String body, String text, String data, PvBootOptions o) {
        try {
            byte[] elf = build(body, text, data);
            return new BootedGuest(XenMachine.boot(elf, o), ElfImage.parse(elf));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
