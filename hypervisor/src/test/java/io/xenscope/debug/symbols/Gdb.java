package io.xenscope.debug.symbols;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs gdb in batch mode on an ELF file (no inferior) with a command script. */
final class Gdb {
    private Gdb() {
    }

    static String batch(Path elf, List<String> commands) {
        try {
            Path script = Files.createTempFile("gdb", ".cmd");
            try {
                List<String> all = new ArrayList<>(List.of("set pagination off", "set width 0", "set confirm off",
                        "set breakpoint pending off"));
                all.addAll(commands);
                Files.write(script, all);
                return Fixtures.run(List.of("gdb", "-nx", "-batch", "-x", script.toString(), elf.toString()),
                        elf.getParent(), null, true);
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
