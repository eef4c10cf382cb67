package io.xenscope.cpu.isa.arithmetic;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/**
 * {@code cmp/test} followed by {@code jcc}, executed as one op: records the flags exactly as the
 * compare would (later readers see the same RFLAGS) and sets {@code rip} to the target or the
 * fall-through, evaluating the condition straight from the recorded operands.
 */
final class FusedCompareBranch implements Op {
    private final int op, size, condition;
    private final Location a, b;
    private final long target, fallThrough;

    FusedCompareBranch(int op, int size, Location a, Location b, int condition, long target, long fallThrough) {
        this.op = op;
        this.size = size;
        this.a = a;
        this.b = b;
        this.condition = condition;
        this.target = target;
        this.fallThrough = fallThrough;
    }

    @Override
    public void execute(Cpu c) {
        long x = a.read(c), y = b.read(c);
        AluOperation.record(c, op, size, x, y, AluOperation.result(op, x, y, 0), 0);
        c.rip = Flags.condition(c, condition) ? target : fallThrough;
    }
}
