package io.xenscope.debug;

/** Why a {@link DebugSession} stopped: what a front end tells the user (gdb's stop reply, DAP's stopped event). */
public sealed interface StopEvent {
    /** The machine is booted and stopped at the kernel's entry point; nothing has executed yet. */
    record Entry(long pc) implements StopEvent {
    }

    /** Execution stopped at an address breakpoint, before the instruction at {@code pc} executed. */
    record BreakpointHit(long pc) implements StopEvent {
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
