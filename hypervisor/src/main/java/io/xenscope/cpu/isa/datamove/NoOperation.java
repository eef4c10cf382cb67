package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;
import io.xenscope.mmu.AccessType;

/**
 * Instructions with no architectural effect here: NOP (90, 66 90, 0F 1F /0: its memory operand is
 * never accessed), PAUSE, ENDBR32/64 (no CET), PREFETCHh/PREFETCHW (hints: never fault), and the
 * fences LFENCE/MFENCE/SFENCE (one in-order vCPU). CLFLUSH is a no-op on our coherent memory but
 * checks its operand like a byte load: segment limit, canonical address, page fault (SDM Vol. 2 CLFLUSH).
 */
final class NoOperation {
    static final Op NOTHING = new Nothing();

    private NoOperation() {
    }

    static Op translate(Instruction insn, TranslationContext ctx) {
        return NOTHING;
    }

    static Op clflush(Instruction insn, TranslationContext ctx) {
        if (!Operands.isMemory(insn, 0)) {
            return Operands.unsupported(insn);
        }
        return new CacheLineFlush(Locations.memory((Operand.Mem) insn.operand(0), insn, 1));
    }

    record Nothing() implements Op {
        @Override
        public void execute(Cpu c) {
        }
    }

    record CacheLineFlush(Locations.MemoryLocation m) implements Op {
        @Override
        public void execute(Cpu c) {
            c.mmu.translate(m.linear(c, false), AccessType.READ);
        }
    }
}
