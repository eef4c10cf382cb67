package io.xenscope.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Builds a test guest ELF from one assembly source and a linker script with the host's gcc
 * (freestanding, static, no build id), cached under {@code target/<cacheDir>} by the content of
 * both, so a suite builds each guest once.
 */
public final class GuestLinker {
    private GuestLinker() {
    }

    public static byte[] link(String source, String linkerScript, String cacheDir) {
        try {
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((source + linkerScript).getBytes(StandardCharsets.UTF_8))).substring(0, 24);
            Path dir = Path.of("target", cacheDir).toAbsolutePath();
            Files.createDirectories(dir);
            Path elf = dir.resolve(key + ".elf");
            if (!Files.exists(elf)) {
                Path s = dir.resolve(key + ".s");
                Path lds = dir.resolve(key + ".lds");
                Files.writeString(s, source);
                Files.writeString(lds, linkerScript);
                Path tmp = dir.resolve(key + ".tmp");
                Process p = new ProcessBuilder("gcc", "-nostdlib", "-static", "-no-pie", "-Wl,--build-id=none",
                        "-Wl,-z,max-page-size=4096", "-Wl,--no-warn-rwx-segments", "-Wl,-T," + lds, "-o", tmp.toString(),
                        s.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("building the test guest failed:\n" + out + "\n" + source);
                }
                Files.move(tmp, elf, StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readAllBytes(elf);
        } catch (IOException | InterruptedException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
