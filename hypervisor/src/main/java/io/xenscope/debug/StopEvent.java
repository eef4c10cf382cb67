package io.xenscope.debug;

/** Why a {@link DebugSession} stopped: what a front end tells the user (gdb's stop reply, DAP's stopped event). */
public sealed interface StopEvent {
    /** The machine is booted and stopped at the kernel's entry point; nothing has executed yet. */
    record Entry(long pc) implements StopEvent {
    }

    /** Execution stopped at an address breakpoint, before the instruction at {@code pc} executed. */
    record BreakpointHit(long pc) implements StopEvent {
    }

    /**
     * A data breakpoint triggered: the access completed and the instruction at {@code hit.rip()}
     * retired; {@code pc} is where the guest resumes (the same instruction, for a repeated string
     * instruction with iterations left).
     */
    record WatchpointHit(long pc, io.xenscope.mmu.WatchHit hit) implements StopEvent {
        public io.xenscope.mmu.Watchpoint watch() {
            return hit.watch();
        }

        /** E.g. "write of 4 bytes at 0x402010 by the instruction at 0x401005: 0x0 -> 0x2a (write watch on linear 0x402010+4)". */
        public String description() {
            String values = hit.write()
                    ? String.format("0x%x -> 0x%x", hit.oldValue(), hit.newValue())
                    : String.format("read 0x%x", hit.newValue());
            String where = hit.watch().space() == io.xenscope.mmu.Watchpoint.Space.PHYSICAL
                    ? String.format("0x%x (physical 0x%x)", hit.linear(), hit.physical())
                    : String.format("0x%x", hit.linear());
            return String.format("%s of %d byte%s at %s by %s 0x%x: %s (%s)", hit.write() ? "write" : "read",
                    hit.size(), hit.size() == 1 ? "" : "s", where,
                    hit.byXen() ? "Xen, for the hypercall at" : "the instruction at", hit.rip(), values, hit.watch());
        }
    }

    /** One instruction was stepped. */
    record Stepped(long pc) implements StopEvent {
    }

    /** The user paused the guest (another thread, or gdb's Ctrl-C). */
    record Paused(long pc) implements StopEvent {
    }

    /** A hypercall the user asked to stop on returned; {@code pc} is where the guest resumes. */
    record HypercallStop(long pc, int number, String name, long result) implements StopEvent {
    }

    /**
     * Xen refused a page-table update the user asked to stop on; {@code pc} is where the guest resumes
     * (after the hypercall returned its error).
     */
    record RefusedUpdate(long pc, io.xenscope.xen.mm.PageTableUpdateRejected rejection) implements StopEvent {
        public String explanation() {
            return rejection.explanation();
        }

        public String rule() {
            return rejection.rule().name();
        }
    }

    /**
     * A guest exception the user asked to stop on, caught before Xen delivered it: {@code pc == rip}
     * is the faulting instruction (it faults again when resumed, and is then delivered). {@code bounced}:
     * Xen will bounce it to the guest's trap-table handler; false: there is none and the domain will crash.
     */
    record FaultStop(long pc, int vector, String vectorName, int errorCode, long cr2, long rip, boolean bounced,
                     String description) implements StopEvent {
        public String explanation() {
            return String.format("%s at rip 0x%x%s%s: %s", vectorName, rip,
                    vector == 14 ? String.format(", cr2 0x%x", cr2) : "",
                    String.format(", error code 0x%x", errorCode),
                    bounced ? "Xen will bounce it to the guest's handler" : "no handler in the trap table: the domain will crash");
        }
    }

    /**
     * The domain crashed (domain_crash: {@code detail} says why) and the user asked to stop there: the
     * registers and memory are as they were when Xen gave up; resuming ends the session.
     */
    record Crashed(long pc, String detail) implements StopEvent {
    }

    /** The domain shut down (poweroff, reboot, crash with Xen's reason in {@code detail}): the session is over. */
    record Exited(int reason, String reasonName, String detail) implements StopEvent {
        public boolean crashed() {
            return reason == io.xenscope.xen.ShutdownReason.CRASH;
        }
    }

    /** The guest blocked with nothing that could ever wake it. */
    record BlockedForever(long pc) implements StopEvent {
    }

    /** XenScope itself failed (a bug); the machine state is intact. */
    record EmulatorError(long pc, Throwable error) implements StopEvent {
    }
}
