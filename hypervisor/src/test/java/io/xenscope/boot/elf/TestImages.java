package io.xenscope.boot.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real guest-like images built with the host gcc/as/ld/objcopy at test time (once per JVM). The
 * Xen notes use the ELFNOTE macro in the style of Xen's elfnote.h / Mini-OS.
 */
final class TestImages {
    /** Kernel with Xen notes: VIRT_BASE, PADDR_OFFSET, ENTRY, HYPERCALL_PAGE, FEATURES; -DPVH adds PHYS32_ENTRY, -DPAE a PAE_MODE. */
    static final String XEN_S = """
            #define ELFNOTE(name, type, desc)           \\
                .pushsection .note.name, NOTE_FLAGS, @note ; \\
                .align 4 ;                              \\
                .long 2f - 1f ;                         \\
                .long 4f - 3f ;                         \\
                .long type ;                            \\
            1:  .asciz #name ;                          \\
            2:  .align 4 ;                              \\
            3:  desc ;                                  \\
            4:  .align 4 ;                              \\
                .popsection

            #define XEN_ELFNOTE_ENTRY 1
            #define XEN_ELFNOTE_HYPERCALL_PAGE 2
            #define XEN_ELFNOTE_VIRT_BASE 3
            #define XEN_ELFNOTE_PADDR_OFFSET 4
            #define XEN_ELFNOTE_XEN_VERSION 5
            #define XEN_ELFNOTE_GUEST_OS 6
            #define XEN_ELFNOTE_GUEST_VERSION 7
            #define XEN_ELFNOTE_LOADER 8
            #define XEN_ELFNOTE_PAE_MODE 9
            #define XEN_ELFNOTE_FEATURES 10
            #define XEN_ELFNOTE_PHYS32_ENTRY 18

            #ifndef NOTE_FLAGS
            #define NOTE_FLAGS "a"
            #endif
            #ifdef __x86_64__
            #define WORD .quad
            #else
            #define WORD .long
            #endif

            ELFNOTE(Xen, XEN_ELFNOTE_GUEST_OS, .asciz "Mini-OS")
            ELFNOTE(Xen, XEN_ELFNOTE_LOADER, .asciz "generic")
            ELFNOTE(Xen, XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0")
            ELFNOTE(Xen, XEN_ELFNOTE_GUEST_VERSION, .asciz "0.1")
            ELFNOTE(Xen, XEN_ELFNOTE_VIRT_BASE, WORD VIRT_BASE)
            ELFNOTE(Xen, XEN_ELFNOTE_PADDR_OFFSET, WORD PADDR_OFFSET)
            ELFNOTE(Xen, XEN_ELFNOTE_ENTRY, WORD _start)
            ELFNOTE(Xen, XEN_ELFNOTE_HYPERCALL_PAGE, WORD hypercall_page)
            ELFNOTE(Xen, XEN_ELFNOTE_FEATURES, .asciz "!writable_page_tables|pae_pgdir_above_4gb|hvm_callback_vector|some_future_thing")
            #ifdef PAE
            ELFNOTE(Xen, XEN_ELFNOTE_PAE_MODE, .asciz "yes")
            #endif
            #ifdef PVH
            ELFNOTE(Xen, XEN_ELFNOTE_PHYS32_ENTRY, .long pvh_start - VIRT_BASE + PADDR_OFFSET)
            #endif

                .text
                .globl _start
                .type _start, @function
            _start:
                cld
                hlt
                jmp _start
                .size _start, . - _start
                .code32
                .globl pvh_start
            pvh_start:
                hlt
                jmp pvh_start
            #ifdef __x86_64__
                .code64
            #endif
                .balign 4096
                .globl hypercall_page
            hypercall_page:
                .fill 4096, 1, 0xc3
                .data
                .globl counter
                .type counter, @object
            counter: .quad 42
                .size counter, 8
                .bss
                .lcomm stack, 8192
            """;

    static final String XEN_LD = """
            SECTIONS
            {
              . = VIRT_START;
              .text : AT(ADDR(.text) - LOAD_OFFSET) { *(.multiboot) *(.text) }
              .note : AT(ADDR(.note) - LOAD_OFFSET) { *(.note.Xen) }
              .data : AT(ADDR(.data) - LOAD_OFFSET) { *(.data) }
              _edata = .;
              .bss : AT(ADDR(.bss) - LOAD_OFFSET) { *(.bss) *(COMMON) }
              _end = .;
            }
            """;

    /** An old-style x86-64 kernel: only a __xen_guest string, p_paddr == p_vaddr, assembled with -g. */
    static final String LEGACY_S = """
                .section __xen_guest
                .ascii "GUEST_OS=linux,GUEST_VER=2.6,XEN_VER=xen-3.0,VIRT_BASE=0xffffffff80000000"
                .ascii ",HYPERCALL_PAGE=0x101,LOADER=generic,FEATURES=writable_page_tables|!auto_translated_physmap"
                .byte 0
                .text
                .globl _start
            _start:
                hlt
                jmp _start
                .balign 4096
                .globl hypercall_page
            hypercall_page:
                .fill 4096, 1, 0xc3
            """;

    /** A 32-bit multiboot kernel with the address fields (a.out kludge), video fields absent. */
    static final String MULTIBOOT_S = """
                .section .multiboot, "a"
                .align 4
            mb_header:
                .long 0x1BADB002
                .long 0x00010003
                .long -(0x1BADB002 + 0x00010003)
                .long mb_header
                .long mb_header
                .long _edata
                .long _end
                .long _start
                .text
                .globl _start
            _start:
                cli
                hlt
                jmp _start
                .data
                .long 1
                .bss
                .lcomm stack, 4096
            """;

    private static Map<String, byte[]> built;
    private static Path dir;

    private TestImages() {
    }

    /** High-half x86-64 PV/PVH kernel: VIRT_BASE 0xffffffff80000000, PADDR_OFFSET 0, linked at 0xffffffff81000000, p_paddr 0x1000000. */
    static byte[] highHalf64() {
        return get("hh.elf");
    }

    /** Mini-OS-like x86-64 kernel linked at 0 (VIRT_BASE 0), with PHYS32_ENTRY. */
    static byte[] low64() {
        return get("lo.elf");
    }

    /** {@link #low64()} converted by objcopy -O elf32-x86-64: ELFCLASS32 container, EM_X86_64 code. */
    static byte[] low64InElf32() {
        return get("lo32.elf");
    }

    /** i386 PAE kernel, old Linux style: VIRT_BASE = PADDR_OFFSET = 0xC0000000, p_paddr = p_vaddr = 0xC0100000. */
    static byte[] i386Pae() {
        return get("i386.elf");
    }

    /** {@link #low64()} with its Xen notes in a non-allocated SHT_NOTE section (no PT_NOTE). */
    static byte[] sectionNotesOnly() {
        return get("secnotes.elf");
    }

    static byte[] legacyXenGuest() {
        return get("legacy.elf");
    }

    static byte[] multiboot() {
        return get("mb.elf");
    }

    static List<byte[]> all() {
        return List.of(highHalf64(), low64(), low64InElf32(), i386Pae(), sectionNotesOnly(), legacyXenGuest(), multiboot());
    }

    private static synchronized byte[] get(String name) {
        if (built == null) {
            try {
                built = build();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("building test images with the host toolchain failed: " + e.getMessage(), e);
            }
        }
        return built.get(name).clone();
    }

    private static Map<String, byte[]> build() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("xenscope-elf-");
        Files.writeString(dir.resolve("xen.S"), XEN_S);
        Files.writeString(dir.resolve("xen.ld"), XEN_LD);
        Files.writeString(dir.resolve("legacy.S"), LEGACY_S);
        Files.writeString(dir.resolve("mb.S"), MULTIBOOT_S);
        run("gcc", "-c", "-DVIRT_BASE=0xffffffff80000000", "-DPADDR_OFFSET=0", "-DPVH", "xen.S", "-o", "hh.o");
        link("hh", "", "0xffffffff81000000", "0xffffffff80000000");
        run("gcc", "-c", "-DVIRT_BASE=0", "-DPADDR_OFFSET=0", "-DPVH", "xen.S", "-o", "lo.o");
        link("lo", "", "0", "0");
        run("objcopy", "-O", "elf32-x86-64", "lo.elf", "lo32.elf");
        run("gcc", "-m32", "-c", "-DVIRT_BASE=0xC0000000", "-DPADDR_OFFSET=0xC0000000", "-DPAE", "xen.S", "-o", "i386.o");
        link("i386", "elf_i386", "0xC0100000", "0");
        run("gcc", "-c", "-DVIRT_BASE=0", "-DPADDR_OFFSET=0", "-DPVH", "-DNOTE_FLAGS=\"\"", "xen.S", "-o", "secnotes.o");
        link("secnotes", "", "0", "0");
        run("gcc", "-c", "-g", "legacy.S", "-o", "legacy.o");
        link("legacy", "", "0xffffffff80100000", "0");
        run("gcc", "-m32", "-c", "mb.S", "-o", "mb.o");
        link("mb", "elf_i386", "0x100000", "0");
        Map<String, byte[]> m = new HashMap<>();
        for (String n : List.of("hh.elf", "lo.elf", "lo32.elf", "i386.elf", "secnotes.elf", "legacy.elf", "mb.elf")) {
            m.put(n, Files.readAllBytes(dir.resolve(n)));
        }
        return m;
    }

    private static void link(String name, String emulation, String virtStart, String loadOffset) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ld"));
        if (!emulation.isEmpty()) {
            cmd.addAll(List.of("-m", emulation));
        }
        cmd.addAll(List.of("-T", "xen.ld", "--defsym", "VIRT_START=" + virtStart, "--defsym", "LOAD_OFFSET=" + loadOffset,
                "-z", "max-page-size=4096", "-z", "noexecstack", "--build-id=none", name + ".o", "-o", name + ".elf"));
        run(cmd.toArray(new String[0]));
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
        }
    }
}
