package io.xenscope.cpu.conformance;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The differential oracle: runs snippets on the host CPU through a small C harness (hostcpu.c, built
 * with the host's cc on first use) from exactly the state a case gives. Requires x86-64 Linux.
 * (Branch infra plans a general {@code io.xenscope.testing.NativeCpu}; this one is specialised for
 * batches of thousands of cases per process.)
 */
final class HostCpu {
    private static Path harness;

    private HostCpu() {
    }

    static boolean available() {
        return System.getProperty("os.name").toLowerCase().contains("linux")
                && (System.getProperty("os.arch").equals("amd64") || System.getProperty("os.arch").equals("x86_64"));
    }

    static synchronized Path harness(Path work) throws IOException, InterruptedException {
        if (harness == null) {
            Path src = work.resolve("hostcpu.c");
            try (InputStream in = HostCpu.class.getResourceAsStream("hostcpu.c")) {
                Files.write(src, in.readAllBytes());
            }
            Path exe = work.resolve("hostcpu");
            SnippetAssembler.run(work, "cc", "-O2", "-o", exe.toString(), src.toString());
            harness = exe;
        }
        return harness;
    }

    static Outcome[] run(List<ConformanceCase> cases, SnippetAssembler.Blob blob, Path work) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(harness(work).toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Outcome[] results = new Outcome[cases.size()];
        Thread writer = new Thread(() -> {
            try (OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 20)) {
                ByteBuffer b = ByteBuffer.allocate(8 * 19 + Layout.DATA_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                b.putLong(blob.code().length);
                out.write(b.array(), 0, 8);
                out.write(blob.code());
                b.clear();
                b.putLong(cases.size());
                out.write(b.array(), 0, 8);
                for (int i = 0; i < cases.size(); i++) {
                    ConformanceCase c = cases.get(i);
                    b.clear();
                    b.putLong(blob.starts()[i]);
                    for (long v : c.gpr()) {
                        b.putLong(v);
                    }
                    b.putLong(c.rflags());
                    b.put(c.data());
                    out.write(b.array(), 0, b.position());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(p.getInputStream(), 1 << 20))) {
            byte[] record = new byte[8 * 19 + Layout.DATA_SIZE];
            for (int i = 0; i < cases.size(); i++) {
                in.readFully(record);
                ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
                int signal = (int) b.getLong();
                long rip = b.getLong();
                long[] gpr = new long[16];
                for (int r = 0; r < 16; r++) {
                    gpr[r] = b.getLong();
                }
                long flags = b.getLong();
                byte[] data = new byte[Layout.DATA_SIZE];
                b.get(data);
                long end = Layout.CODE_BASE + blob.ends()[i];
                int vector = signal == 11 && rip == end ? -1 : vectorOf(signal);
                results[i] = new Outcome(vector, rip, gpr, flags, data);
            }
        }
        writer.join();
        if (p.waitFor() != 0) {
            throw new IOException("hostcpu exited with " + p.exitValue());
        }
        return results;
    }

    private static int vectorOf(int signal) {
        return switch (signal) {
            case 8 -> 0;   // SIGFPE: #DE
            case 4 -> 6;   // SIGILL: #UD
            case 11 -> 13; // SIGSEGV: #GP / #PF
            case 5 -> 1;   // SIGTRAP
            default -> 100 + signal;
        };
    }
}
