package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;

/**
 * XCHG (SDM Vol. 2): swaps two operands. With a memory operand the processor locks the bus
 * whatever the prefixes say; one vCPU per thread makes that a plain read then write here. 32-bit
 * forms zero-extend both registers (even xchg eax, eax when encoded as 87 C0; 90 is NOP).
 */
final class Xchg {
    private Xchg() {
    }

    static Op translate(Instruction insn, TranslationContext ctx) {
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        Location a = Locations.operand(insn, 0), b = Locations.operand(insn, 1);
        if (b.isMemory()) {
            Location t = a;
            a = b;
            b = t;
        }
        return a.isMemory() ? new ExchangeMemory(a, b) : new ExchangeRegisters(a, b);
    }

    record ExchangeRegisters(Location a, Location b) implements Op {
        @Override
        public void execute(Cpu c) {
            long va = a.read(c), vb = b.read(c);
            a.write(c, vb);
            b.write(c, va);
        }
    }

    record ExchangeMemory(Location memory, Location register) implements Op {
        @Override
        public void execute(Cpu c) {
            long la = memory.resolve(c);
            long m = memory.readAt(c, la);
            memory.writeAt(c, la, register.read(c));
            register.write(c, m);
        }
    }
}
