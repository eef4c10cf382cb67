package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.CodeSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs GNU objdump over raw bytes and parses its listing: the oracle the disassembler is held to. */
final class Objdump {
    /** One line of objdump's listing; length is the distance to the next line. */
    record Line(long address, String text) {
    }

    private Objdump() {
    }

    static String machine(CodeSize mode) {
        return switch (mode) {
            case BITS64 -> "i386:x86-64";
            case BITS32 -> "i386";
            case BITS16 -> "i8086";
        };
    }

    /** Disassembles {@code code} loaded at {@code vma}; returns the listing lines in order. */
    static List<Line> disassemble(byte[] code, long vma, CodeSize mode, boolean intel) {
        try {
            Path f = Files.createTempFile("xenscope-oracle", ".bin");
            try {
                Files.write(f, code);
                List<String> cmd = new ArrayList<>(List.of("objdump", "-D", "-b", "binary", "-m", machine(mode),
                        "-w", "--no-show-raw-insn", "--adjust-vma=0x" + Long.toHexString(vma)));
                if (intel) {
                    cmd.add("-M");
                    cmd.add("intel");
                }
                cmd.add(f.toString());
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("objdump failed: " + new String(out, StandardCharsets.UTF_8));
                }
                return parse(new String(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GNU objdump is required for the oracle tests (apt-get install binutils)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Line> parse(String listing) {
        List<Line> lines = new ArrayList<>();
        for (String l : listing.split("\n")) {
            int colon = l.indexOf(":\t");
            if (colon < 0 || !l.startsWith(" ")) {
                continue;
            }
            String addr = l.substring(0, colon).trim();
            if (addr.isEmpty() || !addr.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                continue;
            }
            lines.add(new Line(Long.parseUnsignedLong(addr, 16), l.substring(colon + 2)));
        }
        return lines;
    }

    /** Whitespace collapsed, "# comment" dropped: the form both sides are compared in. */
    static String normalize(String s) {
        int hash = s.indexOf(" #");
        if (hash < 0) {
            hash = s.indexOf("\t#");
        }
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        return s.trim().replaceAll("\\s+", " ");
    }
}
