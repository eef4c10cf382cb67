package io.xenscope.cli;

import io.xenscope.xen.MachineEvent;
import io.xenscope.xen.RunReport;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The one-screen summary that ends {@code xenscope run}. {@code firstOutputNanos} is the wall time
 * from loading the image to the guest's first console output (-1 if it printed nothing).
 */
record RunSummary(RunReport report, long wallNanos, long firstOutputNanos) {
    static final int MAX_LISTED = 10;

    void print(PrintWriter out) {
        out.println();
        out.println("---- xenscope: " + outcome());
        out.println("guest type: " + report.mode().name().toLowerCase(java.util.Locale.ROOT));
        double seconds = wallNanos / 1e9;
        out.printf("instructions %,d in %.3f s = %.1f MIPS; guest time %.3f ms%n", report.instructions(), seconds,
                seconds == 0 ? 0 : report.instructions() / seconds / 1e6, report.systemTimeNs() / 1e6);
        if (firstOutputNanos >= 0) {
            out.printf("boot to first console output: %.1f ms%n", firstOutputNanos / 1e6);
        }
        if (!report.hypercalls().isEmpty()) {
            StringBuilder sb = new StringBuilder("hypercalls:");
            for (Map.Entry<String, Long> e : report.hypercalls().entrySet()) {
                sb.append(' ').append(e.getKey()).append(" x").append(e.getValue());
            }
            out.println(sb);
        }
        int n = report.rejectedUpdates().size();
        if (n > 0) {
            out.println("page-table updates Xen refused: " + n);
            report.rejectedUpdates().stream().limit(MAX_LISTED)
                    .forEach(r -> out.println("  " + r.rejection().explanation()));
        }
        for (MachineEvent.UnknownHypercall u : report.unknownHypercalls()) {
            out.printf("unknown hypercall %d (%s) at %#x returned -ENOSYS%n", u.number(), u.name(), u.rip());
        }
        long fatal = report.faults().stream().filter(f -> !f.bounced() && !f.emulated()).count();
        if (fatal > 0) {
            report.faults().stream().filter(f -> !f.bounced() && !f.emulated()).limit(MAX_LISTED)
                    .forEach(f -> out.printf("fatal fault: %s at %#x%n", f.description(), f.rip()));
        }
        if (report.emulatorError() != null) {
            out.println("XenScope failed (a bug in XenScope, please report it): " + report.emulatorError());
        }
        out.flush();
    }

    private String outcome() {
        return switch (report.outcome()) {
            case SHUTDOWN -> "domain shut down: " + report.shutdownReasonName()
                    + (report.detail() == null || report.detail().isEmpty() ? "" : " (" + report.detail() + ")");
            case INSTRUCTION_LIMIT -> "stopped: instruction limit reached";
            case BLOCKED_FOREVER -> report.hung() ? "stopped: " + report.hang()
                    : "stopped: the guest blocked with no timer or event that could wake it";
            case STOPPED -> "stopped: breakpoint or stop request";
            case EMULATOR_ERROR -> "stopped: emulator error";
            case DEBUG_EXIT -> "the guest ended the machine through isa-debug-exit: exit status " + report.exitStatus();
        };
    }
}
