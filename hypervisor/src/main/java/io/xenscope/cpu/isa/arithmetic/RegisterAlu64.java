package io.xenscope.cpu.isa.arithmetic;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Op;

/** The common 64-bit register shapes {@code op r64, r64} and {@code op r64, imm}: no Location indirection. */
final class RegisterAlu64 implements Op {
    private final int op, dst, src;
    private final long imm;
    private final boolean carry, writes;

    /** {@code src < 0}: the source is {@code imm}. */
    RegisterAlu64(int op, int dst, int src, long imm) {
        this.op = op;
        this.dst = dst;
        this.src = src;
        this.imm = imm;
        this.carry = AluOperation.readsCarry(op);
        this.writes = AluOperation.writesDestination(op);
    }

    @Override
    public void execute(Cpu c) {
        long a = c.gpr[dst];
        long b = src < 0 ? imm : c.gpr[src];
        long cf = carry ? Flags.cf(c) : 0;
        long r = AluOperation.result(op, a, b, cf);
        if (writes) {
            c.gpr[dst] = r;
        }
        AluOperation.record(c, op, Flags.S64, a, b, r, cf);
    }
}
