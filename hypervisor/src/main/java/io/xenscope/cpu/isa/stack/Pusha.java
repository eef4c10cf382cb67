package io.xenscope.cpu.isa.stack;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Op;

/**
 * PUSHA/PUSHAD and POPA/POPAD (SDM Vol. 2; invalid in 64-bit mode): eight registers in the order
 * AX CX DX BX SP(original) BP SI DI; POPA discards the saved SP. rSP changes only once all
 * accesses succeeded.
 */
final class Pusha {
    private Pusha() {
    }

    record PushAll(int size) implements Op {
        @Override
        public void execute(Cpu c) {
            int width = c.stackSize();
            long sp = c.gpr[4];
            for (int r = 0; r < 8; r++) {
                sp = Stack.wrap(sp - size, width);
                Stack.write(c, sp, size, c.gpr[r]);
            }
            Stack.setSp(c, width, sp);
        }
    }

    record PopAll(int size) implements Op {
        @Override
        public void execute(Cpu c) {
            int width = c.stackSize();
            long sp = Stack.wrap(c.gpr[4], width);
            long di = Stack.read(c, sp, size);
            long si = Stack.read(c, sp = Stack.wrap(sp + size, width), size);
            long bp = Stack.read(c, sp = Stack.wrap(sp + size, width), size);
            sp = Stack.wrap(sp + size, width); // the saved SP is skipped
            long bx = Stack.read(c, sp = Stack.wrap(sp + size, width), size);
            long dx = Stack.read(c, sp = Stack.wrap(sp + size, width), size);
            long cx = Stack.read(c, sp = Stack.wrap(sp + size, width), size);
            long ax = Stack.read(c, sp = Stack.wrap(sp + size, width), size);
            sp = Stack.wrap(sp + size, width);
            c.writeGpr(7, size, false, di);
            c.writeGpr(6, size, false, si);
            c.writeGpr(5, size, false, bp);
            c.writeGpr(3, size, false, bx);
            c.writeGpr(2, size, false, dx);
            c.writeGpr(1, size, false, cx);
            c.writeGpr(0, size, false, ax);
            Stack.setSp(c, width, sp);
        }
    }
}
