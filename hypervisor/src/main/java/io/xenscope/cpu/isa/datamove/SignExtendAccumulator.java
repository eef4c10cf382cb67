package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;

/**
 * CBW/CWDE/CDQE (the accumulator's low half sign-extended into the whole) and CWD/CDQ/CQO (the
 * accumulator's sign copied into rDX), SDM Vol. 2.
 */
final class SignExtendAccumulator {
    private SignExtendAccumulator() {
    }

    /** CBW (size 2), CWDE (4), CDQE (8). */
    record Widen(int size) implements Op {
        @Override
        public void execute(Cpu c) {
            c.writeGpr(0, size, false, Locations.signExtend(c.gpr[0], size / 2));
        }
    }

    /** CWD (size 2), CDQ (4), CQO (8). */
    record SignIntoDx(int size) implements Op {
        @Override
        public void execute(Cpu c) {
            long sign = Locations.signExtend(c.gpr[0], size) < 0 ? -1L : 0;
            c.writeGpr(2, size, false, sign);
        }
    }
}
