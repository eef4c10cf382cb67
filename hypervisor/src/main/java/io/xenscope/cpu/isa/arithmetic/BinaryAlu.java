package io.xenscope.cpu.isa.arithmetic;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/** ADD/OR/ADC/SBB/AND/SUB/XOR on any destination: read-modify-write with the address computed once. */
final class BinaryAlu implements Op {
    private final int op, size;
    private final boolean carry;
    private final Location dst, src;

    BinaryAlu(int op, int size, Location dst, Location src) {
        this.op = op;
        this.size = size;
        this.carry = AluOperation.readsCarry(op);
        this.dst = dst;
        this.src = src;
    }

    @Override
    public void execute(Cpu c) {
        long b = src.read(c);
        long at = dst.resolve(c);
        long a = dst.readAt(c, at);
        long cf = carry ? Flags.cf(c) : 0;
        long r = AluOperation.result(op, a, b, cf);
        dst.writeAt(c, at, r);
        AluOperation.record(c, op, size, a, b, r, cf);
    }
}
