package io.xenscope.lsp.xlcfg;

import io.xenscope.xl.XlCfgFile;
import io.xenscope.xl.XlCfgParser;
import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.lsp.DiagnosticsSource;
import io.xenscope.lsp.DocumentKind;
import io.xenscope.lsp.TextDocument;
import io.xenscope.lsp.xlcfg.KeySpec.ValueType;
import io.xenscope.xl.XlCfgFile.ListValue;
import io.xenscope.xl.XlCfgFile.Num;
import io.xenscope.xl.XlCfgFile.Setting;
import io.xenscope.xl.XlCfgFile.Str;
import io.xenscope.xl.XlCfgFile.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DiagnosticTag;

/**
 * Static checks of an xl.cfg: syntax, unknown keys (with "did you mean"), value types, ranges,
 * enumerations, deprecated keys, keys that do not apply to the guest type, and the kernel image:
 * that it exists (relative to the configuration file) and that it can boot as the chosen type.
 * Diagnostics that have a mechanical fix carry the replacement text in {@code data}.
 */
public final class XlCfgDiagnostics implements DiagnosticsSource {
    public static final String SOURCE = "xl.cfg";

    /** Diagnostic codes, for tests and code actions. */
    public static final String SYNTAX = "syntax", UNKNOWN_KEY = "unknown-key", TYPE = "type", RANGE = "range",
            ENUM = "enum", DEPRECATED = "deprecated", DUPLICATE = "duplicate-key", KERNEL_MISSING = "kernel-missing",
            KERNEL_CANNOT_BOOT = "kernel-cannot-boot", KERNEL_UNREADABLE = "kernel-unreadable", NOT_APPLICABLE = "not-applicable",
            MISSING = "missing-key";

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public boolean appliesTo(TextDocument doc) {
        return DocumentKind.of(doc) == DocumentKind.XL_CFG;
    }

    @Override
    public List<Diagnostic> diagnose(TextDocument doc) {
        XlCfgFile cfg = XlCfgParser.parse(doc.text());
        List<Diagnostic> out = new ArrayList<>();
        Ctx c = new Ctx(doc, out);
        for (XlCfgFile.SyntaxError e : cfg.errors()) {
            c.add(e.start(), e.end(), DiagnosticSeverity.Error, SYNTAX, e.message(), e.fix());
        }
        String guest = guestType(cfg);
        Map<String, Setting> seen = new HashMap<>();
        for (Setting s : cfg.settings()) {
            Setting prev = seen.put(s.key(), s);
            if (prev != null && !s.append()) {
                c.add(prev.keyStart(), prev.keyEnd(), DiagnosticSeverity.Warning, DUPLICATE,
                        "'" + s.key() + "' is set again on line " + (doc.positionAt(s.keyStart()).getLine() + 1)
                                + "; xl uses the last value", null);
            }
            Optional<KeySpec> spec = XlCfgSchema.get(s.key());
            if (spec.isEmpty()) {
                unknownKey(c, s);
                continue;
            }
            KeySpec k = spec.get();
            if (k.deprecated() != null) deprecatedKey(c, s, k);
            if (!k.appliesTo(guest) && k.deprecated() == null) {
                c.add(s.keyStart(), s.keyEnd(), DiagnosticSeverity.Warning, NOT_APPLICABLE,
                        "'" + s.key() + "' applies to " + k.guests().replace("|", "/") + " guests; it is ignored for type=\"" + guest + "\"", null);
            }
            if (s.value() != null) checkValue(c, s, k);
        }
        crossChecks(c, cfg, guest);
        kernelChecks(c, cfg, guest, doc);
        return out;
    }

    /** The guest type the file selects: type, else builder, else pv (xl's default). */
    public static String guestType(XlCfgFile cfg) {
        Optional<String> t = cfg.string("type").map(v -> v.toLowerCase(Locale.ROOT));
        if (t.isPresent() && List.of("pv", "pvh", "hvm").contains(t.get())) return t.get();
        Optional<String> b = cfg.string("builder");
        if (b.isPresent() && b.get().equals("hvm")) return "hvm";
        if (cfg.number("pvh").orElse(0L) != 0) return "pvh";
        return "pv";
    }

    private void unknownKey(Ctx c, Setting s) {
        List<String> sugg = XlCfgSchema.suggestions(s.key());
        String msg = "unknown xl.cfg key '" + s.key() + "'";
        if (!sugg.isEmpty()) msg += "; did you mean '" + String.join("' or '", sugg) + "'?";
        c.add(s.keyStart(), s.keyEnd(), DiagnosticSeverity.Warning, UNKNOWN_KEY, msg, sugg.size() == 1 ? sugg.get(0) : null);
    }

    private void deprecatedKey(Ctx c, Setting s, KeySpec k) {
        String fix = null;
        if (s.key().equals("builder") && s.value() instanceof Str v) {
            String t = v.value().equals("hvm") ? "hvm" : v.value().equals("generic") ? "pv" : null;
            if (t != null) fix = "type = \"" + t + "\"";
        } else if (s.key().equals("pvh") && s.value() instanceof Num n && n.value() != null && n.value() != 0) {
            fix = "type = \"pvh\"";
        }
        Diagnostic d = c.add(s.start(), s.end(), DiagnosticSeverity.Warning, DEPRECATED,
                "'" + s.key() + "' is deprecated: " + k.deprecated().replace("`", "")
                        + (fix != null ? " — here: " + fix : ""), fix);
        d.setTags(List.of(DiagnosticTag.Deprecated));
    }

    private void checkValue(Ctx c, Setting s, KeySpec k) {
        Value v = s.value();
        ValueType t = k.type();
        switch (t) {
            case LIST, ENUM_LIST -> {
                if (!(v instanceof ListValue l)) {
                    String fix = v instanceof Str str ? "[ \"" + str.value().replace("\"", "\\\"") + "\" ]" : null;
                    c.add(v.start(), v.end(), DiagnosticSeverity.Error, TYPE,
                            "'" + s.key() + "' takes a list: " + s.key() + " = [ \"...\", ... ]", fix);
                    return;
                }
                for (Value item : l.items()) {
                    if (item instanceof ListValue) continue; // already a syntax error
                    if (!(item instanceof Str)) {
                        c.add(item.start(), item.end(), DiagnosticSeverity.Warning, TYPE,
                                "elements of '" + s.key() + "' are strings", null);
                    }
                }
                return;
            }
            case STRING_OR_LIST -> {
                return;
            }
            default -> {
            }
        }
        if (v instanceof ListValue) {
            c.add(v.start(), v.end(), DiagnosticSeverity.Error, TYPE,
                    "'" + s.key() + "' takes a single " + t.label() + ", not a list", null);
            return;
        }
        switch (t) {
            case NUMBER, BOOLEAN -> {
                Long n;
                if (v instanceof Num num) {
                    n = num.value();
                    if (n == null) return; // syntax error already reported
                } else {
                    Str str = (Str) v;
                    n = parseLong(str.value().trim());
                    if (n == null) {
                        c.add(v.start(), v.end(), DiagnosticSeverity.Error, TYPE,
                                "'" + s.key() + "' takes a " + t.label() + (k.unit() != null ? " (in " + k.unit() + ")" : "")
                                        + ", not \"" + str.value() + "\"" + unitHint(k, str.value()), unitFix(k, str.value()));
                        return;
                    }
                    c.add(v.start(), v.end(), DiagnosticSeverity.Information, TYPE,
                            "'" + s.key() + "' is a number; xl accepts the quoted form, but write " + s.key() + " = " + str.value().trim(),
                            str.value().trim());
                }
                if (k.min() != null && n < k.min() || k.max() != null && n > k.max()) {
                    String range = t == ValueType.BOOLEAN ? "0 or 1"
                            : (k.min() != null ? k.min() : "") + "…" + (k.max() != null ? k.max() : "");
                    c.add(v.start(), v.end(), t == ValueType.BOOLEAN ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, RANGE,
                            "'" + s.key() + "' = " + n + " is out of range (" + range + (k.unit() != null ? " " + k.unit() : "") + ")", null);
                }
            }
            case ENUM -> {
                String val = v instanceof Str str ? str.value() : ((Num) v).text();
                if (!k.values().contains(val)) {
                    String lower = val.toLowerCase(Locale.ROOT);
                    String fix = null;
                    for (String e : k.values()) {
                        if (e.equals(lower) || EditDistance.of(e, lower) <= 1 && val.length() > 2) {
                            fix = "\"" + e + "\"";
                            break;
                        }
                    }
                    c.add(v.start(), v.end(), DiagnosticSeverity.Error, ENUM,
                            "'" + val + "' is not a valid " + s.key() + "; expected one of: " + String.join(", ", k.values())
                                    + (fix != null ? " (did you mean " + fix + "?)" : ""), fix);
                }
            }
            default -> {
            }
        }
    }

    private static String unitHint(KeySpec k, String s) {
        return "MiB".equals(k.unit()) && unitFix(k, s) != null ? " (xl memory sizes are plain MiB: " + k.name() + " = " + unitFix(k, s) + ")" : "";
    }

    /** "512M" → 512, "2G" → 2048 for MiB keys. */
    private static String unitFix(KeySpec k, String s) {
        if (!"MiB".equals(k.unit())) return null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\s*(\\d+)\\s*([kmgt])i?b?\\s*").matcher(s);
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        return switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> n >= 1024 ? String.valueOf(n / 1024) : null;
            case 'm' -> String.valueOf(n);
            case 'g' -> String.valueOf(n * 1024);
            default -> String.valueOf(n * 1024 * 1024);
        };
    }

    static Long parseLong(String s) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) return Long.parseLong(s.substring(2), 16);
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Optional<Long> num(XlCfgFile cfg, String key) {
        Optional<Setting> s = cfg.get(key);
        if (s.isEmpty() || s.get().value() == null) return Optional.empty();
        if (s.get().value() instanceof Num n) return Optional.ofNullable(n.value());
        if (s.get().value() instanceof Str str) return Optional.ofNullable(parseLong(str.value().trim()));
        return Optional.empty();
    }

    private void crossChecks(Ctx c, XlCfgFile cfg, String guest) {
        Optional<Long> memory = num(cfg, "memory"), maxmem = num(cfg, "maxmem");
        if (memory.isPresent() && maxmem.isPresent() && maxmem.get() < memory.get()) {
            Setting s = cfg.get("maxmem").get();
            c.add(s.value().start(), s.value().end(), DiagnosticSeverity.Error, RANGE,
                    "maxmem (" + maxmem.get() + " MiB) is less than memory (" + memory.get() + " MiB)", String.valueOf(memory.get()));
        }
        Optional<Long> vcpus = num(cfg, "vcpus"), maxvcpus = num(cfg, "maxvcpus");
        if (vcpus.isPresent() && maxvcpus.isPresent() && vcpus.get() > maxvcpus.get()) {
            Setting s = cfg.get("vcpus").get();
            c.add(s.value().start(), s.value().end(), DiagnosticSeverity.Error, RANGE,
                    "vcpus (" + vcpus.get() + ") is more than maxvcpus (" + maxvcpus.get() + ")", null);
        }
        long vmax = Math.max(vcpus.orElse(1L), maxvcpus.orElse(0L));
        if (guest.equals("pv") && vmax > 32 && vmax <= XlCfgSchema.MAX_VCPUS) {
            Setting s = cfg.get(maxvcpus.isPresent() ? "maxvcpus" : "vcpus").get();
            c.add(s.value().start(), s.value().end(), DiagnosticSeverity.Information, RANGE,
                    "a PV guest sees at most 32 vCPUs in shared_info (XEN_LEGACY_MAX_VCPUS) unless it registers vcpu_info with VCPUOP_register_vcpu_info", null);
        }
        if (cfg.get("name").isEmpty() && !cfg.settings().isEmpty()) {
            Setting first = cfg.settings().get(0);
            c.add(first.keyStart(), first.keyEnd(), DiagnosticSeverity.Warning, MISSING,
                    "no 'name': xl refuses a domain configuration without a name", null);
        }
        String builder = cfg.string("builder").orElse(null);
        Optional<String> type = cfg.string("type");
        if (builder != null && type.isPresent()) {
            String bt = builder.equals("hvm") ? "hvm" : "pv";
            if (!bt.equals(type.get())) {
                Setting s = cfg.get("builder").get();
                c.add(s.start(), s.end(), DiagnosticSeverity.Warning, DEPRECATED,
                        "builder=\"" + builder + "\" contradicts type=\"" + type.get() + "\"; xl uses type", null);
            }
        }
    }

    private void kernelChecks(Ctx c, XlCfgFile cfg, String guest, TextDocument doc) {
        Optional<Setting> ks = cfg.get("kernel");
        if (ks.isEmpty()) {
            if (!guest.equals("hvm") && cfg.get("bootloader").isEmpty() && cfg.get("firmware").isEmpty() && !cfg.settings().isEmpty()) {
                Setting t = cfg.get("type").orElse(cfg.settings().get(0));
                c.add(t.keyStart(), t.keyEnd(), DiagnosticSeverity.Warning, MISSING,
                        "a " + guest.toUpperCase(Locale.ROOT) + " guest needs a 'kernel' (or a 'bootloader')", null);
            }
            for (String key : List.of("ramdisk")) checkFileExists(c, cfg, key, doc);
            return;
        }
        for (String key : List.of("ramdisk")) checkFileExists(c, cfg, key, doc);
        Setting s = ks.get();
        if (!(s.value() instanceof Str v)) return;
        Optional<Path> file = resolve(doc, v.value());
        if (file.isEmpty()) return;
        Optional<KernelImages.Result> r = KernelImages.inspect(file.get());
        if (r.isEmpty()) {
            c.add(v.start(), v.end(), DiagnosticSeverity.Error, KERNEL_MISSING,
                    "kernel image not found: " + file.get() + (Path.of(v.value()).isAbsolute() ? "" : " (relative to this file's directory)"), null);
            return;
        }
        if (r.get().capabilities() == null) {
            c.add(v.start(), v.end(), DiagnosticSeverity.Error, KERNEL_UNREADABLE, "kernel image " + v.value() + ": " + r.get().problem(), null);
            return;
        }
        BootCapabilities caps = r.get().capabilities();
        GuestType gt = GuestType.valueOf(guest.toUpperCase(Locale.ROOT));
        if (!caps.canBoot(gt)) {
            List<String> can = new ArrayList<>();
            for (GuestType g : GuestType.values()) if (caps.canBoot(g)) can.add(g.name().toLowerCase(Locale.ROOT));
            String where = cfg.get("type").isPresent() ? "type" : "kernel";
            Setting at = cfg.get(where).get();
            Value target = at.value() != null ? at.value() : v;
            c.add(target.start(), target.end(), DiagnosticSeverity.Error, KERNEL_CANNOT_BOOT,
                    because(v.value(), guest.toUpperCase(Locale.ROOT), caps.get(gt).reason())
                            + (can.isEmpty() ? "" : " (it can boot as: " + String.join(", ", can) + ")"),
                    can.size() == 1 && where.equals("type") ? "\"" + can.get(0) + "\"" : null);
        }
    }

    /** "k.elf cannot boot as PVH: why", without repeating "cannot boot" when the reason says it. */
    public static String because(String kernel, String type, String reason) {
        return reason != null && reason.contains("cannot boot as " + type) ? kernel + ": " + reason
                : kernel + " cannot boot as " + type + ": " + reason;
    }

    private void checkFileExists(Ctx c, XlCfgFile cfg, String key, TextDocument doc) {
        Optional<Setting> s = cfg.get(key);
        if (s.isEmpty() || !(s.get().value() instanceof Str v)) return;
        Optional<Path> f = resolve(doc, v.value());
        if (f.isPresent() && !java.nio.file.Files.exists(f.get())) {
            c.add(v.start(), v.end(), DiagnosticSeverity.Error, KERNEL_MISSING, key + " not found: " + f.get(), null);
        }
    }

    /** A path from the file, resolved against the configuration's directory. */
    public static Optional<Path> resolve(TextDocument doc, String value) {
        if (value.isBlank()) return Optional.empty();
        try {
            Path p = Path.of(value);
            if (p.isAbsolute()) return Optional.of(p);
            return doc.path().map(Path::getParent).map(d -> d.resolve(p).normalize());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private record Ctx(TextDocument doc, List<Diagnostic> out) {
        Diagnostic add(int start, int end, DiagnosticSeverity sev, String code, String msg, String fix) {
            Diagnostic d = new Diagnostic(doc.rangeOf(start, end), msg, sev, SOURCE, code);
            if (fix != null) d.setData(fix);
            out.add(d);
            return d;
        }
    }
}
