package io.xenscope.cpu.isa.control;

import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.OpTable;

/** Near transfers: JMP, Jcc, CALL, RET, LOOPcc, JrCXZ. All end their block and set RIP. */
public final class ControlFamily implements InstructionFamily {
    private static final Mnemonic[] JCC = {Mnemonic.JO, Mnemonic.JNO, Mnemonic.JB, Mnemonic.JAE, Mnemonic.JE,
        Mnemonic.JNE, Mnemonic.JBE, Mnemonic.JA, Mnemonic.JS, Mnemonic.JNS, Mnemonic.JP, Mnemonic.JNP, Mnemonic.JL,
        Mnemonic.JGE, Mnemonic.JLE, Mnemonic.JG};

    @Override
    public void register(OpTable t) {
        t.addBlockEnd(Mnemonic.JMP, Jumps::jmp);
        for (Mnemonic m : JCC) {
            t.addBlockEnd(m, Jumps::jcc);
        }
        t.addBlockEnd(Mnemonic.CALL, Calls::call);
        t.addBlockEnd(Mnemonic.RET, Calls::ret);
        t.addBlockEnd(Mnemonic.LOOP, (i, c) -> Loops.loop(i, Loops.ALWAYS));
        t.addBlockEnd(Mnemonic.LOOPE, (i, c) -> Loops.loop(i, Loops.WHILE_ZERO));
        t.addBlockEnd(Mnemonic.LOOPNE, (i, c) -> Loops.loop(i, Loops.WHILE_NOT_ZERO));
        t.addBlockEnd(Mnemonic.JCXZ, Loops::jcxz);
        t.addBlockEnd(Mnemonic.JECXZ, Loops::jcxz);
        t.addBlockEnd(Mnemonic.JRCXZ, Loops::jcxz);
    }
}
