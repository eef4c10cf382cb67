package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;

/**
 * XADD (SDM Vol. 2): TEMP ← SRC + DEST; SRC ← DEST; DEST ← TEMP. Flags as ADD. DEST is written
 * last, so xadd with the same register twice leaves the sum.
 */
final class Xadd {
    private Xadd() {
    }

    static Op translate(Instruction insn, TranslationContext ctx) {
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        Location dst = Locations.operand(insn, 0);
        return new ExchangeAdd(dst, Locations.operand(insn, 1), Flags.sizeCode(dst.size()));
    }

    record ExchangeAdd(Location dst, Location src, int size) implements Op {
        @Override
        public void execute(Cpu c) {
            long la = dst.resolve(c);
            long d = dst.readAt(c, la);
            long s = src.read(c);
            long sum = d + s;
            if (dst.isMemory()) {
                dst.writeAt(c, la, sum);
                src.write(c, d);
            } else {
                src.write(c, d);
                dst.writeAt(c, la, sum);
            }
            Flags.setAdd(c, size, d, s, sum);
        }
    }
}
