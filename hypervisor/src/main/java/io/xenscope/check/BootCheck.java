package io.xenscope.check;

import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.ElfFormatException;
import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.debug.DebugSession;
import io.xenscope.debug.symbols.SymbolTable;
import io.xenscope.xen.PvBootOptions;
import io.xenscope.xen.RunReport;
import io.xenscope.xen.XenMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The headless boot check: boots a kernel on the emulated Xen, as a PV, PVH or HVM guest (the mode
 * the caller asks for, else the first the image can boot as: {@link #defaultMode}), until it shuts down
 * (or a budget runs out, or it blocks forever) and turns what happened into {@link Finding}s located
 * in the guest's sources through DWARF ({@link FindingCollector}):
 * <ul>
 * <li>each page-table update Xen refused: an error at the line of the code that made the hypercall
 * (the call stack is captured while the hypercall runs, then walked outward past the hypercall page
 * and the SDK's wrappers, inlined or not, to the first position in the user's sources), with the
 * rule's explanation and, as notes, the PTE's machine address and level, old/new values, frame
 * types and the call stack;</li>
 * <li>a failed hypercall a porter must know about (mmu and descriptor-table calls, callbacks, trap
 * table) and every hypercall Xen does not have (-ENOSYS): a warning at the call site;</li>
 * <li>an unhandled fault or a crash shutdown: an error at the faulting (or crashing) line;</li>
 * <li>no shutdown within the budget, or blocked forever: a warning without a location.</li>
 * </ul>
 * Identical findings at one place are merged with a count. The debug information comes from
 * {@link DebugSession#symbolsFor}: an HVM Multiboot image's {@code <image>.elf64} (the ELF32 container
 * has none of its own), a boot disk's ELF of the same name, else the image itself. No LSP or CLI types here.
 */
public final class BootCheck {
    /** Default instruction budget: a few seconds of emulation. */
    public static final long DEFAULT_BUDGET = 2_000_000_000L;

    /** How the check boots each guest type. */
    private static final Map<GuestType, Booter> BOOTERS = Map.of(
            GuestType.PV, XenMachine::boot,
            GuestType.PVH, XenMachine::bootPvh,
            GuestType.HVM, XenMachine::bootHvm);

    /** The guest types the check can boot. */
    public static final Set<GuestType> CHECKABLE = BOOTERS.keySet();

    @FunctionalInterface
    private interface Booter {
        XenMachine boot(byte[] elf, PvBootOptions options) throws ElfFormatException, XenImageException;
    }

    /** The kernel cannot be checked (unreadable, not an ELF, not bootable in the mode): the message says why. */
    public static final class Unbootable extends Exception {
        public Unbootable(String message) {
            super(message);
        }
    }

    /** Everything a check produced. {@code nanos} is the wall time of boot + run + symbolization. */
    public record Result(Path kernel, GuestType mode, RunReport report, List<Finding> findings, long nanos,
                         List<String> symbolProblems) {
        public long errors() {
            return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        }

        public long warnings() {
            return findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
        }
    }

    private final PvBootOptions options;
    private final long budget;
    private final Predicate<String> sdkFile;

    public BootCheck() {
        this(PvBootOptions.defaults(), DEFAULT_BUDGET, BootCheck::isSdkFile);
    }

    /** @param sdkFile which source files are the SDK's (wrappers the call stack is walked past) */
    public BootCheck(PvBootOptions options, long budget, Predicate<String> sdkFile) {
        this.options = options;
        this.budget = budget;
        this.sdkFile = sdkFile;
    }

    /** guest-sdk sources and headers: the hypercall wrappers, lib/, the boot stub. */
    public static boolean isSdkFile(String path) {
        String p = path.replace('\\', '/');
        return p.contains("/guest-sdk/") || p.startsWith("guest-sdk/");
    }

    /** The modes the check can boot this image as, in {@link GuestType} order (PV, PVH, HVM). */
    public static List<GuestType> checkableModes(BootCapabilities caps) {
        return Arrays.stream(GuestType.values()).filter(t -> CHECKABLE.contains(t) && caps.canBoot(t)).toList();
    }

    /** The mode an image boots as when nothing says otherwise: the first it can boot as (PV, then PVH, then HVM). */
    public static Optional<GuestType> defaultMode(BootCapabilities caps) {
        return Arrays.stream(GuestType.values()).filter(caps::canBoot).findFirst();
    }

    /** The debug information of {@code kernel} (see the class comment); none when its ELF is unreadable. */
    private static SymbolTable symbols(Path kernel, ElfImage image) {
        Path file = DebugSession.symbolsFor(kernel);
        if (file.equals(kernel)) {
            return image == null ? SymbolTable.none() : SymbolTable.load(image);
        }
        try {
            return SymbolTable.read(file);
        } catch (IOException | ElfFormatException e) {
            return image == null ? SymbolTable.none() : SymbolTable.load(image);
        }
    }

    /** Checks {@code kernel} in its {@link #defaultMode}. */
    public Result run(Path kernel) throws Unbootable {
        return run(kernel, null);
    }

    /** Checks {@code kernel} booted as {@code mode} (null: its {@link #defaultMode}). */
    public Result run(Path kernel, GuestType mode) throws Unbootable {
        long t0 = System.nanoTime();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(kernel);
        } catch (NoSuchFileException e) {
            throw new Unbootable(kernel + ": no such file");
        } catch (IOException e) {
            throw new Unbootable(kernel + ": cannot read: " + e.getMessage());
        }
        BootCapabilities caps;
        try {
            caps = BootCapabilities.of(bytes);
        } catch (ElfFormatException e) {
            throw new Unbootable(kernel + ": not a usable ELF image: " + e.getMessage());
        }
        if (caps.elf() == null && !caps.canBoot(GuestType.HVM)) {
            throw new Unbootable(kernel + ": not a usable ELF image, nor a raw HVM image (" + caps.get(GuestType.HVM).reason() + ")");
        }
        if (mode == null) {
            mode = defaultMode(caps).orElseThrow(() -> new Unbootable(kernel + ": cannot boot as PV, PVH or HVM:\n" + caps));
        }
        BootCapabilities.Verdict verdict = caps.get(mode);
        if (!verdict.bootable()) {
            throw new Unbootable(kernel + ": cannot boot as a " + mode + " guest: " + verdict.reason());
        }
        Booter booter = BOOTERS.get(mode);
        if (booter == null) {
            throw new Unbootable(kernel + ": the boot check cannot boot " + mode + " guests yet (no " + mode + " machine)");
        }
        XenMachine machine;
        try {
            machine = booter.boot(bytes, options);
        } catch (ElfFormatException | XenImageException | RuntimeException e) {
            throw new Unbootable(kernel + ": the domain builder refused it: " + e.getMessage());
        }
        SymbolTable symbols = symbols(kernel, caps.elf());
        FindingCollector c = FindingCollector.attach(machine, symbols, sdkFile);
        RunReport report = machine.run(budget);
        c.finish(report, budget);
        return new Result(kernel, mode, report, c.findings(), System.nanoTime() - t0, symbols.problems());
    }
}
