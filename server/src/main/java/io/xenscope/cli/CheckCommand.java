package io.xenscope.cli;

import io.xenscope.boot.elf.GuestType;
import io.xenscope.check.BootCheck;
import io.xenscope.check.Finding;
import io.xenscope.xen.PvBootOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenscope check}: the headless boot check for scripts and CI. Boots a PV, PVH or HVM kernel
 * (the mode of {@code --mode}, else the first the image can boot as; an HVM image's lines come from
 * its {@code .elf64}, a boot disk's from the ELF of the same name) to shutdown
 * (or the budget) and prints each finding gcc-style, {@code file:line:col: error: message}, followed
 * by its related information as {@code note:} lines (details at the same place, then the call stack
 * as {@code file:line: note: #n function}). Exit status: 0 with no errors (warnings allowed), 1 when
 * there are errors, 2 when the image cannot be booted at all.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Boot a PV, PVH or HVM kernel headless and report refused page-table updates, failed hypercalls, "
                + "faults and crashes at their source lines (gcc-style output).")
public final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KERNEL", description = "The guest kernel (an ELF image with DWARF for lines; for HVM also a Multiboot image or a raw boot disk).")
    Path kernel;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "Boot as pv, pvh or hvm (default: the first the image can boot as, in that order).")
    String mode;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "32M",
            description = "Guest memory, e.g. 64M (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--max-instructions", paramLabel = "N", defaultValue = "" + BootCheck.DEFAULT_BUDGET,
            description = "Budget of guest instructions (default: ${DEFAULT-VALUE}).")
    long maxInstructions;

    @Option(names = "--no-notes", description = "Print the findings only, without their note: lines.")
    boolean noNotes;

    @Option(names = "--time", description = "Print how long the check took.")
    boolean time;

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
            err.println("xenscope check: " + e.getMessage());
            return 2;
        }
        GuestType guestType = null;
        if (mode != null) {
            try {
                guestType = GuestType.valueOf(mode.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("xenscope check: unknown mode '" + mode + "': use pv, pvh or hvm");
                return 2;
            }
        }
        BootCheck.Result r;
        try {
            r = new BootCheck(PvBootOptions.defaults().withMemory(memoryBytes), maxInstructions, BootCheck::isSdkFile)
                    .run(kernel, guestType);
        } catch (BootCheck.Unbootable e) {
            err.println("xenscope check: error: " + e.getMessage());
            err.flush();
            return 2;
        }
        print(r, kernel.toString(), out, !noNotes);
        if (time) {
            out.printf("boot check as %s took %.1f ms (%,d instructions)%n", r.mode(), r.nanos() / 1e6, r.report().instructions());
        }
        out.flush();
        return r.errors() > 0 ? 1 : 0;
    }

    /** The findings gcc-style, then a summary line when there are any. */
    public static void print(BootCheck.Result r, String kernel, PrintWriter out, boolean notes) {
        for (Finding f : r.findings()) {
            out.println(f.gccStyle(kernel));
            if (!notes) {
                continue;
            }
            String here = f.file() == null ? kernel : f.file() + ":" + Math.max(1, f.line()) + ":" + Math.max(1, f.column());
            for (Finding.Note n : f.notes()) {
                String where = n.file() == null ? here : n.file() + ":" + Math.max(1, n.line()) + ":1";
                out.println(where + ": note: " + n.message());
            }
        }
        if (!r.findings().isEmpty()) {
            out.printf("%s: %d error%s, %d warning%s%n", kernel, r.errors(), r.errors() == 1 ? "" : "s",
                    r.warnings(), r.warnings() == 1 ? "" : "s");
        }
    }
}
