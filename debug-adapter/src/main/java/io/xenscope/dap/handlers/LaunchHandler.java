package io.xenscope.dap.handlers;

import io.xenscope.dap.DapContext;
import io.xenscope.dap.DapError;
import io.xenscope.dap.Handler;
import io.xenscope.debug.DebugSession;
import io.xenscope.xen.PvBootOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * launch: boots {@code program} (a kernel ELF) as a PV guest, stopped at its entry. Arguments:
 * {@code program}, {@code mode} ("pv"; pvh and hvm are not built yet), {@code memory} ("64M", "1G" or
 * a number of MiB), {@code cmdline}, {@code stopOnEntry}. The initialized event follows the response.
 */
public final class LaunchHandler implements Handler<Map<String, Object>, Void> {
    @Override
    public Void handle(Map<String, Object> a, DapContext ctx) throws Exception {
        if (ctx.isLaunched()) {
            throw new DapError("a guest is already launched in this session");
        }
        if (a == null || !(a.get("program") instanceof String program) || program.isBlank()) {
            throw new DapError("launch needs \"program\": the path of the guest kernel (an ELF file)");
        }
        String mode = a.get("mode") == null ? "pv" : String.valueOf(a.get("mode")).toLowerCase(Locale.ROOT);
        if (!mode.equals("pv")) {
            throw new DapError("mode '" + mode + "' is not supported yet: only \"pv\" guests can be launched");
        }
        Path elf = Path.of(program);
        if (!Files.isRegularFile(elf)) {
            throw new DapError("program not found: " + program);
        }
        PvBootOptions options = PvBootOptions.defaults();
        // the domain is named after the kernel, as xl names it after the config (machine view, xenstore)
        String name = elf.getFileName().toString().replaceAll("\\.(elf|bin|gz)$", "");
        if (!name.isEmpty()) {
            options = new PvBootOptions(options.memoryBytes(), options.cmdline(), options.identityP2m(), options.seed(),
                    options.domid(), name, options.realTime(), options.debugXen());
        }
        if (a.get("memory") != null) {
            options = options.withMemory(memory(a.get("memory")));
        }
        if (a.get("cmdline") != null) {
            options = options.withCmdline(String.valueOf(a.get("cmdline")));
        }
        boolean stopOnEntry = Boolean.TRUE.equals(a.get("stopOnEntry"))
                || "true".equals(String.valueOf(a.get("stopOnEntry")));
        DebugSession s;
        try {
            s = DebugSession.boot(elf, options);
        } catch (Exception e) {
            throw new DapError("cannot boot " + program + ": " + e.getMessage());
        }
        ctx.launched(s, elf, stopOnEntry);
        if (s.symbols() == null || !s.symbols().hasLineInfo()) {
            ctx.output("console", "XenScope: no line information in " + program + " (build with -g for source breakpoints)\n");
        }
        ctx.afterResponse(() -> ctx.client().initialized());
        return null;
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
