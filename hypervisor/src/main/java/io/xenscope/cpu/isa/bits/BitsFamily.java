package io.xenscope.cpu.isa.bits;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.OpTable;
import io.xenscope.cpu.isa.Lock;

/** Bit instructions: BT, BTS, BTR, BTC, BSF, BSR, TZCNT, LZCNT, POPCNT, BSWAP, CRC32, MOVBE. */
public final class BitsFamily implements InstructionFamily {
    @Override
    public void register(OpTable table) {
        table.add(Mnemonic.BT, (insn, ctx) -> bitTest(BitTest.BT, insn));
        table.add(Mnemonic.BTS, (insn, ctx) -> bitTest(BitTest.BTS, insn));
        table.add(Mnemonic.BTR, (insn, ctx) -> bitTest(BitTest.BTR, insn));
        table.add(Mnemonic.BTC, (insn, ctx) -> bitTest(BitTest.BTC, insn));
        table.add(Mnemonic.BSF, (insn, ctx) -> scan(BitScan.BSF, insn));
        table.add(Mnemonic.BSR, (insn, ctx) -> scan(BitScan.BSR, insn));
        table.add(Mnemonic.TZCNT, (insn, ctx) -> scan(BitScan.TZCNT, insn));
        table.add(Mnemonic.LZCNT, (insn, ctx) -> scan(BitScan.LZCNT, insn));
        table.add(Mnemonic.POPCNT, (insn, ctx) -> scan(BitScan.POPCNT, insn));
        table.add(Mnemonic.BSWAP, (insn, ctx) -> guard(insn, new ByteSwap(Locations.operand(insn, 0))));
        table.add(Mnemonic.MOVBE, (insn, ctx) -> guard(insn, new MoveBigEndian(Locations.operand(insn, 0), Locations.operand(insn, 1))));
        table.add(Mnemonic.CRC32, (insn, ctx) -> guard(insn, new Crc32(Locations.operand(insn, 0), Locations.operand(insn, 1))));
    }

    private static Op bitTest(int kind, Instruction insn) {
        Location dst = Locations.operand(insn, 0);
        Location offset = Locations.operand(insn, 1);
        Locations.MemoryLocation memory = insn.operand(0) instanceof Operand.Mem m && insn.operand(1) instanceof Operand.Reg
                ? Locations.memory(m, insn, m.size()) : null;
        return guard(insn, new BitTest(kind, dst, offset, memory, insn.addressSize(), insn.codeSize() == CodeSize.BITS64));
    }

    private static Op scan(int kind, Instruction insn) {
        return guard(insn, new BitScan(kind, Locations.operand(insn, 0), Locations.operand(insn, 1)));
    }

    private static Op guard(Instruction insn, Op op) {
        Op ud = Lock.invalidLock(insn);
        return ud != null ? ud : op;
    }
}
