package io.xenscope.dap;

import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.debug.DebugSession;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.XenMachine;
import io.xenscope.xl.DomainConfig;
import io.xenscope.xl.XlCfgException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What a launch boots, from the request's arguments: {@code program} (the kernel: an ELF file, or for
 * HVM a Multiboot image or a raw boot disk), {@code mode} ("pv", "pvh", "hvm"; omitted: what the image
 * is, as {@link XenMachine#boot(Path, GuestType, PvBootOptions)} detects it), {@code memory} ("64M",
 * "1G" or a number of MiB), {@code cmdline}, {@code vcpus} (1-8; PV and PVH),
 * {@code stopOnEntry}, {@code symbols} (an ELF with the debug information, by default
 * {@link DebugSession#symbolsFor}), and {@code config}: an xl.cfg whose kernel, type, memory, command line,
 * name and vcpus are used where the request does not say otherwise. {@code mode} is null when it is
 * to be detected. Kept by the session, so restart boots the same again.
 */
public record LaunchConfig(Path program, GuestMode mode, Path symbols, PvBootOptions options, boolean stopOnEntry) {

    public static LaunchConfig from(Map<String, Object> a) {
        if (a == null) {
            throw new DapError("launch needs \"program\" (the guest kernel, an ELF file) or \"config\" (an xl.cfg)");
        }
        DomainConfig cfg = null;
        if (a.get("config") != null) {
            Path file = Path.of(String.valueOf(a.get("config")));
            try {
                cfg = DomainConfig.read(file);
            } catch (XlCfgException e) {
                throw new DapError("config " + e.getMessage());
            }
        }
        Path program;
        if (a.get("program") instanceof String p && !p.isBlank()) {
            program = Path.of(p);
        } else if (cfg != null) {
            program = cfg.kernel();
        } else {
            throw new DapError("launch needs \"program\" (the guest kernel, an ELF file) or \"config\" (an xl.cfg)");
        }
        if (!Files.isRegularFile(program)) {
            throw new DapError("program not found: " + program);
        }
        GuestMode mode = a.get("mode") != null ? GuestMode.of(String.valueOf(a.get("mode")))
                : cfg != null ? GuestMode.of(cfg.type()) : null;
        Path symbols;
        if (a.get("symbols") instanceof String sy && !sy.isBlank()) {
            symbols = Path.of(sy);
            if (!Files.isRegularFile(symbols)) {
                throw new DapError("symbols not found: " + symbols);
            }
        } else {
            symbols = DebugSession.symbolsFor(program);
        }
        long vcpus = a.get("vcpus") != null ? integer(a.get("vcpus"), "vcpus")
                : cfg != null && cfg.vcpus() != null ? cfg.vcpus() : 1;
        if (vcpus < 1 || vcpus > PvBootOptions.MAX_VCPUS) {
            throw new DapError("vcpus = " + vcpus + (a.get("vcpus") == null ? " in " + cfg.file() : "")
                    + ": a domain has 1 to " + PvBootOptions.MAX_VCPUS + " vCPUs");
        }
        PvBootOptions o = PvBootOptions.defaults().withVcpus((int) vcpus);
        // the domain is named as xl names it: the config's name, else after the kernel (machine view, xenstore)
        String name = cfg != null && cfg.name() != null ? cfg.name()
                : program.getFileName().toString().replaceAll("\\.(elf|bin|gz)$", "");
        if (!name.isEmpty()) {
            o = o.withName(name);
        }
        if (a.get("memory") != null) {
            o = o.withMemory(memory(a.get("memory")));
        } else if (cfg != null && cfg.memoryMiB() != null) {
            o = o.withMemory(cfg.memoryMiB() << 20);
        }
        if (a.get("cmdline") != null) {
            o = o.withCmdline(String.valueOf(a.get("cmdline")));
        } else if (cfg != null && cfg.cmdline() != null) {
            o = o.withCmdline(cfg.cmdline());
        }
        boolean stopOnEntry = Boolean.TRUE.equals(a.get("stopOnEntry")) || "true".equals(String.valueOf(a.get("stopOnEntry")));
        return new LaunchConfig(program, mode, symbols, o, stopOnEntry);
    }

    /** The mode's name, or "the detected mode" when the image decides. */
    public String modeLabel() {
        return mode == null ? "the detected mode" : mode.label();
    }

    /** Boots the guest this describes (an error response when it cannot boot, naming a mode that would). */
    public DebugSession boot() {
        byte[] image;
        byte[] debugInfo;
        try {
            image = Files.readAllBytes(program);
            debugInfo = symbols.equals(program) ? image : Files.readAllBytes(symbols);
        } catch (IOException e) {
            throw new DapError("cannot read " + e.getMessage());
        }
        try {
            XenMachine m = mode == null ? XenMachine.boot(image, null, options) : mode.boot(program, options);
            return DebugSession.of(m, debugInfo);
        } catch (DapError e) {
            throw e;
        } catch (Exception e) {
            throw new DapError("cannot boot " + program + (mode == null ? "" : " as " + mode.label()) + ": "
                    + e.getMessage() + (mode == null ? "" : otherModes(image)));
        }
    }

    /** "; it can boot as pvh (set "mode": "pvh")" when another available mode would boot the image. */
    private String otherModes(byte[] image) {
        try {
            BootCapabilities caps = BootCapabilities.of(image);
            for (GuestMode m : GuestMode.values()) {
                if (m != mode && m.available() && caps.canBoot(GuestType.valueOf(m.name()))) {
                    return "; it can boot as " + m.label() + " (set \"mode\": \"" + m.label() + "\")";
                }
            }
        } catch (Exception e) {
            // not an ELF we can read: the boot error already says so
        }
        return "";
    }

    private static long integer(Object v, String name) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new DapError("'" + name + "' must be an integer: " + v);
        }
    }

    static long memory(Object v) {
        if (v instanceof Number n) {
            return n.longValue() << 20;
        }
        String s = String.valueOf(v).trim().toUpperCase(Locale.ROOT);
        long unit = 1L << 20;
        if (s.endsWith("B")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("K")) {
            unit = 1L << 10;
        } else if (s.endsWith("M")) {
            unit = 1L << 20;
        } else if (s.endsWith("G")) {
            unit = 1L << 30;
        }
        if (!s.isEmpty() && Character.isLetter(s.charAt(s.length() - 1))) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new DapError("bad memory size '" + v + "': use e.g. \"64M\" or \"1G\"");
        }
    }
}
