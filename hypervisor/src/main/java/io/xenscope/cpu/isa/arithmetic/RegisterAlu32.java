package io.xenscope.cpu.isa.arithmetic;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Op;

/** The common 32-bit register shapes {@code op r32, r32} and {@code op r32, imm}: the result is zero-extended (SDM Vol. 1 §3.4.1.1). */
final class RegisterAlu32 implements Op {
    private final int op, dst, src;
    private final long imm;
    private final boolean carry, writes;

    /** {@code src < 0}: the source is {@code imm}. */
    RegisterAlu32(int op, int dst, int src, long imm) {
        this.op = op;
        this.dst = dst;
        this.src = src;
        this.imm = imm;
        this.carry = AluOperation.readsCarry(op);
        this.writes = AluOperation.writesDestination(op);
    }

    @Override
    public void execute(Cpu c) {
        long a = c.gpr[dst] & 0xffffffffL;
        long b = src < 0 ? imm : c.gpr[src] & 0xffffffffL;
        long cf = carry ? Flags.cf(c) : 0;
        long r = AluOperation.result(op, a, b, cf);
        if (writes) {
            c.gpr[dst] = r & 0xffffffffL;
        }
        AluOperation.record(c, op, Flags.S32, a, b, r, cf);
    }
}
