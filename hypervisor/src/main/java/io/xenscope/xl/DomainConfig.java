package io.xenscope.xl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings of an xl.cfg that boot a domain here, read as xl's parse_config_data reads them
 * (tools/xl/xl_parse.c): {@code kernel} (a path relative to the file's directory, as the language
 * server resolves it), {@code type} ("pv", "pvh", "hvm"; the legacy {@code builder = "hvm"} means hvm,
 * default pv), {@code memory} (MiB), the command line ({@code cmdline}, else {@code root=ROOT EXTRA}
 * from {@code root} and {@code extra}), {@code name} and {@code vcpus}. Absent optional settings are
 * null. Every refusal names the file and the line.
 */
public record DomainConfig(Path file, Path kernel, String type, Long memoryMiB, String cmdline, String name,
                           Long vcpus) {

    public static DomainConfig read(Path file) throws XlCfgException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new XlCfgException(file, 0, "cannot read the file: " + e.getMessage());
        }
        return parse(text, file);
    }

    /** Reads {@code text} as the contents of {@code file} (relative kernels resolve against its directory). */
    public static DomainConfig parse(String text, Path file) throws XlCfgException {
        XlCfgFile cfg = XlCfgParser.parse(text);
        if (!cfg.errors().isEmpty()) {
            XlCfgFile.SyntaxError e = cfg.errors().get(0);
            throw new XlCfgException(file, line(text, e.start()), e.message());
        }
        Reader r = new Reader(cfg, text, file);
        String type = r.string("type").map(t -> t.toLowerCase(Locale.ROOT)).orElse(null);
        if (type == null) {
            type = r.string("builder").map(b -> b.equals("hvm") ? "hvm" : "pv").orElse("pv");
        } else if (!type.equals("pv") && !type.equals("pvh") && !type.equals("hvm")) {
            throw r.error("type", "type must be \"pv\", \"pvh\" or \"hvm\", not \"" + type + "\"");
        }
        Optional<String> kernelSetting = r.string("kernel");
        if (kernelSetting.isEmpty()) {
            throw new XlCfgException(file, 0, "no kernel = \"...\" setting: the guest kernel to boot");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path kernel = dir.resolve(kernelSetting.get()).normalize();
        if (!Files.isRegularFile(kernel)) {
            throw r.error("kernel", "kernel '" + kernelSetting.get() + "' not found (looked for " + kernel + ")");
        }
        Long memory = r.number("memory").orElse(null);
        if (memory != null && memory <= 0) {
            throw r.error("memory", "memory must be a positive number of MiB");
        }
        Long vcpus = r.number("vcpus").orElse(null);
        if (vcpus != null && vcpus <= 0) {
            throw r.error("vcpus", "vcpus must be at least 1");
        }
        String cmdline = r.string("cmdline").orElse(null);
        if (cmdline == null) {
            String root = r.string("root").orElse(null);
            String extra = r.string("extra").orElse(null);
            cmdline = root != null && extra != null ? "root=" + root + " " + extra
                    : root != null ? "root=" + root : extra;
        }
        return new DomainConfig(file, kernel, type, memory, cmdline, r.string("name").orElse(null), vcpus);
    }

    /** The 1-based line of a char offset. */
    static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Typed access to the effective settings, refusing a value of the wrong type at its line. */
    private record Reader(XlCfgFile cfg, String text, Path file) {
        Optional<String> string(String key) throws XlCfgException {
            Optional<XlCfgFile.Setting> s = cfg.get(key);
            if (s.isEmpty() || s.get().value() == null) {
                return Optional.empty();
            }
            if (!(s.get().value() instanceof XlCfgFile.Str str)) {
                throw error(key, key + " must be a string (\"...\"), not a " + s.get().value().typeName());
            }
            return Optional.of(str.value());
        }

        Optional<Long> number(String key) throws XlCfgException {
            Optional<XlCfgFile.Setting> s = cfg.get(key);
            if (s.isEmpty() || s.get().value() == null) {
                return Optional.empty();
            }
            if (!(s.get().value() instanceof XlCfgFile.Num n) || n.value() == null) {
                throw error(key, key + " must be a number, not a " + s.get().value().typeName());
            }
            return Optional.of(n.value());
        }

        XlCfgException error(String key, String reason) {
            int at = cfg.get(key).map(XlCfgFile.Setting::start).orElse(-1);
            return new XlCfgException(file, at < 0 ? 0 : line(text, at), reason);
        }
    }
}
