package io.xenscope.cpu.isa.arithmetic;

import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.FusionFactory;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.OpTable;
import io.xenscope.cpu.isa.Lock;

/**
 * Integer arithmetic and logic: ADD, OR, ADC, SBB, AND, SUB, XOR, CMP, TEST, INC, DEC, NEG, NOT in
 * every size and form (r/m,r; r,r/m; r/m,imm; AL/AX/EAX/RAX,imm), with lazy flags ({@link Flags}).
 * CMP and TEST only record their operands. LOCK on a memory destination is atomic by construction
 * (one vCPU per host thread); an invalid LOCK (decoder verdict {@link Instruction#lockInvalid()})
 * raises #UD.
 *
 * <p><b>Compare-and-branch fusion.</b> {@link #fusedCompareBranch(Instruction, Instruction)} turns a
 * {@code cmp} or {@code test} and the {@code jcc} right after it into one block-ending op that
 * records the compare's flags (so anything reading RFLAGS later sees exactly what the pair would
 * have left) and sets {@code cpu.rip} to the branch target or the fall-through. The translator may
 * use it when a block's last two instructions are such a pair ({@link #canFuse}); the fused op
 * retires two instructions, which the caller must account for in the instruction count.
 */
public final class ArithmeticFamily implements InstructionFamily {
    private static final Mnemonic[] GROUP1 = {Mnemonic.ADD, Mnemonic.OR, Mnemonic.ADC, Mnemonic.SBB, Mnemonic.AND,
        Mnemonic.SUB, Mnemonic.XOR, Mnemonic.CMP};

    @Override
    public void register(OpTable table) {
        for (int i = 0; i < GROUP1.length; i++) {
            int op = i;
            table.add(GROUP1[i], (insn, ctx) -> binary(op, insn));
        }
        table.add(Mnemonic.TEST, (insn, ctx) -> binary(AluOperation.TEST, insn));
        table.add(Mnemonic.INC, (insn, ctx) -> unary(UnaryAlu.INC, insn));
        table.add(Mnemonic.DEC, (insn, ctx) -> unary(UnaryAlu.DEC, insn));
        table.add(Mnemonic.NEG, (insn, ctx) -> unary(UnaryAlu.NEG, insn));
        table.add(Mnemonic.NOT, (insn, ctx) -> unary(UnaryAlu.NOT, insn));
        FusionFactory fusion = (cmp, jcc, ctx) -> canFuse(cmp, jcc) ? fusedCompareBranch(cmp, jcc) : null;
        table.addFusion(Mnemonic.CMP, fusion);
        table.addFusion(Mnemonic.TEST, fusion);
    }

    static Op binary(int op, Instruction insn) {
        Op ud = Lock.invalidLock(insn);
        if (ud != null) {
            return ud;
        }
        Location dst = Locations.operand(insn, 0);
        Location src = Locations.operand(insn, 1);
        int size = Flags.sizeCode(dst.size());
        if (!AluOperation.writesDestination(op)) {
            return new CompareAlu(op, size, dst, src);
        }
        if ((dst.size() == 8 || dst.size() == 4) && insn.operand(0) instanceof Operand.Reg d) {
            boolean wide = dst.size() == 8;
            if (insn.operand(1) instanceof Operand.Reg s) {
                return wide ? new RegisterAlu64(op, d.register().number, s.register().number, 0)
                        : new RegisterAlu32(op, d.register().number, s.register().number, 0);
            }
            if (insn.operand(1) instanceof Operand.Imm i) {
                return wide ? new RegisterAlu64(op, d.register().number, -1, i.value())
                        : new RegisterAlu32(op, d.register().number, -1, i.value() & 0xffffffffL);
            }
        }
        return new BinaryAlu(op, size, dst, src);
    }

    static Op unary(int op, Instruction insn) {
        Op ud = Lock.invalidLock(insn);
        if (ud != null) {
            return ud;
        }
        Location dst = Locations.operand(insn, 0);
        return new UnaryAlu(op, Flags.sizeCode(dst.size()), dst);
    }

    /** Whether {@code cmp}/{@code test} followed by {@code jcc} can run as one {@link #fusedCompareBranch} op. */
    public static boolean canFuse(Instruction cmp, Instruction jcc) {
        return (cmp.mnemonic() == Mnemonic.CMP || cmp.mnemonic() == Mnemonic.TEST) && !cmp.lockInvalid()
                && jcc.condition() >= 0 && jcc.mnemonic().name().startsWith("J")
                && jcc.operands().size() == 1 && jcc.operand(0) instanceof Operand.Rel
                && cmp.nextAddress() == jcc.address()
                // Only where the branch cannot fault: 64-bit code (no CS limit) with a canonical target.
                && jcc.codeSize() == CodeSize.BITS64 && isCanonical(((Operand.Rel) jcc.operand(0)).target());
    }

    private static boolean isCanonical(long address) {
        return (address << 16) >> 16 == address;
    }

    /**
     * One op for {@code cmp/test} + {@code jcc}: records the compare's flags, then sets {@code cpu.rip} to
     * the jcc's target when its condition holds, else to the instruction after the jcc. Block-ending.
     */
    public static Op fusedCompareBranch(Instruction cmp, Instruction jcc) {
        if (!canFuse(cmp, jcc)) {
            throw new IllegalArgumentException("cannot fuse " + cmp.mnemonic() + " with " + jcc.mnemonic());
        }
        Location a = Locations.operand(cmp, 0);
        Location b = Locations.operand(cmp, 1);
        int op = cmp.mnemonic() == Mnemonic.CMP ? AluOperation.CMP : AluOperation.TEST;
        long ripMask = jcc.codeSize() == CodeSize.BITS64 ? -1L : Locations.mask(jcc.operandSize());
        long target = ((Operand.Rel) jcc.operand(0)).target();
        return new FusedCompareBranch(op, Flags.sizeCode(a.size()), a, b, jcc.condition(), target,
                jcc.nextAddress() & ripMask);
    }
}
