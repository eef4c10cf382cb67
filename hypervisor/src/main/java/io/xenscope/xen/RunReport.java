package io.xenscope.xen;

import java.util.List;
import java.util.Map;

/**
 * What one run of a domain came to: why it stopped, the shutdown reason if it shut down, the
 * console transcript (Xen's consoles, and an HVM guest's COM1 and port 0xE9; not the BIOS screen), hypercall counts by name, the page-table updates Xen refused, the guest
 * faults Xen saw, and how far it got (instructions, system time). Also the guest type it ran as
 * ({@code mode}), the isa-debug-exit status ({@code exitStatus}, -1 when the guest did not use it),
 * and {@code hang}: why a vCPU hung or blocked forever, in words ("vCPU 0 hung: hlt with IF=0 at
 * RIP 0x..."), or null.
 */
public record RunReport(Outcome outcome, int shutdownReason, String shutdownReasonName, String detail, String console,
                        Map<String, Long> hypercalls, List<MachineEvent.PageTableUpdateRejected> rejectedUpdates,
                        List<MachineEvent.GuestFault> faults, List<MachineEvent.UnknownHypercall> unknownHypercalls,
                        long instructions, long systemTimeNs, Throwable emulatorError,
                        io.xenscope.boot.elf.GuestType mode, int exitStatus, String hang) {
    public RunReport(Outcome outcome, int shutdownReason, String shutdownReasonName, String detail, String console,
                     Map<String, Long> hypercalls, List<MachineEvent.PageTableUpdateRejected> rejectedUpdates,
                     List<MachineEvent.GuestFault> faults, List<MachineEvent.UnknownHypercall> unknownHypercalls,
                     long instructions, long systemTimeNs, Throwable emulatorError) {
        this(outcome, shutdownReason, shutdownReasonName, detail, console, hypercalls, rejectedUpdates, faults,
                unknownHypercalls, instructions, systemTimeNs, emulatorError, io.xenscope.boot.elf.GuestType.PV, -1, null);
    }

    public enum Outcome {
        /** The domain shut down (SCHEDOP_shutdown, or a crash Xen imposed). */
        SHUTDOWN,
        /** The instruction budget ran out. */
        INSTRUCTION_LIMIT,
        /** Every vCPU is blocked and no timer or event can wake one: the guest hangs forever. */
        BLOCKED_FOREVER,
        /** An engine breakpoint or a stop request (a debugger) ended the run; the domain is still live. */
        STOPPED,
        /** XenScope itself failed (a bug): the machine stopped with its state intact. */
        EMULATOR_ERROR,
        /** The guest wrote to isa-debug-exit (port 0xF4): the machine ended with {@link #exitStatus()}, as QEMU exits. */
        DEBUG_EXIT
    }

    /** A vCPU hung (hlt with IF=0) or blocked with nothing armed to wake it. */
    public boolean hung() {
        return hang != null;
    }

    public boolean poweredOff() {
        return outcome == Outcome.SHUTDOWN && shutdownReason == ShutdownReason.POWEROFF;
    }
}
