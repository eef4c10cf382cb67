package io.xenscope.cpu.isa.control;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;
import io.xenscope.cpu.isa.datamove.Operands;
import io.xenscope.cpu.isa.stack.Stack;

/**
 * CALL near and RET near (SDM Vol. 2 CALL, RET). CALL checks the target before pushing the return
 * address (operand size); an r/m target is read before the push, so call [rsp] uses the old rSP.
 * RET pops the target, checks it, then releases operand size + imm16 bytes of stack.
 *
 * <p>One deviation from the SDM's pseudocode, to match Intel hardware (the differential suite
 * checks it against the host): a 64-bit call to a non-canonical target stores the return address
 * below rSP before raising #GP(0) at the call; rSP and RIP stay unchanged.
 */
final class Calls {
    private Calls() {
    }

    static Op call(Instruction insn, TranslationContext ctx) {
        long ret = Branch.nextRip(insn);
        boolean lm = Jumps.longMode(insn);
        if (insn.operand(0) instanceof Operand.Rel) {
            return new CallDirect(Jumps.relativeTarget(insn), ret, insn.operandSize(), lm);
        }
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        return new CallIndirect(Locations.operand(insn, 0), ret, insn.operandSize(), lm);
    }

    static Op ret(Instruction insn, TranslationContext ctx) {
        long release = insn.operands().isEmpty() ? 0 : ((Operand.Imm) insn.operand(0)).value() & 0xffff;
        return new Return(insn.operandSize(), release, Jumps.longMode(insn));
    }

    /** A call to a non-canonical target: the return address is written, rSP is not moved, then #GP(0). */
    static void checkTarget(Cpu c, long target, long returnAddress, int size, boolean longMode) {
        if (longMode && !Branch.canonical(target)) {
            Stack.write(c, Stack.wrap(c.gpr[4] - size, 8), size, returnAddress);
        }
        Branch.check(c, target, longMode);
    }

    record CallDirect(long target, long returnAddress, int size, boolean longMode) implements Op {
        @Override
        public void execute(Cpu c) {
            checkTarget(c, target, returnAddress, size, longMode);
            Stack.push(c, size, returnAddress);
            c.rip = target;
        }
    }

    record CallIndirect(Location src, long returnAddress, int size, boolean longMode) implements Op {
        @Override
        public void execute(Cpu c) {
            long target = src.read(c);
            checkTarget(c, target, returnAddress, size, longMode);
            Stack.push(c, size, returnAddress);
            c.rip = target;
        }
    }

    record Return(int size, long release, boolean longMode) implements Op {
        @Override
        public void execute(Cpu c) {
            int width = c.stackSize();
            long sp = Stack.wrap(c.gpr[4], width);
            long target = Branch.check(c, Stack.read(c, sp, size), longMode);
            Stack.setSp(c, width, Stack.wrap(sp + size + release, width));
            c.rip = target;
        }
    }
}
