package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;
import io.xenscope.cpu.fault.GeneralProtection;

/**
 * CMPXCHG8B and CMPXCHG16B (SDM Vol. 2): compares EDX:EAX (RDX:RAX) with m64 (m128). Equal: ZF ← 1
 * and the memory gets ECX:EBX (RCX:RBX). Not equal: ZF ← 0 and EDX:EAX (RDX:RAX) gets the memory;
 * the memory is written back either way. Only ZF changes. CMPXCHG16B raises #GP(0) when the
 * operand is not 16-byte aligned. A register operand is #UD (the decoder's BAD).
 */
final class CmpXchgWide {
    private CmpXchgWide() {
    }

    static Op translate8(Instruction insn, TranslationContext ctx) {
        if (!Operands.isMemory(insn, 0)) {
            return Operands.unsupported(insn);
        }
        return new CompareExchange8(Locations.memory((Operand.Mem) insn.operand(0), insn, 8));
    }

    static Op translate16(Instruction insn, TranslationContext ctx) {
        if (!Operands.isMemory(insn, 0)) {
            return Operands.unsupported(insn);
        }
        return new CompareExchange16(Locations.memory((Operand.Mem) insn.operand(0), insn, 16));
    }

    record CompareExchange8(Locations.MemoryLocation m) implements Op {
        @Override
        public void execute(Cpu c) {
            long la = m.linear(c, true);
            long v = c.mmu.read64(la);
            long expected = (c.gpr[2] & 0xffffffffL) << 32 | (c.gpr[0] & 0xffffffffL);
            boolean equal = v == expected;
            c.mmu.write64(la, equal ? (c.gpr[1] & 0xffffffffL) << 32 | (c.gpr[3] & 0xffffffffL) : v);
            if (!equal) {
                c.gpr[0] = v & 0xffffffffL;
                c.gpr[2] = v >>> 32;
            }
            Flags.setFlag(c, Flags.ZF, equal);
        }
    }

    record CompareExchange16(Locations.MemoryLocation m) implements Op {
        @Override
        public void execute(Cpu c) {
            long la = m.linear(c, true);
            if ((la & 15) != 0) {
                throw new GeneralProtection(0, "cmpxchg16b operand not 16-byte aligned");
            }
            long lo = c.mmu.read64(la), hi = c.mmu.read64(la + 8);
            boolean equal = lo == c.gpr[0] && hi == c.gpr[2];
            c.mmu.probeWrite(la, 16);
            c.mmu.write64(la, equal ? c.gpr[3] : lo);
            c.mmu.write64(la + 8, equal ? c.gpr[1] : hi);
            if (!equal) {
                c.gpr[0] = lo;
                c.gpr[2] = hi;
            }
            Flags.setFlag(c, Flags.ZF, equal);
        }
    }
}
