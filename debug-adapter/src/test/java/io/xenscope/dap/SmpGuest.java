package io.xenscope.dap;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The two-vCPU PV test guest of the hypervisor's tests (guests/pv-smp), built here with the host gcc. */
final class SmpGuest {
    static final String TRANSCRIPT = "vCPU 0: bringing up vCPU 1\nvCPU 1: IPI from vCPU 0\nvCPU 0: IPI from vCPU 1\n";

    private SmpGuest() {
    }

    static Path elf() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && p != null; i++, p = p.getParent()) {
            Path dir = p.resolve("hypervisor/src/test/resources/guests/pv-smp");
            if (Files.isDirectory(dir)) {
                Path out = Path.of("target", "pv-smp").toAbsolutePath();
                Files.createDirectories(out);
                Path elf = out.resolve("pv-smp");
                Process gcc = new ProcessBuilder("gcc", "-nostdlib", "-static", "-no-pie", "-Wl,--build-id=none",
                        "-Wl,-z,max-page-size=4096", "-Wl,--no-warn-rwx-segments", "-Wl,-T," + dir.resolve("guest.lds"),
                        "-o", elf.toString(), dir.resolve("pv-smp.S").toString()).redirectErrorStream(true).start();
                String log = new String(gcc.getInputStream().readAllBytes());
                assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "building pv-smp failed:\n" + log);
                return elf;
            }
        }
        return fail("hypervisor/src/test/resources/guests/pv-smp not found");
    }
}
