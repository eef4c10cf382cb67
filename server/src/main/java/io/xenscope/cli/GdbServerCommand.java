package io.xenscope.cli;

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
 * {@code xenscope gdbserver [--mode pv|pvh|hvm] --port N KERNEL}: boots a kernel (without --mode: as
 * what the image is, as {@code XenMachine.boot} detects it: PHYS32_ENTRY → PVH, PV notes → PV, a
 * Multiboot header or a boot disk → HVM) stopped at its entry point — for HVM the reset vector, in
 * real mode — and serves one gdb connection on the loopback interface ({@code target remote :N}).
 * Breakpoints are engine breakpoints; {@code monitor help} lists XenScope's own commands.
 */
@Command(name = "gdbserver", mixinStandardHelpOptions = true,
        description = "Boot a PV, PVH or HVM guest stopped at its entry for gdb (target remote :PORT).")
public final class GdbServerCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KERNEL",
            description = "The guest kernel: an ELF image, or for HVM a Multiboot image or a raw boot disk.")
    Path kernel;

    @Option(names = "--port", paramLabel = "N", defaultValue = "1234",
            description = "TCP port on 127.0.0.1 (0: any free port; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "32M", description = "Guest memory (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--vcpus", paramLabel = "N", defaultValue = "1",
            description = "vCPUs (1-8; PV and PVH guests; gdb sees each online vCPU as a thread; default: ${DEFAULT-VALUE}).")
    int vcpus;

    @Option(names = "--cmdline", paramLabel = "TEXT", defaultValue = "", description = "Kernel command line.")
    String cmdline;

    @Option(names = "--mode", paramLabel = "pv|pvh|hvm",
            description = "Guest type (default: what the image is).")
    String mode;

    @Option(names = "--symbols", paramLabel = "ELF",
            description = "The ELF with the debug information (default: KERNEL.elf64, or for NAME.img the ELF NAME, when present; else KERNEL).")
    Path symbols;

    @Spec
    CommandSpec spec;

    /** The guest type asked for; null (detect from the image) without one. */
    static GuestType chooseMode(String mode) {
        if (mode == null) {
            return null;
        }
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "pv" -> GuestType.PV;
            case "pvh" -> GuestType.PVH;
            case "hvm" -> GuestType.HVM;
            default -> throw new IllegalArgumentException("unknown --mode " + mode + " (expected pv, pvh or hvm)");
        };
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (symbols != null && !java.nio.file.Files.isRegularFile(symbols)) {
            err.println("gdbserver: symbols not found: " + symbols);
            return 2;
        }
        DebugSession session;
        try {
            session = DebugSession.boot(kernel, chooseMode(mode), PvBootOptions.defaults()
                    .withMemory(MemorySize.parse(memory)).withCmdline(cmdline).withVcpus(vcpus), symbols);
        } catch (Exception e) {
            err.println("gdbserver: cannot boot " + kernel + ": " + e.getMessage());
            return 2;
        }
        try (ServerSocket socket = GdbServer.listen(port)) {
            out.printf("gdbserver: %s (%s) stopped at 0x%x; listening on 127.0.0.1:%d (gdb: target remote :%d)%n",
                    kernel, session.machine().mode().name().toLowerCase(Locale.ROOT), session.pc(),
                    socket.getLocalPort(), socket.getLocalPort());
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
