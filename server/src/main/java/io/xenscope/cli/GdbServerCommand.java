package io.xenscope.cli;

import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.debug.DebugSession;
import io.xenscope.gdb.GdbServer;
import io.xenscope.xen.PvBootOptions;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenscope gdbserver [--mode pv|pvh] --port N KERNEL}: boots a PV or PVH kernel (without
 * --mode: PV if the image can boot so, else PVH, as its Xen notes say) stopped at its entry point and serves
 * one gdb connection on the loopback interface ({@code target remote :N}). Breakpoints are engine
 * breakpoints; {@code monitor help} lists XenScope's own commands.
 */
@Command(name = "gdbserver", mixinStandardHelpOptions = true,
        description = "Boot a PV or PVH guest stopped at its entry for gdb (target remote :PORT).")
public final class GdbServerCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KERNEL", description = "The guest kernel (an ELF image).")
    Path kernel;

    @Option(names = "--port", paramLabel = "N", defaultValue = "1234",
            description = "TCP port on 127.0.0.1 (0: any free port; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "32M", description = "Guest memory (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--cmdline", paramLabel = "TEXT", defaultValue = "", description = "Kernel command line.")
    String cmdline;

    @Option(names = "--mode", paramLabel = "pv|pvh",
            description = "Guest type (default: pv if the image's notes allow it, else pvh).")
    String mode;

    @Spec
    CommandSpec spec;

    /** PVH when asked, or when not asked and the image can boot as PVH but not as PV. */
    static boolean choosePvh(String mode, Path kernel) throws Exception {
        if (mode != null) {
            return switch (mode.toLowerCase(Locale.ROOT)) {
                case "pv" -> false;
                case "pvh" -> true;
                default -> throw new IllegalArgumentException("unknown --mode " + mode + " (expected pv or pvh)");
            };
        }
        BootCapabilities caps = BootCapabilities.of(ElfImage.read(kernel));
        return !caps.canBoot(GuestType.PV) && caps.canBoot(GuestType.PVH);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DebugSession session;
        try {
            session = DebugSession.boot(kernel, PvBootOptions.defaults().withMemory(MemorySize.parse(memory))
                    .withCmdline(cmdline), choosePvh(mode, kernel));
        } catch (Exception e) {
            err.println("gdbserver: cannot boot " + kernel + ": " + e.getMessage());
            return 2;
        }
        try (ServerSocket socket = GdbServer.listen(port)) {
            out.printf("gdbserver: %s stopped at 0x%x; listening on 127.0.0.1:%d (gdb: target remote :%d)%n",
                    kernel, session.cpu().rip, socket.getLocalPort(), socket.getLocalPort());
            out.flush();
            new GdbServer(session).acceptAndServe(socket);
            out.println("gdbserver: connection closed");
            return 0;
        } catch (Exception e) {
            err.println("gdbserver: " + e.getMessage());
            return 1;
        }
    }
}
