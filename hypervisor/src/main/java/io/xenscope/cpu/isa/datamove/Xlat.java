package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.Segmentation;
import io.xenscope.cpu.exec.TranslationContext;

/** XLAT (SDM Vol. 2): AL ← [seg:rBX + ZeroExtend(AL)], the sum in the address size; DS unless overridden. */
final class Xlat {
    private Xlat() {
    }

    static Op translate(Instruction insn, TranslationContext ctx) {
        int seg = insn.segmentOverride() != null ? insn.segmentOverride().number : Cpu.DS;
        return new TableLookup(seg, Locations.mask(insn.addressSize()), insn.codeSize() == CodeSize.BITS64);
    }

    record TableLookup(int segment, long addressMask, boolean longMode) implements Op {
        @Override
        public void execute(Cpu c) {
            long ea = (c.gpr[3] + (c.gpr[0] & 0xff)) & addressMask;
            long la = longMode ? Segmentation.linear64(c, segment, ea) : Segmentation.linearLegacy(c, segment, ea, 1, false);
            int v = c.mmu.read8(la);
            c.gpr[0] = (c.gpr[0] & ~0xffL) | v;
        }
    }
}
