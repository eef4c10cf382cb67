package io.xenscope.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.xenscope.boot.elf.GuestType;
import org.junit.jupiter.api.Test;

public class BootCheckTest {
    /** samples/ from the server module's directory (Maven runs tests there). */
    public static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

    /** Builds the samples with make when the image is missing. */
    public static synchronized Path sample(String name) throws IOException, InterruptedException {
        Path elf = SAMPLES.resolve(name).resolve(name);
        if (!Files.isRegularFile(elf)) {
            Process p = new ProcessBuilder("make", "-C", SAMPLES.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), "make -C samples failed:\n" + out);
        }
        assertTrue(Files.isRegularFile(elf), elf + " was not built");
        return elf;
    }

    /** The 1-based line of the only line of {@code file} containing {@code text}. */
    public static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int found = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                assertEquals(0, found, "'" + text + "' occurs more than once in " + file);
                found = i + 1;
            }
        }
        assertTrue(found > 0, "'" + text + "' not in " + file);
        return found;
    }

    @Test
    void refusedPseUpdateIsReportedAtTheCallingLine() throws Exception {
        Path elf = sample("pv-pagetables");
        BootCheck.Result r = new BootCheck().run(elf);
        for (Finding f : r.findings()) {
            System.out.println(f.gccStyle(elf.toString()));
            f.notes().forEach(n -> System.out.println("   note: " + n));
        }
        Path src = SAMPLES.resolve("pv-pagetables/pagetables.c");
        int line = lineOf(src, "rc = HYPERVISOR_mmu_update(&bad, 1, &done, DOMID_SELF);");
        assertEquals(1, r.findings().size(), r.findings().toString());
        Finding f = r.findings().get(0);
        assertEquals(Finding.Severity.ERROR, f.severity());
        assertEquals("refused-update", f.kind());
        assertNotNull(f.file());
        assertEquals(src, Path.of(f.file()).toAbsolutePath().normalize());
        assertEquals(line, f.line());
        assertTrue(f.message().contains("PSE"), f.message());
        assertTrue(f.notes().stream().anyMatch(n -> n.message().contains("level 2")), f.notes().toString());
        assertTrue(f.notes().stream().anyMatch(n -> n.file() != null && n.message().contains("main")), f.notes().toString());
        assertTrue(r.report().poweredOff());
    }

    @Test
    void helloHasNoFindings() throws Exception {
        BootCheck.Result r = new BootCheck().run(sample("hello-pv"));
        assertEquals(List.of(), r.findings());
    }

    @Test
    void unbootableImagesAreClearErrors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk");
        Files.write(junk, new byte[] {1, 2, 3});
        var e = assertThrows(BootCheck.Unbootable.class, () -> new BootCheck().run(junk));
        assertTrue(e.getMessage().contains("ELF"), e.getMessage());
        var e2 = assertThrows(BootCheck.Unbootable.class, () -> new BootCheck().run(dir.resolve("missing")));
        assertTrue(e2.getMessage().contains("no such file"), e2.getMessage());
    }

    /** Benchmark figure (printed, never asserted on time): cold = first check in a fresh JVM, warm = best of 5 in this one. */
    @Test
    void benchmarkColdAndWarm() throws Exception {
        Path elf = sample("pv-pagetables");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        long spawned = System.nanoTime();
        Process p = new ProcessBuilder(javaBin, "-cp", cp, "io.xenscope.cli.Main", "check", "--time", "--no-notes", elf.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(1, p.waitFor(), out);
        long process = System.nanoTime() - spawned;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("boot check as PV took ([0-9.]+) ms").matcher(out);
        assertTrue(m.find(), out);
        System.out.printf("BENCH boot check pv-pagetables, fresh JVM: check %s ms, whole `xenscope check` process %.0f ms%n",
                m.group(1), process / 1e6);
        long cold = new BootCheck().run(elf).nanos();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            best = Math.min(best, new BootCheck().run(elf).nanos());
        }
        System.out.printf("BENCH boot check pv-pagetables in this JVM: next run %.1f ms, warm (best of 5) %.1f ms%n", cold / 1e6, best / 1e6);
    }

    /** A guest built here: an unknown hypercall (warning at its line) and a page fault its handler turns into a crash (error at the faulting line). */
    @Test
    void unknownHypercallAndFaultAreLocated(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path sdk = SAMPLES.resolveSibling("guest-sdk");
        Files.writeString(dir.resolve("Makefile"), "GUEST = faulty\nSRCS = faulty.c\ninclude " + sdk.resolve("guest.mk") + "\n");
        Path src = dir.resolve("faulty.c");
        Files.writeString(src, String.join("\n",
                "#include <xenscope/xenscope.h>",
                "",
                "int main(void)",
                "{",
                "    long r = _hypercall0(long, 60);",
                "    printk(\"hypercall 60: %ld\\n\", r);",
                "    volatile unsigned long bad = 0x10;",
                "    *(volatile int *)bad = 1;",
                "    return 0;",
                "}",
                ""));
        Process p = new ProcessBuilder("make", "-C", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        BootCheck.Result r = new BootCheck().run(dir.resolve("faulty"));
        r.findings().forEach(f -> System.out.println(f.gccStyle("faulty")));
        assertEquals(2, r.findings().size(), r.findings().toString());
        Finding unknown = r.findings().get(0);
        assertEquals("unknown-hypercall", unknown.kind());
        assertEquals(Finding.Severity.WARNING, unknown.severity());
        assertEquals(src.toRealPath(), Path.of(unknown.file()).toRealPath());
        assertEquals(5, unknown.line());
        assertTrue(unknown.message().contains("-ENOSYS"), unknown.message());
        Finding fault = r.findings().get(1);
        assertEquals("fault", fault.kind());
        assertEquals(Finding.Severity.ERROR, fault.severity());
        assertEquals(src.toRealPath(), Path.of(fault.file()).toRealPath());
        assertEquals(8, fault.line());
        assertTrue(fault.message().contains("page fault"), fault.message());
        assertTrue(fault.notes().stream().anyMatch(n -> n.message().contains("cr2 0x10")), fault.notes().toString());
    }

    /** Builds a one-file guest in {@code dir} with guest-sdk ({@code makeMode}: "" for PV, "pvh"); returns the image. */
    static Path buildGuest(Path dir, String makeMode, String... mainBody) throws Exception {
        Path sdk = SAMPLES.resolveSibling("guest-sdk");
        Files.writeString(dir.resolve("Makefile"), "GUEST = faulty\nSRCS = faulty.c\n"
                + (makeMode.isEmpty() ? "" : "MODE = " + makeMode + "\n") + "include " + sdk.resolve("guest.mk") + "\n");
        List<String> lines = new java.util.ArrayList<>(List.of("#include <xenscope/xenscope.h>", "", "int main(void)", "{"));
        lines.addAll(List.of(mainBody));
        lines.addAll(List.of("    return 0;", "}", ""));
        Files.writeString(dir.resolve("faulty.c"), String.join("\n", lines));
        Process p = new ProcessBuilder("make", "-C", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return dir.resolve("faulty");
    }

    @Test
    void aPvhImageIsCheckedAsPvh() throws Exception {
        BootCheck.Result r = new BootCheck().run(sample("hello-pvh"));
        assertEquals(GuestType.PVH, r.mode());
        assertEquals(List.of(), r.findings());
        assertTrue(r.report().poweredOff());
    }

    @Test
    void aPvImageIsCheckedAsPvByDefault() throws Exception {
        assertEquals(GuestType.PV, new BootCheck().run(sample("hello-pv")).mode());
    }

    @Test
    void aModeTheImageCannotBootAsIsAClearError() throws Exception {
        var e = assertThrows(BootCheck.Unbootable.class, () -> new BootCheck().run(sample("hello-pv"), GuestType.PVH));
        assertTrue(e.getMessage().contains("cannot boot as a PVH guest"), e.getMessage());
    }

    @Test
    void everyGuestTypeIsCheckable() {
        assertEquals(java.util.Set.of(GuestType.PV, GuestType.PVH, GuestType.HVM), BootCheck.CHECKABLE);
    }

    @Test
    void aMultibootImageIsCheckedAsHvmWithoutFindings() throws Exception {
        BootCheck.Result r = new BootCheck().run(sample("hello-hvm"));
        assertEquals(GuestType.HVM, r.mode());
        assertEquals(List.of(), r.findings());
        assertTrue(r.report().poweredOff());
    }

    @Test
    void aBootDiskIsCheckedAsHvm() throws Exception {
        BootCheck.Result r = new BootCheck().run(sample("hvm-realmode").resolveSibling("hvm-realmode.img"));
        assertEquals(GuestType.HVM, r.mode());
        assertEquals(List.of(), r.findings());
    }

    /** The ELF32 container has no DWARF: the finding's line comes from the ELF64 next to it. */
    @Test
    void anHvmExceptionWithNoIdtIsATripleFaultAtItsLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path image = buildGuest(dir, "hvm",
                "    static const struct { uint16_t limit; uint64_t base; } __attribute__((packed)) no_idt;",
                "    __asm__ __volatile__(\"lidt %0\" : : \"m\"(no_idt));",
                "    __asm__ __volatile__(\"ud2\");");
        BootCheck.Result r = new BootCheck().run(image, GuestType.HVM);
        Finding f = r.findings().get(0);
        assertEquals(1, r.findings().size(), r.findings().toString());
        assertEquals("crash", f.kind());
        assertEquals(Finding.Severity.ERROR, f.severity());
        assertEquals(dir.resolve("faulty.c").toRealPath(), Path.of(f.file()).toRealPath());
        assertEquals(7, f.line());
        assertTrue(f.message().startsWith("triple fault"), f.message());
    }

    /** HVM exceptions go through the guest's IDT, unseen by Xen: the check watches the CPU, so the SDK handler's crash is reported at the faulting line. */
    @Test
    void anHvmExceptionTheGuestsHandlerTurnsIntoACrashIsAFaultAtItsLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path image = buildGuest(dir, "hvm", "    __asm__ __volatile__(\"ud2\");");
        BootCheck.Result r = new BootCheck().run(image, GuestType.HVM);
        assertEquals(1, r.findings().size(), r.findings().toString());
        Finding f = r.findings().get(0);
        assertEquals("fault", f.kind());
        assertEquals(Finding.Severity.ERROR, f.severity());
        assertEquals(dir.resolve("faulty.c").toRealPath(), Path.of(f.file()).toRealPath());
        assertEquals(5, f.line());
        assertTrue(f.message().startsWith("#UD invalid opcode at rip 0x"), f.message());
        assertTrue(f.message().endsWith("; the guest's handler then crashed the domain"), f.message());
    }

    /** PVH hypercalls go through the vmx stubs of the hypercall page (no pushes): the finding is still at the caller's line. */
    @Test
    void aPvhUnknownHypercallIsLocatedAtItsCall(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path elf = buildGuest(dir, "pvh",
                "    long r = _hypercall0(long, 60);",
                "    printk(\"hypercall 60: %ld\\n\", r);");
        BootCheck.Result r = new BootCheck().run(elf);
        r.findings().forEach(f -> System.out.println(f.gccStyle("faulty")));
        assertEquals(GuestType.PVH, r.mode());
        assertEquals(1, r.findings().size(), r.findings().toString());
        Finding unknown = r.findings().get(0);
        assertEquals("unknown-hypercall", unknown.kind());
        assertEquals(dir.resolve("faulty.c").toRealPath(), Path.of(unknown.file()).toRealPath());
        assertEquals(5, unknown.line());
    }
}
