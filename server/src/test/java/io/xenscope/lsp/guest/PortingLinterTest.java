package io.xenscope.lsp.guest;

import static io.xenscope.lsp.LspAssert.d;
import static io.xenscope.lsp.LspAssert.doc;
import static io.xenscope.lsp.LspAssert.testDiagnosticsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.elf.GuestType;
import io.xenscope.lsp.DiagnosticsSource;
import io.xenscope.lsp.LspAssert.Expected;
import io.xenscope.lsp.TestElf;
import io.xenscope.lsp.TextDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortingLinterTest {
    private static final PortingLinter LINTER = new PortingLinter();

    @TempDir
    Path dir;

    @BeforeEach
    void fresh() {
        GuestTargetResolver.clearCache();
    }

    /** The linter with a fixed target, as a DiagnosticsSource for the assert helper. */
    private static DiagnosticsSource target(GuestType t) {
        return new DiagnosticsSource() {
            public String name() { return "t"; }
            public boolean appliesTo(TextDocument doc) { return true; }
            public List<Diagnostic> diagnose(TextDocument doc) { return LINTER.diagnose(doc, new GuestTarget(t, "test", null, null)); }
        };
    }

    private static List<Diagnostic> pvC(String text, Expected... e) {
        return testDiagnosticsFor(target(GuestType.PV), doc("file:///g/k.c", text), e);
    }

    private static List<Diagnostic> pvAsm(String text, Expected... e) {
        return testDiagnosticsFor(target(GuestType.PV), doc("file:///g/head.S", text), e);
    }

    @Test
    void cliInInlineAsm() {
        List<Diagnostic> ds = pvC("void f(void) {\n    asm volatile(\"cli\");\n}\n", d(1, 18, 21, "pv-cli"));
        assertTrue(ds.get(0).getMessage().contains("evtchn_upcall_mask"), ds.get(0).getMessage());
        assertTrue(ds.get(0).getMessage().contains("#GP"));
        assertEquals(DiagnosticSeverity.Error, ds.get(0).getSeverity());
    }

    @Test
    void severalInstructionsAndEscapesInOneTemplate() {
        pvC("__asm__ __volatile__(\"sti\\n\\thlt\" ::: \"memory\");\n", d(0, 22, 25, "pv-sti"), d(0, 29, 32, "pv-hlt", "SCHEDOP_block"));
        pvC("asm(\"1: lock; rep; inb %%dx, %%al\" : \"=a\"(v) : \"d\"(p));\n", d(0, 19, 33, "pv-inb", "console"));
        pvC("#define halt() asm volatile(\"hlt\")\n", d(0, 29, 32, "pv-hlt"));
    }

    @Test
    void controlRegistersByDirection() {
        pvC("asm volatile(\"mov %%cr3, %0\" : \"=r\"(v));\n", d(0, 14, 27, "pv-mov-from-cr3", "emulated by Xen"));
        List<Diagnostic> ds = pvC("asm volatile(\"movq %0, %%cr3\" :: \"r\"(v));\n", d(0, 14, 28, "pv-mov-to-cr3", "MMUEXT_NEW_BASEPTR"));
        assertEquals(DiagnosticSeverity.Warning, ds.get(0).getSeverity());
        pvC("asm(\"mov %%rax, %%cr4\");\n", d(0, 5, 21, "pv-mov-to-cr4"));
        pvC("asm(\"mov %%db7, %%rax\");\n", d(0, 5, 21, "pv-mov-dr", "set_debugreg"));
    }

    @Test
    void commentsStringsAndIdentifiersAreNotAsm() {
        pvC("// asm(\"cli\");\n/* asm(\"hlt\") */\nconst char *s = \"cli\";\nint myasm(\"cli\");\nint cli = 0;\n");
        pvC("asm(\"xor %%eax, %%eax; cpuid; rdtsc\");\n");
    }

    @Test
    void assemblyFiles() {
        pvAsm("""
                #include <xen/elfnote.h>
                /* cli in a comment */
                _start:
                    lgdt gdt_desc   # set up GDT
                    lidt idt_desc
                1:  wrmsr
                    mov %rax, %cr3
                    iretq
                    int $0x80
                    swapgs; sysretq
                    .asciz "hlt"
                XEN_NOTE XEN_ELFNOTE_ENTRY, .quad _start
                XEN_NOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page
                """,
                d(3, 4, 17, "pv-lgdt", "HYPERVISOR_set_gdt"), d(4, 4, 17, "pv-lidt", "HYPERVISOR_set_trap_table"),
                d(5, 4, 9, "pv-wrmsr", "HYPERVISOR_set_segment_base"), d(6, 4, 18, "pv-mov-to-cr3"), d(7, 4, 9, "pv-iretq", "iret hypercall"),
                d(8, 4, 13, "pv-int80"), d(9, 4, 10, "pv-swapgs"), d(9, 12, 19, "pv-sysretq"));
    }

    @Test
    void hvmAndPvhTargetsHaveNoInstructionLints() {
        String c = "asm volatile(\"cli; hlt; mov %0, %%cr3\" :: \"r\"(x));\n";
        testDiagnosticsFor(target(GuestType.HVM), doc("file:///g/k.c", c));
        testDiagnosticsFor(target(GuestType.PVH), doc("file:///g/k.c", c));
    }

    @Test
    void elfNotesForTheTarget() {
        String notes = "XEN_NOTE XEN_ELFNOTE_ENTRY, .quad _start\n";
        testDiagnosticsFor(target(GuestType.PVH), doc("file:///g/head.S", notes), d(0, 9, 26, "elfnote-phys32-entry", "PHYS32_ENTRY"));
        testDiagnosticsFor(target(GuestType.PVH), doc("file:///g/head.S", notes + "XEN_NOTE XEN_ELFNOTE_PHYS32_ENTRY, .long start32\n"));
        pvAsm(notes, d(0, 9, 26, "elfnote-hypercall-page"));
    }

    @Test
    void targetFromXlCfgInAParentDirectoryAndKernelImageChecked() throws IOException {
        Files.write(dir.resolve("kernel.elf"), TestElf.elf(true)); // boots as HVM only
        Files.writeString(dir.resolve("guest.cfg"), "name = \"g\"\ntype = \"pv\"\nkernel = \"kernel.elf\"\n");
        Path src = Files.createDirectories(dir.resolve("src"));
        TextDocument c = doc(src.resolve("main.c").toUri().toString(), "void idle(void) { asm(\"hlt\"); }\n");
        List<Diagnostic> ds = testDiagnosticsFor(LINTER, c, d(0, 23, 26, "pv-hlt", "guest.cfg"));
        TextDocument s = doc(src.resolve("head.S").toUri().toString(), "XEN_NOTE XEN_ELFNOTE_ENTRY, .quad _start\n");
        ds = testDiagnosticsFor(LINTER, s, d(0, 9, 26, "elfnote-boot", "cannot boot as PV"));
        assertTrue(ds.get(0).getMessage().contains("kernel.elf"));
    }

    @Test
    void targetFromAMakefileOrFromTheSdkHeaders() throws IOException {
        Files.writeString(dir.resolve("Makefile"), "GUEST = hello\nXEN_MODE ?= hvm\n");
        TextDocument c = doc(dir.resolve("a.c").toUri().toString(), "#include <xen/xen.h>\nvoid f(void) { asm(\"cli\"); }\n");
        testDiagnosticsFor(LINTER, c);
        Path other = Files.createDirectories(dir.resolve("x/.git").getParent().resolve("y"));
        Files.createDirectories(dir.resolve("x/.git"));
        TextDocument c2 = doc(other.resolve("a.c").toUri().toString(), "#include <xen/xen.h>\nvoid f(void) { asm(\"cli\"); }\n");
        // y/ has nothing and x/ holds .git, so the search stops before the Makefile: PV from the SDK include.
        testDiagnosticsFor(LINTER, c2, d(1, 20, 23, "pv-cli", "guest-sdk"));
    }
}
