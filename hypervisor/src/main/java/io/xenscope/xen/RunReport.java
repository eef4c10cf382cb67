package io.xenscope.xen;

import java.util.List;
import java.util.Map;

/**
 * What one run of a PV domain came to: why it stopped, the shutdown reason if it shut down, the
 * console transcript, hypercall counts by name, the page-table updates Xen refused, the guest
 * faults Xen saw, and how far it got (instructions, system time).
 */
public record RunReport(Outcome outcome, int shutdownReason, String shutdownReasonName, String detail, String console,
                        Map<String, Long> hypercalls, List<MachineEvent.PageTableUpdateRejected> rejectedUpdates,
                        List<MachineEvent.GuestFault> faults, List<MachineEvent.UnknownHypercall> unknownHypercalls,
                        long instructions, long systemTimeNs, Throwable emulatorError) {
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
        EMULATOR_ERROR
    }

    public boolean poweredOff() {
        return outcome == Outcome.SHUTDOWN && shutdownReason == ShutdownReason.POWEROFF;
    }
}
