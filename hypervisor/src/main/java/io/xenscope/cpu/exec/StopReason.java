package io.xenscope.cpu.exec;

/** Why {@link ExecutionEngine#run} returned. */
public enum StopReason {
    /** The instruction budget of the call ran out. */
    INSTRUCTION_LIMIT,
    /** The vCPU executed hlt and nothing can wake it within this run. */
    HALTED,
    /** A fault while delivering a double fault: the processor shuts down (SDM Vol. 3 §6.15, vector 8). */
    TRIPLE_FAULT,
    /** The exception delivery policy chose to stop on a guest fault instead of delivering it. */
    GUEST_FAULT,
    /** {@link ExecutionEngine#requestStop} was called (another thread, a breakpoint, a hypercall...). */
    STOP_REQUESTED,
    /**
     * The instruction at CS:RIP is an engine breakpoint ({@link ExecutionEngine#setBreakpoints}): it has
     * not executed. The next run or step executes it before checking breakpoints again.
     */
    BREAKPOINT,
    /**
     * An instruction (or Xen on the guest's behalf) accessed memory under a data breakpoint
     * ({@link ExecutionEngine#setWatchpoints}): the access completed and the instruction retired;
     * {@link ExecutionEngine#watchHit} says what was hit.
     */
    WATCHPOINT,
    /**
     * The emulator itself failed on an instruction (a bug in XenScope, not the guest): the machine
     * stops at that instruction with its state intact and the error is reported, never thrown.
     */
    EMULATOR_ERROR
}
