package io.xenscope.lsp.xlcfg;

import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.ElfImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a kernel image on disk can boot as, cached by path, size and modification time so that
 * typing in an xl.cfg does not re-read the ELF on every keystroke.
 */
public final class KernelImages {
    /** The verdict for one file: capabilities, or why the file could not be read as ELF. */
    public record Result(BootCapabilities capabilities, String problem) {
    }

    private record Key(Path path, long size, long mtime) {
    }

    private static final Map<Key, Result> CACHE = new ConcurrentHashMap<>();

    private KernelImages() {
    }

    /** Empty when the file does not exist. */
    public static Optional<Result> inspect(Path path) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (!a.isRegularFile()) return Optional.of(new Result(null, "not a regular file"));
        Key k = new Key(path.toAbsolutePath().normalize(), a.size(), a.lastModifiedTime().toMillis());
        if (CACHE.size() > 256) CACHE.clear();
        return Optional.of(CACHE.computeIfAbsent(k, key -> {
            try {
                return new Result(BootCapabilities.of(ElfImage.read(key.path())), null);
            } catch (Exception | StackOverflowError e) {
                return new Result(null, "not a loadable ELF image: " + e.getMessage());
            }
        }));
    }
}
