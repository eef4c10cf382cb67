package io.xenscope.cli;

import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.ElfFormatException;
import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.xen.MachineEvent;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.XenMachine;
import io.xenscope.xen.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
 * {@code xenscope run}: boots a guest kernel on the emulated Xen machine, streams its console, and
 * ends with a one-screen summary: how it stopped, instructions and MIPS, hypercalls by name, and
 * every page-table update Xen refused with the rule it broke. Exit status: 0 when the guest
 * powered off, 1 when it stopped any other way, 2 when it could not be booted.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Boot a guest kernel on the emulated Xen machine and report what happened.")
public final class RunCommand implements Callable<Integer> {
    /** What --trace can show as it happens. */
    enum Trace { hypercalls, faults, pt }

    @Parameters(index = "0", paramLabel = "KERNEL", description = "The guest kernel (an ELF image).")
    Path kernel;

    @Option(names = "--mode", paramLabel = "pv|pvh|hvm",
            description = "Guest type (default: what the image's notes say it can boot as).")
    String mode;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "32M",
            description = "Guest memory, e.g. 64M or 1G (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--cmdline", paramLabel = "TEXT", defaultValue = "", description = "Kernel command line.")
    String cmdline;

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
        long bootStarted = System.nanoTime();
        XenMachine machine;
        try {
            byte[] bytes = Files.readAllBytes(kernel);
            GuestType type = chooseMode(ElfImage.parse(bytes));
            if (type == GuestType.HVM) {
                err.println("run: hvm guests cannot be booted yet: this build runs PV and PVH guests");
                return 2;
            }
            PvBootOptions options = PvBootOptions.defaults().withMemory(memoryBytes).withCmdline(cmdline)
                    .withIdentityP2m(identityP2m);
            machine = type == GuestType.PVH ? XenMachine.bootPvh(bytes, options) : XenMachine.boot(bytes, options);
        } catch (IOException e) {
            err.println("run: cannot read " + kernel + ": " + e.getMessage());
            return 2;
        } catch (ElfFormatException | XenImageException | BootRefused e) {
            err.println("run: " + kernel + ": " + e.getMessage());
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
        out.flush();
        new RunSummary(report, nanos, firstOutput[0]).print(out);
        return report.poweredOff() ? 0 : 1;
    }

    /**
     * The asked mode if the image can boot that way; else the first the image supports, in the order
     * PV, PVH, HVM (an image that can boot both as PV and PVH boots as PV unless --mode pvh).
     */
    private GuestType chooseMode(ElfImage image) throws BootRefused {
        BootCapabilities caps = BootCapabilities.of(image);
        if (mode != null) {
            GuestType asked;
            try {
                asked = GuestType.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BootRefused("unknown --mode " + mode + " (expected pv, pvh or hvm)");
            }
            BootCapabilities.Verdict v = caps.get(asked);
            if (!v.bootable()) {
                throw new BootRefused(v.reason());
            }
            return asked;
        }
        for (GuestType t : new GuestType[] {GuestType.PV, GuestType.PVH, GuestType.HVM}) {
            if (caps.canBoot(t)) {
                return t;
            }
        }
        throw new BootRefused("this image cannot boot as a Xen guest: " + caps);
    }

    private void show(MachineEvent event, PrintWriter out) {
        if (event instanceof MachineEvent.ConsoleOutput c) {
            out.print(c.text());
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

    /** The image cannot boot in the asked (or any) mode; the message says why. */
    static final class BootRefused extends Exception {
        BootRefused(String message) {
            super(message);
        }
    }
}
