package io.xenscope.cpu.isa.stack;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;

/**
 * ENTER and LEAVE (SDM Vol. 2). ENTER imm16, imm8: push rBP; with a nesting level L (imm8 mod 32),
 * copy L-1 frame pointers from the enclosing frame (rBP - k*size, rBP held in the stack width) and
 * push the new frame pointer; then rBP ← the frame (operand size) and rSP ← rSP - imm16.
 * Registers are committed only after every access succeeded. LEAVE: rSP ← rBP (stack width), then
 * pop rBP (operand size).
 */
final class EnterLeave {
    private EnterLeave() {
    }

    static Op enter(Instruction insn, TranslationContext ctx) {
        long alloc = ((Operand.Imm) insn.operand(0)).value() & 0xffff;
        int level = (int) ((Operand.Imm) insn.operand(1)).value() & 31;
        return new Enter(insn.operandSize(), alloc, level);
    }

    record Enter(int size, long alloc, int level) implements Op {
        @Override
        public void execute(Cpu c) {
            int width = c.stackSize();
            long sp = Stack.wrap(c.gpr[4] - size, width);
            Stack.write(c, sp, size, c.gpr[5]);
            long frame = sp;
            if (level > 0) {
                long bp = c.gpr[5];
                for (int i = 1; i < level; i++) {
                    bp = Stack.wrap(bp - size, width);
                    long v = Stack.read(c, bp, size);
                    sp = Stack.wrap(sp - size, width);
                    Stack.write(c, sp, size, v);
                }
                sp = Stack.wrap(sp - size, width);
                Stack.write(c, sp, size, frame);
            }
            sp = Stack.wrap(sp - alloc, width);
            c.writeGpr(5, size, false, frame);
            Stack.setSp(c, width, sp);
        }
    }

    record Leave(int size) implements Op {
        @Override
        public void execute(Cpu c) {
            int width = c.stackSize();
            long sp = Stack.wrap(c.gpr[5], width);
            long v = Stack.read(c, sp, size);
            Stack.setSp(c, width, sp + size);
            c.writeGpr(5, size, false, v);
        }
    }
}
