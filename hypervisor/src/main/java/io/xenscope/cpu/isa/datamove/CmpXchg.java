package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.TranslationContext;

/**
 * CMPXCHG (SDM Vol. 2): compares the accumulator with DEST (flags as CMP accumulator, DEST). Equal:
 * DEST ← SRC. Not equal: accumulator ← DEST. A memory destination always gets a write cycle (the
 * SDM's DEST ← TEMP), so a read-only page faults either way. A register destination is left alone
 * on failure: Intel hardware does not zero-extend a 32-bit one then, whatever the SDM's pseudocode
 * suggests (checked against the host CPU by the differential suite).
 */
final class CmpXchg {
    private CmpXchg() {
    }

    static Op translate(Instruction insn, TranslationContext ctx) {
        if (!Operands.generalPurpose(insn)) {
            return Operands.unsupported(insn);
        }
        Location dst = Locations.operand(insn, 0);
        return new CompareExchange(dst, Locations.operand(insn, 1), Locations.gpr(0, dst.size()),
                Flags.sizeCode(dst.size()));
    }

    record CompareExchange(Location dst, Location src, Location accumulator, int size) implements Op {
        @Override
        public void execute(Cpu c) {
            long la = dst.resolve(c);
            long d = dst.readAt(c, la);
            long a = accumulator.read(c);
            long s = src.read(c);
            boolean equal = a == d;
            if (equal || dst.isMemory()) {
                dst.writeAt(c, la, equal ? s : d);
            }
            if (!equal) {
                accumulator.write(c, d);
            }
            Flags.setSub(c, size, a, d, a - d);
        }
    }
}
