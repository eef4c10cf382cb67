package io.xenscope.lsp.guest;

import io.xenscope.boot.elf.GuestType;
import java.nio.file.Path;

/**
 * The guest type a source file is being ported to, where that came from (for messages), and the
 * kernel image the project builds when an xl.cfg names one ({@code kernel=}), else null.
 */
public record GuestTarget(GuestType type, String origin, Path config, Path kernel) {
}
