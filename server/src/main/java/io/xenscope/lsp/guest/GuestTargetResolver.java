package io.xenscope.lsp.guest;

import io.xenscope.boot.elf.GuestType;
import io.xenscope.lsp.TextDocument;
import io.xenscope.lsp.xlcfg.XlCfgDiagnostics;
import io.xenscope.xl.XlCfgFile;
import io.xenscope.xl.XlCfgParser;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds which guest type a C or assembly file targets:
 * <ol>
 *   <li>an xl.cfg ({@code xl.cfg}, {@code *.cfg}, {@code *.xl}) in the file's directory or a parent,
 *       with {@code type=} (or {@code builder=}); its {@code kernel=} names the built image;</li>
 *   <li>else a Makefile ({@code Makefile}, {@code GNUmakefile}, {@code *.mk}) there that sets a mode
 *       variable ({@code XEN_MODE}, {@code GUEST_TYPE}, {@code GUEST_MODE}, {@code XENSCOPE_MODE},
 *       {@code MODE}, {@code TYPE}) to pv, pvh or hvm;</li>
 *   <li>else PV when the file includes the guest-sdk headers ({@code <xen/...>}, {@code <xenscope/...>}),
 *       which are the 64-bit PV ABI.</li>
 * </ol>
 * The search stops at a directory holding {@code .git} or after 8 levels. Directory answers are
 * cached for a second so typing does not re-scan the disk.
 */
public final class GuestTargetResolver {
    private static final Pattern MAKE_MODE = Pattern.compile(
            "(?im)^\\s*(?:export\\s+)?(?:XEN_MODE|GUEST_TYPE|GUEST_MODE|XENSCOPE_MODE|XEN_GUEST_TYPE|MODE|TYPE)\\s*[:?+]?=\\s*(pvh|pv|hvm)\\b");
    private static final Pattern SDK_INCLUDE = Pattern.compile("#\\s*include\\s*[<\"](xen|xenscope)/");
    private static final long TTL_NANOS = 1_000_000_000L;

    private record Cached(long at, Optional<GuestTarget> target) {
    }

    private static final Map<Path, Cached> CACHE = new ConcurrentHashMap<>();

    private GuestTargetResolver() {
    }

    public static Optional<GuestTarget> resolve(TextDocument doc) {
        Optional<Path> p = doc.path();
        if (p.isPresent() && p.get().getParent() != null) {
            Optional<GuestTarget> t = fromDirectories(p.get().getParent());
            if (t.isPresent()) return t;
        }
        if (SDK_INCLUDE.matcher(doc.text()).find()) {
            return Optional.of(new GuestTarget(GuestType.PV, "default: the file includes the guest-sdk (64-bit PV) headers", null, null));
        }
        return Optional.empty();
    }

    public static void clearCache() {
        CACHE.clear();
    }

    private static Optional<GuestTarget> fromDirectories(Path dir) {
        Path d = dir;
        for (int level = 0; d != null && level < 8; level++, d = d.getParent()) {
            Optional<GuestTarget> t = inDirectory(d);
            if (t.isPresent()) return t;
            if (Files.exists(d.resolve(".git"))) break;
        }
        return Optional.empty();
    }

    private static Optional<GuestTarget> inDirectory(Path dir) {
        long now = System.nanoTime();
        Cached c = CACHE.get(dir);
        if (c != null && now - c.at() < TTL_NANOS) return c.target();
        Optional<GuestTarget> t = scan(dir);
        if (CACHE.size() > 1024) CACHE.clear();
        CACHE.put(dir, new Cached(now, t));
        return t;
    }

    private static Optional<GuestTarget> scan(Path dir) {
        List<Path> cfgs = new ArrayList<>(), makefiles = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (n.equals("xl.cfg") || n.endsWith(".cfg") || n.endsWith(".xl")) cfgs.add(f);
                else if (n.equals("makefile") || n.equals("gnumakefile") || n.endsWith(".mk")) makefiles.add(f);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        cfgs.sort((a, b) -> a.getFileName().toString().equals("xl.cfg") ? -1 : b.getFileName().toString().equals("xl.cfg") ? 1 : a.compareTo(b));
        for (Path cfgPath : cfgs) {
            String text;
            try {
                if (Files.size(cfgPath) > 1 << 20) continue;
                text = Files.readString(cfgPath);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            XlCfgFile cfg = XlCfgParser.parse(text);
            if (cfg.get("type").isEmpty() && cfg.get("builder").isEmpty() && cfg.get("kernel").isEmpty()) continue;
            GuestType type = GuestType.valueOf(XlCfgDiagnostics.guestType(cfg).toUpperCase(Locale.ROOT));
            Path kernel = cfg.string("kernel").map(k -> dir.resolve(k).normalize()).orElse(null);
            String how = cfg.get("type").isPresent() ? "type=\"" + type.name().toLowerCase(Locale.ROOT) + "\"" : "xl's default type";
            return Optional.of(new GuestTarget(type, how + " in " + cfgPath, cfgPath, kernel));
        }
        for (Path mk : makefiles) {
            try {
                if (Files.size(mk) > 1 << 20) continue;
                Matcher m = MAKE_MODE.matcher(Files.readString(mk));
                if (m.find()) {
                    GuestType type = GuestType.valueOf(m.group(1).toUpperCase(Locale.ROOT));
                    return Optional.of(new GuestTarget(type, m.group().trim() + " in " + mk, null, null));
                }
            } catch (IOException | RuntimeException e) {
                // unreadable: try the next one
            }
        }
        return Optional.empty();
    }
}
