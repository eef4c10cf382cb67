package io.xenscope.xen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The sample guests of ../samples (built with make and the host gcc on first use). */
final class SampleGuests {
    private SampleGuests() {
    }

    static Path samplesDir() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && p != null; i++, p = p.getParent()) {
            if (Files.isDirectory(p.resolve("samples/hello-pv"))) {
                return p.resolve("samples");
            }
        }
        throw new IllegalStateException("samples/ not found from " + Path.of("").toAbsolutePath());
    }

    static synchronized Path image(String name) throws IOException, InterruptedException {
        Path dir = samplesDir().resolve(name);
        Path elf = dir.resolve(name);
        if (!Files.exists(elf)) {
            Process p = new ProcessBuilder("make", "-s", "-C", dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(elf)) {
                throw new IllegalStateException("make " + name + " failed:\n" + out);
            }
        }
        return elf;
    }

    /** Boots a sample: samples whose name ends in "-pvh" boot as PVH guests, the others as PV. */
    static XenMachine boot(String name, PvBootOptions o) throws Exception {
        return name.endsWith("-pvh") ? XenMachine.bootPvh(image(name), o) : XenMachine.boot(image(name), o);
    }
}
