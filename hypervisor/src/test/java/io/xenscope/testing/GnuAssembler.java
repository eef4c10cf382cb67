package io.xenscope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Assembles x86 snippets with GNU {@code as} into raw bytes, for tests that need machine code.
 *
 * <p>A snippet is the text of instructions (and local labels), as you would write it between
 * {@code .text} and the end of a file, in AT&T or Intel ({@code noprefix}) syntax, for 16-, 32- or
 * 64-bit code. It is assembled at offset 0 of its own (to the snippet) section; branches between its
 * own labels work, references to absolute addresses ({@code movabs 0x10000000, %rax}) work, symbols
 * outside it do not. A snippet must not switch sections.
 *
 * <p>Results are cached on disk under {@code target/asm-cache/}, keyed by a hash of the assembler's
 * version, mode, syntax and text, so a second test run starts no process at all. {@link #assembleAll}
 * assembles every uncached snippet of a list with one {@code as}, one {@code objcopy} and one
 * {@code nm}; if that batch fails it falls back to one run per snippet, so an error names its snippet.
 *
 * <pre>{@code
 * GnuAssembler as = GnuAssembler.inTarget();
 * byte[] add = as.assemble(Mode.CODE64, Syntax.ATT, "add %rbx, %rax");          // 48 01 d8
 * byte[] mov = as.assemble(Mode.CODE32, Syntax.INTEL, "mov eax, [ebx+4]");
 * }</pre>
 * Thread-safe (no shared mutable state besides the cache files, which are replaced atomically).
 */
public final class GnuAssembler {
    public enum Mode {
        CODE16(".code16"), CODE32(".code32"), CODE64(".code64");

        final String directive;

        Mode(String directive) {
            this.directive = directive;
        }
    }

    public enum Syntax {
        ATT(".att_syntax prefix"), INTEL(".intel_syntax noprefix");

        final String directive;

        Syntax(String directive) {
            this.directive = directive;
        }
    }

    /** Assembly failed: the message carries {@code as}'s diagnostics. */
    public static final class AssemblyException extends RuntimeException {
        AssemblyException(String message) {
            super(message);
        }
    }

    private static volatile String asVersion;
    private final Path cacheDir;

    public GnuAssembler(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** An assembler caching under the module's {@code target/asm-cache}. */
    public static GnuAssembler inTarget() {
        return new GnuAssembler(HostTools.targetDir().resolve("asm-cache"));
    }

    public byte[] assemble(Mode mode, Syntax syntax, String source) {
        return assembleAll(mode, syntax, List.of(source)).get(0);
    }

    /** 64-bit AT&T: the common case. */
    public byte[] assemble64(String source) {
        return assemble(Mode.CODE64, Syntax.ATT, source);
    }

    /** Assembles each snippet separately (results in the same order), starting at most one batch of tools. */
    public List<byte[]> assembleAll(Mode mode, Syntax syntax, List<String> sources) {
        byte[][] out = new byte[sources.size()][];
        Map<String, List<Integer>> missing = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            String key = key(mode, syntax, sources.get(i));
            keys.add(key);
            byte[] cached = readCache(key);
            if (cached != null) {
                out[i] = cached;
            } else {
                missing.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<String> keyList = new ArrayList<>(missing.keySet());
            List<String> texts = keyList.stream().map(k -> sources.get(missing.get(k).get(0))).toList();
            List<byte[]> built;
            try {
                built = runTools(mode, syntax, texts);
            } catch (HostTools.ToolFailure batchFailure) {
                if (texts.size() == 1) {
                    throw new AssemblyException(batchFailure.getMessage());
                }
                built = new ArrayList<>();
                for (String t : texts) {
                    built.add(assembleUncached(mode, syntax, t));
                }
            }
            for (int j = 0; j < keyList.size(); j++) {
                writeCache(keyList.get(j), built.get(j));
                for (int i : missing.get(keyList.get(j))) {
                    out[i] = built.get(j);
                }
            }
        }
        return Arrays.asList(out);
    }

    private byte[] assembleUncached(Mode mode, Syntax syntax, String text) {
        try {
            return runTools(mode, syntax, List.of(text)).get(0);
        } catch (HostTools.ToolFailure e) {
            throw new AssemblyException("cannot assemble:\n" + text + "\n" + e.getMessage());
        }
    }

    /** One as + objcopy + nm over all snippets, delimited by start/end labels in one .text section. */
    private List<byte[]> runTools(Mode mode, Syntax syntax, List<String> texts) {
        try {
            Files.createDirectories(cacheDir);
            Path dir = Files.createTempDirectory(cacheDir, "batch");
            try {
                StringBuilder s = new StringBuilder(".text\n");
                for (int i = 0; i < texts.size(); i++) {
                    s.append(".att_syntax prefix\n__xs_start_").append(i).append(":\n")
                            .append(mode.directive).append('\n').append(syntax.directive).append('\n')
                            .append(texts.get(i)).append('\n')
                            .append(".att_syntax prefix\n.code64\n__xs_end_").append(i).append(":\n");
                }
                Path src = dir.resolve("batch.s"), obj = dir.resolve("batch.o"), bin = dir.resolve("batch.bin");
                Files.writeString(src, s.toString());
                HostTools.run(List.of("as", "--64", "-o", obj.toString(), src.toString()));
                HostTools.run(List.of("objcopy", "-O", "binary", "-j", ".text", obj.toString(), bin.toString()));
                Map<String, Integer> symbols = symbols(HostTools.run(List.of("nm", obj.toString())));
                byte[] all = Files.exists(bin) ? Files.readAllBytes(bin) : new byte[0];
                List<byte[]> result = new ArrayList<>();
                for (int i = 0; i < texts.size(); i++) {
                    int from = symbols.get("__xs_start_" + i), to = symbols.get("__xs_end_" + i);
                    result.add(Arrays.copyOfRange(all, from, to));
                }
                return result;
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Integer> symbols(String nmOutput) {
        Map<String, Integer> m = new HashMap<>();
        for (String line : nmOutput.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[2].startsWith("__xs_")) {
                m.put(f[2], Integer.parseInt(f[0], 16));
            }
        }
        return m;
    }

    private static String key(Mode mode, Syntax syntax, String source) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((version() + "\0" + mode + "\0" + syntax + "\0" + source).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first line of {@code as --version}: a binutils upgrade invalidates the cache. */
    private static String version() {
        String v = asVersion;
        if (v == null) {
            v = HostTools.run(List.of("as", "--version")).lines().findFirst().orElse("");
            asVersion = v;
        }
        return v;
    }

    private Path cacheFile(String key) {
        return cacheDir.resolve(key.substring(0, 2)).resolve(key + ".bin");
    }

    private byte[] readCache(String key) {
        try {
            Path f = cacheFile(key);
            return Files.exists(f) ? Files.readAllBytes(f) : null;
        } catch (IOException e) {
            return null; // a damaged cache only costs a rebuild
        }
    }

    private void writeCache(String key, byte[] bytes) {
        try {
            Path f = cacheFile(key);
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), "asm", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
