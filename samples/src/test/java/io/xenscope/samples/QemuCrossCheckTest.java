package io.xenscope.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PVH and HVM samples boot under QEMU (a real PC: SeaBIOS, its multiboot and PVH loaders,
 * TCG) to their expected transcripts without the "xen: " lines: the guests and their transcripts
 * are checked against a machine XenScope did not write. {@link #assertTranscript} is the one
 * comparison; XenScope's HVM machine is checked with the same call on its console.
 */
class QemuCrossCheckTest {
    private static final String QEMU = "qemu-system-x86_64";
    private static final long TIMEOUT_SECONDS = 20;
    /** isa-debug-exit: QEMU exits with (value << 1) | 1; the guests write their shutdown reason. */
    private static final Map<String, Integer> SHUTDOWN_CODE = Map.of("poweroff", 0, "reboot", 1, "suspend", 2, "crash", 3);

    private static Path qemu;

    private static final String MISSING = QEMU + " is not installed: .ci/run installs it (Debian package qemu-system-x86)";

    @BeforeAll
    static void findQemu() {
        qemu = onPath(QEMU).orElse(null);
        if (qemu == null && "true".equals(System.getenv("CI"))) {
            fail(MISSING);
        }
    }

    /** Outside CI a missing QEMU skips each test (counted as skipped, with the reason). */
    @BeforeEach
    void needsQemu() {
        assumeTrue(qemu != null, MISSING);
    }

    /** Every sample an x86 PC can boot without Xen: PVH (QEMU's PVH loader), HVM multiboot and disk. */
    static Stream<SampleImage> pcBootable() {
        return SampleImage.all().stream().filter(s -> !s.mode().equals("pv"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pcBootable")
    void bootsUnderQemuToItsTranscriptWithoutXenLines(SampleImage sample) throws Exception {
        Transcript expected = sample.transcript().withoutXenLines();
        Boot boot = qemuBoot(sample);
        assertTranscript("QEMU", boot.console(), expected);
        assertEquals(SHUTDOWN_CODE.get(expected.shutdownReason()) << 1 | 1, boot.exitStatus(),
                "QEMU exit status: isa-debug-exit with the shutdown reason " + expected.shutdownReason()
                        + "\n" + boot.console());
    }

    /** The HVM samples: a PC with SeaBIOS and one with XenScope's BIOS give them the same facts. */
    static Stream<SampleImage> hvmSamples() {
        return SampleImage.all().stream().filter(s -> s.mode().startsWith("hvm"));
    }

    /**
     * The direct comparison: an HVM guest prints, line for line, the same text under QEMU as on
     * XenScope once its "xen: " lines are left out (same memory size, command line, memory map
     * from the BIOS, multiboot information).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hvmSamples")
    void xenScopePrintsWhatQemuPrintsApartFromXenLines(SampleImage sample) throws Exception {
        String underQemu = qemuBoot(sample).console().replace("\r\n", "\n")
                // QEMU's multiboot loader, like GRUB, starts the command line with the kernel's
                // file name and names itself; XenScope's BIOS passes the arguments alone.
                .replace("\"" + sample.bootFile() + " ", "\"")
                .replace("boot loader   \"qemu\"", "boot loader   \"XenScope\"");
        String onXenScope = XenScopeBoot.run(sample).console().lines()
                .filter(l -> !l.startsWith(Transcript.XEN_PREFIX)).map(l -> l + "\n").collect(Collectors.joining());
        assertEquals(underQemu, onXenScope);
    }

    static Stream<SampleImage> diskSamples() {
        return SampleImage.inMode("hvm-realmode");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diskSamples")
    void aBootSectorOnAHardDiskLoadsTheImageWithEddReads(SampleImage sample) throws Exception {
        Boot boot = qemuBoot(sample);
        assertTrue(boot.console().contains("boot: loaded, int 13h AH=42h\r\n"), boot.console());
    }

    /**
     * SeaBIOS has no EDD (int 13h AH=41h/42h) for floppy drives: the same disk image as a 1.44 MB
     * floppy makes the boot sector load itself with CHS reads (AH=08h geometry, AH=02h).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("diskSamples")
    void aBootSectorWithoutEddLoadsTheImageWithChsReads(SampleImage sample, @TempDir Path dir) throws Exception {
        Path floppy = dir.resolve("floppy.img");
        assertTrue(Files.size(sample.bootFile()) <= 1_474_560, sample.bootFile() + " is larger than a 1.44 MB floppy");
        Files.copy(sample.bootFile(), floppy);
        try (RandomAccessFile f = new RandomAccessFile(floppy.toFile(), "rw")) {
            f.setLength(1_474_560);
        }
        Boot boot = runQemu(sample + " (floppy)", List.of("-drive", "format=raw,if=floppy,file=" + floppy, "-boot", "a"));
        assertTranscript("QEMU", boot.console(), sample.transcript().withoutXenLines());
        assertTrue(boot.console().contains("boot: loaded, int 13h AH=02h\r\n"), boot.console());
    }

    /** A machine's console text against a transcript: the one comparison of this test. */
    static void assertTranscript(String machine, String console, Transcript expected) {
        expected.mismatch(console).ifPresent(why -> fail(machine + ": " + why));
    }

    record Boot(String console, int exitStatus) {}

    /** Boots a sample under QEMU (TCG) with COM1 on stdout and the isa-debug-exit device. */
    static Boot qemuBoot(SampleImage sample) throws IOException, InterruptedException {
        if (!Files.isRegularFile(sample.bootFile())) {
            fail(sample.bootFile() + " not built: run make -C samples");
        }
        if (sample.mode().equals("hvm-realmode")) {
            return runQemu(sample.name(), List.of("-drive", "format=raw,if=ide,file=" + sample.bootFile()));
        }
        return runQemu(sample.name(), List.of("-kernel", sample.bootFile().toString(),
                "-append", XenScopeBoot.cmdline(sample)));
    }

    static Boot runQemu(String what, List<String> media) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(qemu.toString(), "-machine", "pc", "-accel", "tcg",
                // an Intel vendor: with QEMU's default AMD one, SeaBIOS reserves the HyperTransport
                // hole at 0xfd00000000 in the memory map; XenScope's vCPU is an Intel CPU
                "-cpu", "qemu64,vendor=GenuineIntel",
                "-m", String.valueOf(XenScopeBoot.MEMORY >> 20), "-no-reboot", "-display", "none", "-monitor", "none", "-nic", "none",
                "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"));
        // No -nographic: it would hand the serial port to SeaBIOS and iPXE too (sercon), and
        // mirror int 10h output there.
        cmd.addAll(media);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), out));
        reader.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            reader.join();
            fail(what + " did not stop within " + TIMEOUT_SECONDS + " s under QEMU:\n" + out.toString(StandardCharsets.UTF_8));
        }
        reader.join();
        return new Boot(out.toString(StandardCharsets.UTF_8), p.exitValue());
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process ended: what was read is the transcript
        }
    }

    private static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
