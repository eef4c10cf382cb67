package io.xenscope.cpu.isa.x87;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.X87State;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Locations.MemoryLocation;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.OpTable;

/**
 * x87 control instructions (SDM Vol. 1 §8.3.x): fninit, fnclex, fnstsw, fnstcw, fldcw, wait,
 * fnstenv/fldenv, fnsave/frstor, ffree, fincstp/fdecstp, fnop.
 */
public final class X87ControlFamily implements InstructionFamily {
    @Override
    public void register(OpTable t) {
        t.add(Mnemonic.FNINIT, (insn, ctx) -> c -> {
            X87Availability.check(c);
            c.x87.init();
        });
        t.add(Mnemonic.FNCLEX, (insn, ctx) -> c -> {
            X87Availability.check(c);
            c.x87.statusWord &= ~(0xff | X87Registers.B); // exception flags, SF, ES, B
        });
        t.add(Mnemonic.WAIT, (insn, ctx) -> X87Availability::checkWait);
        t.add(Mnemonic.FNOP, (insn, ctx) -> X87Availability::checkWaiting);
        t.add(Mnemonic.FNSTSW, (insn, ctx) -> {
            Location dst = insn.operand(0) instanceof Operand.Mem m ? Locations.memory(m, insn, 2) : Locations.gpr(0, 2);
            return new StoreWordOp(dst, false);
        });
        t.add(Mnemonic.FNSTCW, (insn, ctx) -> new StoreWordOp(memory(insn, 2), true));
        t.add(Mnemonic.FLDCW, (insn, ctx) -> {
            MemoryLocation m = memory(insn, 2);
            return c -> {
                X87Availability.checkWaiting(c);
                int cw = (int) m.read(c);
                c.x87.controlWord = cw & 0x1f7f | 0x40;
                X87Registers.updateSummary(c.x87);
            };
        });
        t.add(Mnemonic.FNSTENV, (insn, ctx) -> {
            boolean bits16 = insn.operandSize() == 2;
            MemoryLocation m = memory(insn, X87Environment.size(bits16));
            return c -> {
                X87Availability.check(c);
                long la = m.linear(c, true);
                c.mmu.probeWrite(la, X87Environment.size(bits16));
                X87Environment.store(c, la, bits16);
                c.x87.controlWord |= 0x3f; // FNSTENV masks all exceptions (SDM FSTENV)
                X87Registers.updateSummary(c.x87);
            };
        });
        t.add(Mnemonic.FLDENV, (insn, ctx) -> {
            boolean bits16 = insn.operandSize() == 2;
            MemoryLocation m = memory(insn, X87Environment.size(bits16));
            return c -> {
                X87Availability.check(c);
                X87Environment.load(c, m.linear(c, false), bits16);
            };
        });
        t.add(Mnemonic.FNSAVE, (insn, ctx) -> {
            boolean bits16 = insn.operandSize() == 2;
            int env = X87Environment.size(bits16);
            MemoryLocation m = memory(insn, env + 80);
            return c -> {
                X87Availability.check(c);
                long la = m.linear(c, true);
                c.mmu.probeWrite(la, env + 80);
                X87Environment.store(c, la, bits16);
                X87Environment.storeRegisters(c, la + env);
                c.x87.init();
            };
        });
        t.add(Mnemonic.FRSTOR, (insn, ctx) -> {
            boolean bits16 = insn.operandSize() == 2;
            int env = X87Environment.size(bits16);
            MemoryLocation m = memory(insn, env + 80);
            return c -> {
                X87Availability.check(c);
                long la = m.linear(c, false);
                long[] sig = new long[8];
                int[] se = new int[8];
                X87Environment.loadRegisters(c, la + env, sig, se); // read everything before changing state
                X87Environment.load(c, la, bits16);
                X87State s = c.x87;
                for (int i = 0; i < 8; i++) {
                    int p = X87Registers.physical(s, i);
                    s.significand[p] = sig[i];
                    s.signExponent[p] = se[i];
                }
            };
        });
        t.add(Mnemonic.FFREE, (insn, ctx) -> {
            int i = ((Operand.Reg) insn.operand(0)).register().number;
            return c -> {
                X87Availability.checkWaiting(c);
                c.x87.tagWord &= ~(1 << X87Registers.physical(c.x87, i));
            };
        });
        t.add(Mnemonic.FINCSTP, (insn, ctx) -> c -> {
            X87Availability.checkWaiting(c);
            X87Registers.setTop(c.x87, X87Registers.top(c.x87) + 1);
            c.x87.statusWord &= ~X87Registers.C1;
        });
        t.add(Mnemonic.FDECSTP, (insn, ctx) -> c -> {
            X87Availability.checkWaiting(c);
            X87Registers.setTop(c.x87, X87Registers.top(c.x87) - 1);
            c.x87.statusWord &= ~X87Registers.C1;
        });
    }

    static MemoryLocation memory(Instruction insn, int size) {
        return Locations.memory((Operand.Mem) insn.operand(0), insn, size);
    }

    /** fnstsw / fnstcw: a 16-bit store of the status or control word (no pending-exception check). */
    public record StoreWordOp(Location dst, boolean control) implements Op {
        @Override
        public void execute(Cpu c) {
            X87Availability.check(c);
            dst.write(c, control ? c.x87.controlWord : c.x87.statusWord);
        }
    }
}
