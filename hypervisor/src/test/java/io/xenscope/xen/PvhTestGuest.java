package io.xenscope.xen;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.testing.GuestLinker;


/**
 * Tiny PVH guests for tests: an assembly body entered in 32-bit flat protected mode (linked at
 * 1 MiB, with only XEN_ELFNOTE_PHYS32_ENTRY and the descriptive notes), built with the host gcc at
 * test time and cached under target/pvh-test-guests. The prologue loads a stack. Macros:
 * {@code INSTALL_HYPERCALL_PAGE} (wrmsr 0x40000000 with the page's address), {@code HCALL nr},
 * {@code POWEROFF32} / {@code POWEROFF64}, {@code LONG_MODE} (identity-maps 1 GiB with 2 MiB pages,
 * enables PAE, EFER.LME and paging, far-jumps to 64-bit code: what follows is .code64).
 * Labels in {@code data} go to .data; {@code scratch} is a page-aligned 4 KiB page in .bss.
 */
final class PvhTestGuest {
    private static final String LDS = """
            OUTPUT_FORMAT("elf64-x86-64")
            ENTRY(_start)
            PHDRS { text PT_LOAD FLAGS(7); note PT_NOTE FLAGS(4); }
            SECTIONS {
              . = 0x100000;
              .text : { *(.text.head) . = ALIGN(4096); *(.text.hypercall_page) *(.text) } :text
              .note.Xen : { KEEP(*(.note.Xen)) } :text :note
              . = ALIGN(4096);
              .data : { *(.data) *(.rodata*) } :text
              . = ALIGN(4096);
              .bss : { *(.bss) . = ALIGN(4096); } :text
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
            XEN_NOTE 18, .long _start
            .macro HCALL nr:req
                call hypercall_page + (\\nr) * 32
            .endm
            .macro INSTALL_HYPERCALL_PAGE
                movl $0x40000000, %ecx
                movl $hypercall_page, %eax
                xorl %edx, %edx
                wrmsr
            .endm
            .macro POWEROFF32
                movl $2, %ebx
                movl $shutdown_arg, %ecx
                HCALL 29
                ud2
            .endm
            .macro POWEROFF64
                movl $2, %edi
                movl $shutdown_arg, %esi
                HCALL 29
                ud2
            .endm
            .macro LONG_MODE
                movl $pdpt + 3, pml4
                movl $pd + 3, pdpt
                xorl %ecx, %ecx
            90: movl %ecx, %eax
                shll $21, %eax
                orl $0x83, %eax
                movl %eax, pd(,%ecx,8)
                movl $0, pd+4(,%ecx,8)
                incl %ecx
                cmpl $512, %ecx
                jb 90b
                movl %cr4, %eax
                orl $0x20, %eax
                movl %eax, %cr4
                movl $pml4, %eax
                movl %eax, %cr3
                movl $0xc0000080, %ecx
                rdmsr
                orl $0x100, %eax
                wrmsr
                movl %cr0, %eax
                orl $0x80000001, %eax
                movl %eax, %cr0
                lgdt gdt_desc
                ljmp $0x08, $91f
                .code64
            91: movl $0x10, %eax
                movl %eax, %ds
                movl %eax, %es
                movl %eax, %ss
                movq $stack_top, %rsp
            .endm
                .section .text.head, "ax", @progbits
                .code32
                .globl _start
            _start:
                movl $stack_top, %esp
            """;

    private static final String TAIL = """
                ud2
                .section .text.hypercall_page, "ax", @progbits
                .p2align 12
                .globl hypercall_page
            hypercall_page:
                .fill 4096, 1, 0xc3
                .data
                .p2align 3
            shutdown_arg: .long 0
            gdt: .quad 0, 0x00af9a000000ffff, 0x00cf92000000ffff
            gdt_desc: .word 23
                .quad gdt
                .bss
                .p2align 12
            pml4: .skip 4096
            pdpt: .skip 4096
            pd: .skip 4096
            scratch: .skip 4096
            stack: .skip 16384
            stack_top:
            """;

    private PvhTestGuest() {
    }

    static byte[] build(String body, String text, String data) {
        String src = HEAD + body + "\n" + TAIL + "\n    .text\n" + text + "\n    .data\n    .p2align 3\n" + data + "\n";
        return GuestLinker.link(src, LDS, "pvh-test-guests");
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
            return new BootedGuest(XenMachine.bootPvh(elf, o), ElfImage.parse(elf));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
