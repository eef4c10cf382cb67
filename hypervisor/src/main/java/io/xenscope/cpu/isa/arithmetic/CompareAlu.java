package io.xenscope.cpu.isa.arithmetic;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/** CMP and TEST: read both operands, record the flags, write nothing. */
final class CompareAlu implements Op {
    private final int op, size;
    private final Location a, b;

    CompareAlu(int op, int size, Location a, Location b) {
        this.op = op;
        this.size = size;
        this.a = a;
        this.b = b;
    }

    @Override
    public void execute(Cpu c) {
        long x = a.read(c), y = b.read(c);
        AluOperation.record(c, op, size, x, y, AluOperation.result(op, x, y, 0), 0);
    }
}
