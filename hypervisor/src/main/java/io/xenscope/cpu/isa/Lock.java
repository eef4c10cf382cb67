package io.xenscope.cpu.isa;

import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.fault.InvalidOpcode;

/**
 * LOCK prefix checks shared by the integer families. The decoder marks a LOCK on a non-lockable
 * instruction or on a register destination ({@link Instruction#lockInvalid()}); executing such an
 * instruction raises #UD (SDM Vol. 2 LOCK). A valid LOCK needs nothing more: one vCPU runs on one
 * host thread, so a read-modify-write op is atomic by construction.
 */
public final class Lock {
    private Lock() {
    }

    /** An op raising #UD when {@code insn} carries an invalid LOCK prefix, else null. */
    public static Op invalidLock(Instruction insn) {
        if (!insn.lockInvalid()) {
            return null;
        }
        String name = insn.mnemonic().lowerName();
        return c -> {
            throw new InvalidOpcode("lock " + name + ": LOCK on a non-lockable form");
        };
    }
}
