package io.xenscope.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code xenscope check}: gcc-style output and exit codes. */
class CheckCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void refusedUpdateIsAGccStyleErrorAtTheCallingLine() throws Exception {
        Path elf = BootCheckTest.sample("pv-pagetables");
        int code = run("check", "--time", elf.toString());
        System.out.print(out);
        assertEquals(1, code, out + "\n" + err);
        Path src = BootCheckTest.SAMPLES.resolve("pv-pagetables/pagetables.c");
        int line = BootCheckTest.lineOf(src, "rc = HYPERVISOR_mmu_update(&bad, 1, &done, DOMID_SELF);");
        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].startsWith(src + ":" + line + ":1: error: mmu_update failed with -EINVAL: "), lines[0]);
        assertTrue(lines[0].contains("PSE"), lines[0]);
        assertTrue(out.toString().contains(src + ":" + line + ":1: note: PTE at machine address 0x"), out.toString());
        assertTrue(out.toString().contains(src + ":" + line + ":1: note: #1 main"), out.toString());
        assertTrue(out.toString().contains("hypercall.h:"), out.toString());
        assertTrue(out.toString().contains(": 1 error, 0 warnings"), out.toString());
        assertTrue(out.toString().contains("boot check as PV took "), out.toString());
    }

    @Test
    void cleanGuestPrintsNothingAndExitsZero() throws Exception {
        int code = run("check", BootCheckTest.sample("hello-pv").toString());
        assertEquals(0, code, out + "\n" + err);
        assertEquals("", out.toString());
    }

    @Test
    void aPvhKernelIsCheckedAsPvh() throws Exception {
        int code = run("check", "--time", BootCheckTest.sample("hello-pvh").toString());
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().startsWith("boot check as PVH took "), out.toString());
    }

    @Test
    void modeHvmChecksAMultibootImage() throws Exception {
        int code = run("check", "--mode", "hvm", "--time", BootCheckTest.sample("hello-hvm").toString());
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().startsWith("boot check as HVM took "), out.toString());
    }

    @Test
    void modeOptionChoosesTheGuestTypeAndRejectsUnknownOnes() throws Exception {
        Path pv = BootCheckTest.sample("hello-pv");
        assertEquals(2, run("check", "--mode", "pvh", pv.toString()));
        assertTrue(err.toString().contains("cannot boot as a PVH guest"), err.toString());
        assertEquals(2, run("check", "--mode", "kvm", pv.toString()));
        assertTrue(err.toString().contains("unknown mode 'kvm': use pv, pvh or hvm"), err.toString());
        assertEquals(0, run("check", "--mode", "PV", pv.toString()), out + "\n" + err);
    }

    @Test
    void unbootableImagesAreClearErrorsWithExitTwo(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.elf");
        Files.writeString(junk, "not an elf");
        assertEquals(2, run("check", junk.toString()));
        assertTrue(err.toString().startsWith("xenscope check: error: " + junk + ": not a usable ELF image"), err.toString());
        assertEquals(2, run("check", dir.resolve("nope").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
    }

    @Test
    void budgetExhaustionIsAWarningNotAnError() throws Exception {
        int code = run("check", "--max-instructions", "1000", BootCheckTest.sample("hello-pv").toString());
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains(": warning: the guest did not shut down within the budget of 1,000 instructions"), out.toString());
    }
}
