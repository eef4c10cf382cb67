package io.xenscope.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.xenscope.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code xenscope run} as a user runs it, on the sample guests. */
class RunCommandTest {
    private static final Path SAMPLES = Path.of(System.getProperty("xenscope.samples.dir", "."));

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int xenscope(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String sample(String name) {
        return SAMPLES.resolve(name).resolve(name).toString();
    }

    @Test
    void helloPvStreamsItsConsoleAndPowersOff() {
        assertEquals(0, xenscope("run", sample("hello-pv")), err.toString());
        assertTrue(out.toString().contains("Hello from a Xen PV guest!\n"), out.toString());
        assertTrue(out.toString().contains("---- xenscope: domain shut down: poweroff"), out.toString());
        assertTrue(out.toString().contains("sched_op x1"), out.toString());
    }

    @Test
    void helloPvhBootsAsPvhFromTheImageAndPrintsItsExactTranscript() throws IOException {
        assertEquals(0, xenscope("run", sample("hello-pvh")), err.toString());
        assertConsoleIsTheTranscriptOf("hello-pvh");
        assertTrue(out.toString().contains("hvm_op x"), out.toString());
    }

    @Test
    void theOneSourceHelloBuiltAsPvPrintsItsPvTranscript() throws IOException {
        assertEquals(0, xenscope("run", SampleImage.named("hello/hello-pv").image().toString()), err.toString());
        assertConsoleIsTheTranscriptOf("hello/hello-pv");
    }

    @Test
    void theOneSourceHelloBuiltAsPvhPrintsItsPvhTranscript() throws IOException {
        assertEquals(0, xenscope("run", SampleImage.named("hello/hello-pvh").image().toString()), err.toString());
        assertConsoleIsTheTranscriptOf("hello/hello-pvh");
    }

    /** The guest's console is everything before the run's summary ("\n---- xenscope: ..."). */
    private void assertConsoleIsTheTranscriptOf(String image) throws IOException {
        String text = out.toString();
        int summary = text.indexOf("\n---- xenscope:");
        assertTrue(summary >= 0, "a run summary:\n" + text);
        Transcript expected = SampleImage.named(image).transcript();
        expected.mismatch(text.substring(0, summary)).ifPresent(why -> fail(image + ": " + why));
        assertTrue(text.contains("---- xenscope: domain shut down: " + expected.shutdownReason()), text);
    }

    @Test
    void modePvhIsAcceptedForAPvhImageAndPvIsRefusedWithTheReason() {
        assertEquals(0, xenscope("run", "--mode", "pvh", sample("hello-pvh")), err.toString());
        assertTrue(out.toString().contains("Hello from a Xen PVH guest!\n"), out.toString());
        assertEquals(2, xenscope("run", "--mode", "pv", sample("hello-pvh")));
        assertTrue(err.toString().contains("generic loader"), err.toString());
    }

    @Test
    void theSummaryExplainsEveryRefusedPageTableUpdate() {
        assertEquals(0, xenscope("run", sample("pv-pagetables")), err.toString());
        String text = out.toString();
        assertTrue(text.contains("page-table updates Xen refused: 1"), text);
        assertTrue(text.contains("sets PSE (bit 7): 64-bit PV guests may not use 2 MiB superpages"), text);
    }

    @Test
    void tracingHypercallsShowsEachCallWithItsResult() {
        xenscope("run", "--trace", "hypercalls", sample("hello-pv"));
        assertTrue(out.toString().contains("[xen] xen_version(0x0"), out.toString());
    }

    @Test
    void aModeTheImageCannotBootAsIsRefusedWithTheReason() {
        assertEquals(2, xenscope("run", "--mode", "pvh", sample("hello-pv")));
        assertTrue(err.toString().contains("PHYS32_ENTRY"), err.toString());
    }

    @Test
    void aFileThatIsNotAnElfImageIsRefusedClearly(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("kernel"), "#!/bin/sh\necho not a kernel\n");
        assertEquals(2, xenscope("run", junk.toString()));
        assertTrue(err.toString().contains("not an ELF"), err.toString());
    }

    @Test
    void aBadMemorySizeIsRefusedClearly() {
        assertEquals(2, xenscope("run", "--memory", "lots", sample("hello-pv")));
        assertTrue(err.toString().contains("not a memory size: lots"), err.toString());
    }
}
