package io.xenscope.cpu.disasm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Real compiled x86-64 code for the oracle tests: .text sections of the host's own libraries, extracted with objcopy. */
final class HostCode {
    /** A piece of code and the address it is linked at. */
    record Text(String name, byte[] bytes, long vma) {
    }

    private HostCode() {
    }

    static final Path LIBC = Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6");
    static final Path LIBJVM = Path.of(System.getProperty("java.home"), "lib/server/libjvm.so");

    /** glibc's whole .text (about 1.3 MiB, with hand-written SSE/AVX string functions) and 1 MiB of HotSpot's (gcc -O2 C++). */
    static List<Text> corpus() {
        Text libc = text(LIBC, Integer.MAX_VALUE);
        Text jvm = text(LIBJVM, 1 << 20);
        return List.of(libc, jvm);
    }

    static Text text(Path elf, int maxBytes) {
        try {
            Path out = Files.createTempFile("xenscope-text", ".bin");
            try {
                run("objcopy", "-O", "binary", "--only-section=.text", elf.toString(), out.toString());
                byte[] b = Files.readAllBytes(out);
                return new Text(elf.getFileName().toString(), Arrays.copyOf(b, Math.min(b.length, maxBytes)), textVma(elf));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("objcopy (binutils) is required for the oracle tests", e);
        }
    }

    private static long textVma(Path elf) throws IOException {
        String out = run("objdump", "-h", elf.toString());
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 4 && f[1].equals(".text")) {
                return Long.parseUnsignedLong(f[3], 16);
            }
        }
        throw new IllegalStateException("no .text in " + elf);
    }

    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }
}
