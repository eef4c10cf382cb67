package io.xenscope.cpu.isa.shift;

import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.OpTable;
import io.xenscope.cpu.isa.Lock;

/**
 * Shifts and rotates: ROL, ROR, RCL, RCR, SHL, SAL (the /6 alias too), SHR, SAR by 1, imm8 and CL,
 * and the double shifts SHLD, SHRD. A form decoded without a count operand shifts by 1.
 */
public final class ShiftFamily implements InstructionFamily {
    @Override
    public void register(OpTable table) {
        table.add(Mnemonic.ROL, (insn, ctx) -> shift(Shift.ROL, insn));
        table.add(Mnemonic.ROR, (insn, ctx) -> shift(Shift.ROR, insn));
        table.add(Mnemonic.RCL, (insn, ctx) -> shift(Shift.RCL, insn));
        table.add(Mnemonic.RCR, (insn, ctx) -> shift(Shift.RCR, insn));
        table.add(Mnemonic.SHL, (insn, ctx) -> shift(Shift.SHL, insn));
        table.add(Mnemonic.SAL, (insn, ctx) -> shift(Shift.SHL, insn));
        table.add(Mnemonic.SHR, (insn, ctx) -> shift(Shift.SHR, insn));
        table.add(Mnemonic.SAR, (insn, ctx) -> shift(Shift.SAR, insn));
        table.add(Mnemonic.SHLD, (insn, ctx) -> doubleShift(true, insn));
        table.add(Mnemonic.SHRD, (insn, ctx) -> doubleShift(false, insn));
    }

    private static Op shift(int kind, Instruction insn) {
        Op ud = Lock.invalidLock(insn);
        if (ud != null) {
            return ud;
        }
        Location count = insn.operands().size() > 1 ? Locations.operand(insn, 1) : new ConstantCount(1);
        boolean immediate = insn.operands().size() > 1 && insn.operand(1) instanceof Operand.Imm;
        return new Shift(kind, Locations.operand(insn, 0), count, immediate);
    }

    private static Op doubleShift(boolean left, Instruction insn) {
        Op ud = Lock.invalidLock(insn);
        if (ud != null) {
            return ud;
        }
        return new DoubleShift(left, Locations.operand(insn, 0), Locations.operand(insn, 1), Locations.operand(insn, 2));
    }

    /** The implicit count of the shift-by-one forms when the decoder lists no count operand. */
    private record ConstantCount(long value) implements Location {
        public int size() {
            return 1;
        }

        public long read(io.xenscope.cpu.Cpu c) {
            return value;
        }

        public void write(io.xenscope.cpu.Cpu c, long v) {
            throw new IllegalStateException("write to a constant");
        }
    }
}
