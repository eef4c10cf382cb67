package io.xenscope.cpu.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Assembles a batch of snippets with GNU as (Intel syntax, 64-bit) into one code blob: snippet i
 * starts at {@code starts[i]} and is followed by a HLT at {@code ends[i]}, which ends the case.
 * The encodings come from binutils, independently of our decoder.
 */
final class SnippetAssembler {
    record Blob(byte[] code, long[] starts, long[] ends) {
    }

    private SnippetAssembler() {
    }

    static Blob assemble(List<ConformanceCase> cases, Path work) throws IOException, InterruptedException {
        StringBuilder s = new StringBuilder(cases.size() * 48).append(".intel_syntax noprefix\n.text\n");
        for (int i = 0; i < cases.size(); i++) {
            s.append('s').append(i).append(":\n").append(cases.get(i).asm()).append("\ne").append(i).append(":\nhlt\n");
        }
        Path src = work.resolve("batch.s"), obj = work.resolve("batch.o"), bin = work.resolve("batch.bin");
        Files.writeString(src, s, StandardCharsets.UTF_8);
        run(work, "as", "--64", "-o", obj.toString(), src.toString());
        run(work, "objcopy", "-O", "binary", "-j", ".text", obj.toString(), bin.toString());
        String symbols = run(work, "nm", obj.toString());
        long[] starts = new long[cases.size()], ends = new long[cases.size()];
        for (String line : symbols.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) {
                continue;
            }
            char kind = f[2].charAt(0);
            if (kind != 's' && kind != 'e') {
                continue;
            }
            int index = Integer.parseInt(f[2].substring(1));
            (kind == 's' ? starts : ends)[index] = Long.parseUnsignedLong(f[0], 16);
        }
        return new Blob(Files.readAllBytes(bin), starts, ends);
    }

    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            String text = Files.readString(out);
            throw new IOException(String.join(" ", command) + " failed:\n" + text.substring(0, Math.min(4000, text.length())));
        }
        String text = Files.readString(out);
        Files.delete(out);
        return text;
    }
}
