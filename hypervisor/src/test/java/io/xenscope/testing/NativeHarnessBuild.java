package io.xenscope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Compiles the native harness (src/test/native/nativecpu.c) into target/native/ when missing or older than its source. */
final class NativeHarnessBuild {
    private NativeHarnessBuild() {
    }

    static synchronized Path ensureBuilt() {
        Path source = HostTools.moduleDir().resolve("src/test/native/nativecpu.c");
        Path binary = HostTools.targetDir().resolve("native/nativecpu");
        try {
            if (!Files.exists(source)) {
                throw new IllegalStateException("harness source not found: " + source + " (run from the hypervisor module)");
            }
            if (Files.isExecutable(binary)
                    && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) >= 0) {
                return binary;
            }
            Files.createDirectories(binary.getParent());
            // Build to a temporary name and move: parallel test JVMs never run a half-written binary.
            Path tmp = Files.createTempFile(binary.getParent(), "nativecpu", ".tmp");
            HostTools.run(List.of("gcc", "-O2", "-Wall", "-o", tmp.toString(), source.toString()));
            Files.move(tmp, binary, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
