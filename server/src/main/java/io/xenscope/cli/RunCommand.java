package io.xenscope.cli;

import io.xenscope.boot.elf.ElfFormatException;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.debug.ConsoleView;
import io.xenscope.xen.MachineEvent;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.XenMachine;
import io.xenscope.xen.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenscope run}: boots a guest on the emulated Xen machine as PV, PVH or HVM ({@code --mode},
 * default: what the image is, see {@link XenMachine#boot(Path, GuestType, PvBootOptions)}), streams
 * its console (Xen's console ring and console_io, and for HVM COM1 and port 0xE9; the text an HVM
 * guest puts on the screen through the BIOS's int 10h comes line by line, marked "[bios] "), and ends with a one-screen summary: how it stopped, the guest type, instructions and MIPS,
 * hypercalls by name, and every page-table update Xen refused with the rule it broke. Exit status:
 * 0 when the guest powered off, the status of isa-debug-exit when an HVM guest wrote to it, 1 when
 * it stopped any other way (a hung vCPU included), 2 when it could not be booted as asked.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Boot a guest kernel on the emulated Xen machine and report what happened.")
public final class RunCommand implements Callable<Integer> {
    /** What --trace can show as it happens. */
    enum Trace { hypercalls, faults, pt }

    @Parameters(index = "0", paramLabel = "KERNEL",
            description = "The guest: an ELF kernel (PV, PVH, or Multiboot for HVM), a raw Multiboot image, or a boot disk.")
    Path kernel;

    @Option(names = "--mode", paramLabel = "pv|pvh|hvm",
            description = "Guest type (default: PVH with a PHYS32_ENTRY note, else PV with PV notes, else HVM).")
    String mode;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "32M",
            description = "Guest memory, e.g. 64M or 1G (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--cmdline", paramLabel = "TEXT", defaultValue = "", description = "Kernel command line.")
    String cmdline;

    @Option(names = "--vcpus", paramLabel = "N", defaultValue = "1",
            description = "vCPUs (xl's vcpus, 1-8; vCPU 0 starts, the guest brings up the others: VCPUOP_up, or for HVM INIT-SIPI; default: ${DEFAULT-VALUE}).")
    int vcpus;

    @Option(names = "--identity-p2m",
            description = "PV: machine frames equal pseudo-physical frames (default: shuffled, as on a real host).")
    boolean identityP2m;

    @Option(names = "--trace", split = ",", paramLabel = "WHAT",
            description = "Show as they happen: ${COMPLETION-CANDIDATES} (comma-separated).")
    Set<Trace> trace = EnumSet.noneOf(Trace.class);

    @Option(names = "--max-instructions", paramLabel = "N", defaultValue = "10000000000",
            description = "Stop after this many guest instructions (default: ${DEFAULT-VALUE}).")
    long maxInstructions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long memoryBytes;
        try {
            memoryBytes = MemorySize.parse(memory);
        } catch (IllegalArgumentException e) {
            err.println("run: " + e.getMessage());
            return 2;
        }
        GuestType asked = null;
        if (mode != null) {
            try {
                asked = GuestType.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("run: unknown --mode " + mode + " (expected pv, pvh or hvm)");
                return 2;
            }
        }
        long bootStarted = System.nanoTime();
        XenMachine machine;
        try {
            PvBootOptions options = PvBootOptions.defaults().withMemory(memoryBytes).withCmdline(cmdline)
                    .withIdentityP2m(identityP2m).withVcpus(vcpus);
            machine = XenMachine.boot(kernel, asked, options);
        } catch (IOException e) {
            err.println("run: cannot read " + kernel + ": " + e.getMessage());
            return 2;
        } catch (ElfFormatException | XenImageException e) {
            err.println("run: " + kernel + (asked == null ? "" : " (--mode " + mode.toLowerCase(Locale.ROOT) + ")")
                    + ": " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("run: " + e.getMessage());
            return 2;
        }
        long[] firstOutput = {-1};
        machine.addListener(event -> {
            if (firstOutput[0] < 0 && event instanceof MachineEvent.ConsoleOutput) {
                firstOutput[0] = System.nanoTime() - bootStarted;
            }
            show(event, out);
        });
        long started = System.nanoTime();
        RunReport report = machine.run(maxInstructions);
        long nanos = System.nanoTime() - started;
        out.print(consoleView.flush());
        out.flush();
        out.flush();
        new RunSummary(report, nanos, firstOutput[0]).print(out);
        return exitCode(report);
    }

    /** isa-debug-exit's status; 0 for a clean power-off; 1 for anything else (a hang included). */
    static int exitCode(RunReport report) {
        if (report.outcome() == RunReport.Outcome.DEBUG_EXIT) {
            return report.exitStatus();
        }
        return report.poweredOff() && !report.hung() ? 0 : 1;
    }

    /** Console text as it comes, BIOS screen lines whole and marked (shared with the debuggers). */
    private final ConsoleView consoleView = new ConsoleView();

    private void show(MachineEvent event, PrintWriter out) {
        if (event instanceof MachineEvent.ConsoleOutput c) {
            out.print(consoleView.show(c));
            out.flush();
        } else if (event instanceof MachineEvent.HypercallEvent h && trace.contains(Trace.hypercalls)) {
            out.printf("[xen] %s(%s) = %d at %#x%n", h.name(), args(h.args()), h.result(), h.rip());
        } else if (event instanceof MachineEvent.GuestFault f && trace.contains(Trace.faults)) {
            out.printf("[xen] %s at %#x%s%n", f.description(), f.rip(), f.emulated() ? " (emulated by Xen)"
                    : f.bounced() ? " (bounced to the guest's handler)" : " (no handler: fatal)");
        } else if (event instanceof MachineEvent.PageTableUpdateRejected r && trace.contains(Trace.pt)) {
            out.println("[xen] refused: " + r.rejection().explanation());
        } else if (event instanceof MachineEvent.UnknownHypercall u) {
            out.printf("[xen] unknown hypercall %d (%s) at %#x: -ENOSYS%n", u.number(), u.name(), u.rip());
        }
    }

    private static String args(long[] args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(args[i]));
        }
        return sb.toString();
    }

}
