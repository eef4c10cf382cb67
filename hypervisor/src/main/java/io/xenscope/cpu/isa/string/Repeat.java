package io.xenscope.cpu.isa.string;

import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;

/**
 * Repeat prefixes (SDM Vol. 2 REP/REPE/REPZ/REPNE/REPNZ): F3 is REP on MOVS/STOS/LODS and REPE on
 * CMPS/SCAS; F2 is REPNE on CMPS/SCAS and, as on hardware, a plain REP on the others.
 *
 * <p>Bounded execution: one execution of a repeated instruction performs at most
 * {@link #MAX_ELEMENTS} iterations; if the count is not exhausted it leaves RIP on itself with the
 * registers reflecting the completed iterations (exactly the state an interrupt between iterations
 * leaves, SDM Vol. 2 REP), so an enormous {@code rep movsb} yields to interrupts, stop requests and
 * the instruction budget. Each such execution counts as one retired instruction in virtual time.
 * With RFLAGS.TF set an execution performs one iteration, so the single-step trap comes after each.
 */
final class Repeat {
    static final int NONE = 0, REP = 1, REPE = 2, REPNE = 3;
    static final int MAX_ELEMENTS = 1 << 16;

    private Repeat() {
    }

    static int of(Instruction insn) {
        boolean compare = insn.mnemonic() == Mnemonic.CMPS || insn.mnemonic() == Mnemonic.SCAS;
        if (insn.has(Instruction.PREFIX_REPNE) && !insn.has(Instruction.PREFIX_REP)) {
            return compare ? REPNE : REP;
        }
        if (insn.has(Instruction.PREFIX_REP)) {
            return compare ? REPE : REP;
        }
        return NONE;
    }
}
