package io.xenscope.cpu.exec;

import io.xenscope.cpu.fault.GuestFault;

/**
 * The outcome of one {@link ExecutionEngine#run} call: why it stopped, how many instructions
 * retired during the call, and the guest fault when the reason is {@link StopReason#GUEST_FAULT}
 * or {@link StopReason#TRIPLE_FAULT}, and the emulator's own failure for {@link StopReason#EMULATOR_ERROR}.
 */
public record RunResult(StopReason reason, long instructions, GuestFault fault, Throwable error) {
    public RunResult(StopReason reason, long instructions) {
        this(reason, instructions, null, null);
    }
}
