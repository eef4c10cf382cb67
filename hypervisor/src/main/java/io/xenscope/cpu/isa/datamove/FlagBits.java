package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Op;

/** CLC, STC, CMC (CF) and CLD, STD (DF), SDM Vol. 2. */
final class FlagBits {
    private FlagBits() {
    }

    record SetFlag(long flag, boolean value) implements Op {
        @Override
        public void execute(Cpu c) {
            Flags.setFlag(c, flag, value);
        }
    }

    record ComplementCarry() implements Op {
        @Override
        public void execute(Cpu c) {
            Flags.setFlag(c, Flags.CF, Flags.cf(c) == 0);
        }
    }

    /** DF is not an arithmetic flag: no need to materialise the lazy ones. */
    record SetDirection(boolean value) implements Op {
        @Override
        public void execute(Cpu c) {
            c.rflags = value ? c.rflags | Flags.DF : c.rflags & ~Flags.DF;
        }
    }
}
