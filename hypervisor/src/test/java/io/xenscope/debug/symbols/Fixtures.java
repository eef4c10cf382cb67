package io.xenscope.debug.symbols;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test programs built with the host gcc at test time: a freestanding "kernel" linked at
 * 0xffffffff80000000 (like a PV kernel) in several flag variants, and a hosted program that
 * snapshots its own stack for the unwinder test. Builds are cached under target/ by a hash of the
 * sources and flags.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** A build variant: a name and the gcc flags. */
    record Variant(String name, List<String> flags) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<String> FREESTANDING = List.of("-ffreestanding", "-fno-pie", "-mcmodel=kernel", "-mno-red-zone",
            "-fno-stack-protector");

    static List<Variant> kernelVariants() {
        List<Variant> v = new ArrayList<>();
        for (String o : new String[] {"-O0", "-O2"}) {
            for (String d : new String[] {"-gdwarf-4", "-gdwarf-5"}) {
                for (String fp : new String[] {"-fno-omit-frame-pointer", "-fomit-frame-pointer"}) {
                    v.add(new Variant(o.substring(1) + d.substring(2) + (fp.contains("no-omit") ? "-fp" : "-nofp"),
                            List.of(o, d, fp)));
                }
            }
        }
        // CFI in .debug_frame instead of .eh_frame
        v.add(new Variant("O2-debug_frame", List.of("-O2", "-gdwarf-5", "-fomit-frame-pointer",
                "-fno-asynchronous-unwind-tables", "-fno-unwind-tables")));
        v.add(new Variant("O1-dwarf3", List.of("-O1", "-gdwarf-3", "-fno-omit-frame-pointer")));
        v.add(new Variant("O1-dwarf4-debug_frame", List.of("-O1", "-gdwarf-4", "-fno-omit-frame-pointer",
                "-fno-asynchronous-unwind-tables", "-fno-unwind-tables")));
        return v;
    }

    /** The kernel without -g: ELF symbols and .eh_frame only. */
    static final Variant NO_DEBUG = new Variant("O2-nodebug", List.of("-O2", "-fno-omit-frame-pointer"));

    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    static Path sources() {
        return moduleDir().resolve("src/test/resources/dwarf");
    }

    /** Builds (or reuses) the freestanding kernel for a variant; returns the ELF path. */
    static synchronized Path kernel(Variant v) {
        return build("kernel-" + v.name(), v.flags(), dir -> {
            List<String> objs = new ArrayList<>();
            for (String src : new String[] {"src/kern.c", "src/lib/lib.c"}) {
                String obj = Path.of(src).getFileName().toString().replace(".c", ".o");
                List<String> cmd = new ArrayList<>(List.of("gcc", "-c", "-Iinclude"));
                cmd.addAll(FREESTANDING);
                cmd.addAll(v.flags());
                cmd.addAll(List.of(src, "-o", obj));
                run(cmd, dir);
                objs.add(obj);
            }
            List<String> link = new ArrayList<>(List.of("gcc", "-nostdlib", "-static", "-no-pie", "-Wl,-T,kernel.ld",
                    "-Wl,--no-warn-rwx-segments", "-o", "out.elf"));
            link.addAll(objs);
            run(link, dir);
        });
    }

    /** Builds the hosted stack-snapshot program (non-PIE, dynamically linked). */
    static synchronized Path snapshotProgram(Variant v) {
        return build("snap-" + v.name(), v.flags(), dir -> {
            List<String> cmd = new ArrayList<>(List.of("gcc", "-no-pie", "-fno-pie"));
            cmd.addAll(v.flags());
            cmd.addAll(List.of("snapshot.c", "-o", "out.elf"));
            run(cmd, dir);
        });
    }

    /** A hosted program with -fexceptions cleanups: "zPLR" CIEs, LSDA pointers, a PLT FDE with a CFA expression. */
    static synchronized Path cleanupProgram() {
        return build("cleanup", List.of("-O2", "-g", "-fexceptions"), dir -> run(List.of("gcc", "-O2", "-g", "-fexceptions",
                "-no-pie", "-fno-pie", "cleanup.c", "-o", "out.elf"), dir));
    }

    interface BuildStep {
        void build(Path dir) throws IOException;
    }

    private static Path build(String name, List<String> flags, BuildStep step) {
        try {
            String key = hash(flags);
            // built in place (not moved afterwards) so DW_AT_comp_dir names a directory that exists
            Path dir = moduleDir().resolve("target/dwarf-fixtures/" + name + "-" + key);
            Path out = dir.resolve("out.elf");
            if (Files.exists(out)) {
                return out;
            }
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            copyTree(sources(), dir);
            step.build(dir);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(List<String> flags) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(String.join(" ", flags).getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> s = Files.walk(sources())) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    md.update(p.toString().getBytes(StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(p));
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Runs a command in a directory; returns stdout; fails with stderr. stdin gets {@code input}. */
    static String run(List<String> cmd, Path dir) {
        return run(cmd, dir, null);
    }

    static String run(List<String> cmd, Path dir, String input) {
        return run(cmd, dir, input, false);
    }

    /** With {@code mergeStderr}, stderr is appended to the output and a failing exit status is tolerated. */
    static String run(List<String> cmd, Path dir, String input, boolean mergeStderr) {
        try {
            Path errFile = Files.createTempFile("fixture", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd);
                if (mergeStderr) {
                    pb.redirectErrorStream(true);
                } else {
                    pb.redirectError(errFile.toFile());
                }
                if (dir != null) {
                    pb.directory(dir.toFile());
                }
                Process p = pb.start();
                Thread feeder = new Thread(() -> {
                    try (var os = p.getOutputStream()) {
                        if (input != null) {
                            os.write(input.getBytes(StandardCharsets.UTF_8));
                        }
                    } catch (IOException ignored) {
                        // the process may exit early
                    }
                });
                feeder.start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timeout: " + cmd);
                }
                feeder.join();
                if (p.exitValue() != 0 && !mergeStderr) {
                    throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n"
                            + Files.readString(errFile));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(errFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
