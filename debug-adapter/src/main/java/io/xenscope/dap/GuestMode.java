package io.xenscope.dap;

import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.XenMachine;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The launch {@code mode}: how the guest is built, as xl.cfg's {@code type}. A mode without a
 * builder answers that it is not available in this build.
 */
public enum GuestMode {
    PV(XenMachine::boot),
    PVH(XenMachine::bootPvh),
    HVM(XenMachine::bootHvm);

    /** Builds and boots a domain from a kernel image. */
    @FunctionalInterface
    public interface Builder {
        XenMachine boot(Path elf, PvBootOptions options) throws Exception;
    }

    private final Builder builder;

    GuestMode(Builder builder) {
        this.builder = builder;
    }

    public static GuestMode of(String name) {
        for (GuestMode m : values()) {
            if (m.name().equalsIgnoreCase(name.trim())) {
                return m;
            }
        }
        throw new DapError("mode '" + name + "' is not one of \"pv\", \"pvh\", \"hvm\"");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this build can boot guests of this mode. */
    public boolean available() {
        return builder != null;
    }

    public XenMachine boot(Path elf, PvBootOptions options) throws Exception {
        if (builder == null) {
            throw new DapError(name() + " is not available in this build: launch the kernel as \"pv\" or \"pvh\"");
        }
        return builder.boot(elf, options);
    }
}
