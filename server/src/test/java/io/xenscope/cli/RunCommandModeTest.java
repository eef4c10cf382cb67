package io.xenscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code xenscope run} on HVM boot disks: mode detection, --mode, the streamed BIOS and port output, and exit codes. */
class RunCommandModeTest {
    /** mov $0x0e,%ah; mov $'H',%al; int $0x10; mov $'i',%al; int $0x10; mov $'!',%al; out %al,$0xe9; mov $0x2a,%al; out %al,$0xf4 */
    private static final byte[] HELLO_THEN_EXIT_42 = {(byte) 0xb4, 0x0e, (byte) 0xb0, 'H', (byte) 0xcd, 0x10, (byte) 0xb0, 'i',
            (byte) 0xcd, 0x10, (byte) 0xb0, '!', (byte) 0xe6, (byte) 0xe9, (byte) 0xb0, 0x2a, (byte) 0xe6, (byte) 0xf4};
    /** cli; hlt */
    private static final byte[] CLI_HLT = {(byte) 0xfa, (byte) 0xf4};

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int xenscope(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String bootDisk(byte[] code) throws IOException {
        byte[] disk = new byte[512];
        System.arraycopy(code, 0, disk, 0, code.length);
        disk[510] = 0x55;
        disk[511] = (byte) 0xaa;
        Path p = dir.resolve("disk.img");
        Files.write(p, disk);
        return p.toString();
    }

    @Test
    void aBootDiskRunsAsHvmStreamsPortOutputAndBiosScreenLinesAndExitsWithTheDebugExitStatus() throws IOException {
        assertEquals(85, xenscope("run", bootDisk(HELLO_THEN_EXIT_42)), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("!\n[bios] Hi\n\n---- xenscope: the guest ended the machine through isa-debug-exit: "
                + "exit status 85\nguest type: hvm\n"), text);
    }

    @Test
    void modeHvmIsAcceptedForABootDisk() throws IOException {
        assertEquals(85, xenscope("run", "--mode", "hvm", bootDisk(HELLO_THEN_EXIT_42)), err.toString());
        assertTrue(out.toString().startsWith("!\n[bios] Hi\n"), out.toString());
    }

    @Test
    void modePvhIsRefusedForABootDiskWithTheReason() throws IOException {
        String disk = bootDisk(HELLO_THEN_EXIT_42);
        assertEquals(2, xenscope("run", "--mode", "pvh", disk));
        assertEquals("run: " + disk + " (--mode pvh): not an ELF image: a PVH kernel is an ELF image with a "
                + "XEN_ELFNOTE_PHYS32_ENTRY note\n", err.toString());
    }

    @Test
    void anUnknownModeIsRefused() throws IOException {
        assertEquals(2, xenscope("run", "--mode", "vm", bootDisk(HELLO_THEN_EXIT_42)));
        assertEquals("run: unknown --mode vm (expected pv, pvh or hvm)\n", err.toString());
    }

    @Test
    void aFileThatIsNoImageIsRefusedWithEachTypesReason() throws IOException {
        Path p = dir.resolve("notes.txt");
        Files.writeString(p, "not a kernel");
        assertEquals(2, xenscope("run", p.toString()));
        assertTrue(err.toString().startsWith("run: " + p + ": this image cannot boot as a Xen guest: pv: not an ELF image"),
                err.toString());
    }

    @Test
    void aHungVcpuIsReportedAndTheRunFails() throws IOException {
        assertEquals(1, xenscope("run", bootDisk(CLI_HLT)));
        assertTrue(out.toString().contains("---- xenscope: domain shut down: poweroff (vCPU 0 hung: hlt with IF=0 at "
                + "RIP 0x7c01 (CS:IP 0000:7c01): nothing can wake it, so Xen took the vCPU down (hvm_vcpu_down) and, "
                + "with no vCPU online, powered the domain off)\nguest type: hvm\n"), out.toString());
    }
}
