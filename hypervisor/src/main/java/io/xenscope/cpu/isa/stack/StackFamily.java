package io.xenscope.cpu.isa.stack;

import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.OpTable;

/** PUSH, POP, PUSHF, POPF, PUSHA, POPA, ENTER, LEAVE (general-purpose forms). */
public final class StackFamily implements InstructionFamily {
    @Override
    public void register(OpTable t) {
        t.add(Mnemonic.PUSH, PushPop::push);
        t.add(Mnemonic.POP, PushPop::pop);
        t.add(Mnemonic.PUSHF, (i, c) -> new PushfPopf.Pushf(i.operandSize()));
        t.addBlockEnd(Mnemonic.POPF, (i, c) -> new PushfPopf.Popf(i.operandSize(), io.xenscope.cpu.isa.control.Branch.nextRip(i)));
        t.add(Mnemonic.PUSHA, (i, c) -> new Pusha.PushAll(i.operandSize()));
        t.add(Mnemonic.POPA, (i, c) -> new Pusha.PopAll(i.operandSize()));
        t.add(Mnemonic.ENTER, EnterLeave::enter);
        t.add(Mnemonic.LEAVE, (i, c) -> new EnterLeave.Leave(i.operandSize()));
    }
}
