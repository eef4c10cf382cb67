package io.xenscope.cpu.isa.datamove;

import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.OpTable;

/**
 * Data movement and the small fry around it: MOV, MOVZX/MOVSX/MOVSXD, XCHG, CMPXCHG(8B/16B), XADD,
 * LEA, CMOVcc, SETcc, the accumulator sign extensions, XLAT, LAHF/SAHF, the CF/DF instructions,
 * no-ops, hints and fences, CLFLUSH, and the BCD adjustments.
 */
public final class DataMoveFamily implements InstructionFamily {
    @Override
    public void register(OpTable t) {
        t.add(Mnemonic.MOV, Mov::translate);
        t.add(Mnemonic.MOVZX, MovExtend::zeroExtend);
        t.add(Mnemonic.MOVSX, MovExtend::signExtend);
        t.add(Mnemonic.MOVSXD, MovExtend::signExtend);
        t.add(Mnemonic.XCHG, Xchg::translate);
        t.add(Mnemonic.CMPXCHG, CmpXchg::translate);
        t.add(Mnemonic.CMPXCHG8B, CmpXchgWide::translate8);
        t.add(Mnemonic.CMPXCHG16B, CmpXchgWide::translate16);
        t.add(Mnemonic.XADD, Xadd::translate);
        t.add(Mnemonic.LEA, Lea::translate);
        Mnemonic[] cmov = {Mnemonic.CMOVO, Mnemonic.CMOVNO, Mnemonic.CMOVB, Mnemonic.CMOVAE, Mnemonic.CMOVE,
            Mnemonic.CMOVNE, Mnemonic.CMOVBE, Mnemonic.CMOVA, Mnemonic.CMOVS, Mnemonic.CMOVNS, Mnemonic.CMOVP,
            Mnemonic.CMOVNP, Mnemonic.CMOVL, Mnemonic.CMOVGE, Mnemonic.CMOVLE, Mnemonic.CMOVG};
        Mnemonic[] setcc = {Mnemonic.SETO, Mnemonic.SETNO, Mnemonic.SETB, Mnemonic.SETAE, Mnemonic.SETE,
            Mnemonic.SETNE, Mnemonic.SETBE, Mnemonic.SETA, Mnemonic.SETS, Mnemonic.SETNS, Mnemonic.SETP,
            Mnemonic.SETNP, Mnemonic.SETL, Mnemonic.SETGE, Mnemonic.SETLE, Mnemonic.SETG};
        for (int i = 0; i < 16; i++) {
            t.add(cmov[i], Cmov::translate);
            t.add(setcc[i], Setcc::translate);
        }
        t.add(Mnemonic.CBW, (i, c) -> new SignExtendAccumulator.Widen(2));
        t.add(Mnemonic.CWDE, (i, c) -> new SignExtendAccumulator.Widen(4));
        t.add(Mnemonic.CDQE, (i, c) -> new SignExtendAccumulator.Widen(8));
        t.add(Mnemonic.CWD, (i, c) -> new SignExtendAccumulator.SignIntoDx(2));
        t.add(Mnemonic.CDQ, (i, c) -> new SignExtendAccumulator.SignIntoDx(4));
        t.add(Mnemonic.CQO, (i, c) -> new SignExtendAccumulator.SignIntoDx(8));
        t.add(Mnemonic.XLAT, Xlat::translate);
        t.add(Mnemonic.LAHF, FlagsByte::lahf);
        t.add(Mnemonic.SAHF, FlagsByte::sahf);
        t.add(Mnemonic.CLC, (i, c) -> new FlagBits.SetFlag(Flags.CF, false));
        t.add(Mnemonic.STC, (i, c) -> new FlagBits.SetFlag(Flags.CF, true));
        t.add(Mnemonic.CMC, (i, c) -> new FlagBits.ComplementCarry());
        t.add(Mnemonic.CLD, (i, c) -> new FlagBits.SetDirection(false));
        t.add(Mnemonic.STD, (i, c) -> new FlagBits.SetDirection(true));
        for (Mnemonic m : new Mnemonic[] {Mnemonic.NOP, Mnemonic.PAUSE, Mnemonic.ENDBR64, Mnemonic.ENDBR32,
            Mnemonic.PREFETCH, Mnemonic.PREFETCHW, Mnemonic.PREFETCHNTA, Mnemonic.PREFETCHT0, Mnemonic.PREFETCHT1,
            Mnemonic.PREFETCHT2, Mnemonic.LFENCE, Mnemonic.MFENCE, Mnemonic.SFENCE}) {
            t.add(m, NoOperation::translate);
        }
        t.add(Mnemonic.CLFLUSH, NoOperation::clflush);
        t.add(Mnemonic.DAA, (i, c) -> new Bcd.Daa());
        t.add(Mnemonic.DAS, (i, c) -> new Bcd.Das());
        t.add(Mnemonic.AAA, (i, c) -> new Bcd.AsciiAdjust(true));
        t.add(Mnemonic.AAS, (i, c) -> new Bcd.AsciiAdjust(false));
        t.add(Mnemonic.AAM, Bcd::aam);
        t.add(Mnemonic.AAD, Bcd::aad);
        t.add(Mnemonic.SALC, (i, c) -> new Bcd.Salc());
    }
}
