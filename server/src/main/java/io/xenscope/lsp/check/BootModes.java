package io.xenscope.lsp.check;

import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.check.BootCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The modes a built kernel image can be boot-checked as, for the code lenses: read from the image
 * (an ELF, or a raw HVM image: {@link BootCapabilities}) once per file version (path, size, modification time), since lenses
 * are asked for on every edit.
 */
final class BootModes {
    private record Version(long size, long modified) {
    }

    private record Entry(Version version, List<GuestType> modes) {
    }

    private final Map<Path, Entry> cache = new ConcurrentHashMap<>();

    /** The checkable modes of {@code kernel}; empty when it is missing or bootable as nothing. */
    List<GuestType> modes(Path kernel) {
        try {
            if (!Files.isRegularFile(kernel)) return List.of();
            Version v = new Version(Files.size(kernel), Files.getLastModifiedTime(kernel).toMillis());
            Entry e = cache.get(kernel);
            if (e != null && e.version().equals(v)) return e.modes();
            List<GuestType> modes = BootCheck.checkableModes(BootCapabilities.of(Files.readAllBytes(kernel)));
            if (cache.size() > 256) cache.clear();
            cache.put(kernel, new Entry(v, modes));
            return modes;
        } catch (Exception e) {
            return List.of(); // unreadable or not an ELF: the check itself will say why
        }
    }
}
