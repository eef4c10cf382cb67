package io.xenscope.cpu.isa.string;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.OpTable;
import io.xenscope.cpu.isa.control.Branch;

/** MOVS, STOS, LODS, SCAS, CMPS with REP/REPE/REPNE. INS/OUTS belong to the I/O (system) family. */
public final class StringFamily implements InstructionFamily {
    @Override
    public void register(OpTable t) {
        t.addBlockEnd(Mnemonic.MOVS, (i, c) -> new StringOps.Movs(shape(i), Repeat.of(i)));
        t.addBlockEnd(Mnemonic.STOS, (i, c) -> new StringOps.Stos(shape(i), Repeat.of(i)));
        t.addBlockEnd(Mnemonic.LODS, (i, c) -> new StringOps.Lods(shape(i), Repeat.of(i)));
        t.addBlockEnd(Mnemonic.SCAS, (i, c) -> new StringOps.Scas(shape(i), Repeat.of(i)));
        t.addBlockEnd(Mnemonic.CMPS, (i, c) -> new StringOps.Cmps(shape(i), Repeat.of(i)));
    }

    static Shape shape(Instruction insn) {
        int seg = insn.segmentOverride() != null ? insn.segmentOverride().number : Cpu.DS;
        long self = insn.address() & Branch.ripMask(insn.codeSize());
        return new Shape(insn.operandSize(), insn.addressSize(), Locations.mask(insn.addressSize()), seg,
                insn.codeSize() == CodeSize.BITS64, self, Branch.nextRip(insn));
    }
}
