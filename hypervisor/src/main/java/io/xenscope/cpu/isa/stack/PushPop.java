package io.xenscope.cpu.isa.stack;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;
import io.xenscope.cpu.fault.GuestFault;
import io.xenscope.cpu.isa.datamove.Operands;

/**
 * PUSH and POP of general-purpose registers, memory and immediates (SDM Vol. 2 PUSH, POP). The
 * element is the operand size (16/32/64; 64-bit mode has no 32-bit push), the pointer is the stack
 * width. PUSH rSP pushes the value before the push. POP computes an rSP-based destination address
 * after incrementing rSP, and POP rSP leaves the popped value in rSP. Segment register forms belong
 * to the system family.
 */
final class PushPop {
    private PushPop() {
    }

    static Op push(Instruction insn, TranslationContext ctx) {
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        return new Push(Locations.operand(insn, 0), insn.operandSize());
    }

    static Op pop(Instruction insn, TranslationContext ctx) {
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        Location dst = Locations.operand(insn, 0);
        return dst.isMemory() ? new PopMemory(dst, insn.operandSize()) : new PopRegister(dst, insn.operandSize());
    }

    record Push(Location src, int size) implements Op {
        @Override
        public void execute(Cpu c) {
            Stack.push(c, size, src.read(c));
        }
    }

    record PopRegister(Location dst, int size) implements Op {
        @Override
        public void execute(Cpu c) {
            long v = Stack.pop(c, size);
            dst.write(c, v);
        }
    }

    record PopMemory(Location dst, int size) implements Op {
        @Override
        public void execute(Cpu c) {
            int width = c.stackSize();
            long oldSp = c.gpr[4];
            long sp = Stack.wrap(oldSp, width);
            long v = Stack.read(c, sp, size);
            Stack.setSp(c, width, sp + size);
            try {
                dst.write(c, v); // the address uses the incremented rSP
            } catch (GuestFault f) {
                c.gpr[4] = oldSp;
                throw f;
            }
        }
    }
}
