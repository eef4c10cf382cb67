package io.xenscope.cpu.isa.arithmetic;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;

/** INC, DEC, NEG, NOT (SDM Vol. 2): INC/DEC keep CF, NEG is 0 - x (CF = x != 0), NOT changes no flag. */
final class UnaryAlu implements Op {
    static final int INC = 0, DEC = 1, NEG = 2, NOT = 3;
    private final int op, size;
    private final Location dst;

    UnaryAlu(int op, int size, Location dst) {
        this.op = op;
        this.size = size;
        this.dst = dst;
    }

    @Override
    public void execute(Cpu c) {
        long at = dst.resolve(c);
        long a = dst.readAt(c, at);
        switch (op) {
            case INC -> {
                long r = a + 1;
                dst.writeAt(c, at, r);
                Flags.setInc(c, size, a, r);
            }
            case DEC -> {
                long r = a - 1;
                dst.writeAt(c, at, r);
                Flags.setDec(c, size, a, r);
            }
            case NEG -> {
                long r = -a;
                dst.writeAt(c, at, r);
                Flags.setSub(c, size, 0, a, r);
            }
            default -> dst.writeAt(c, at, ~a);
        }
    }
}
