package io.xenscope.cpu.isa.segment;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.decoder.Register;
import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.OpTable;
import io.xenscope.cpu.exec.TranslationContext;
import io.xenscope.cpu.fault.InvalidOpcode;

/**
 * Segment registers and far control transfers: mov to/from Sreg, push/pop Sreg, lds/les/lfs/lgs/lss,
 * jmp/call far, ret far, iret. Owns the Sreg forms of MOV, PUSH and POP through
 * {@link OpTable#addForm} (the moves family owns the mnemonics).
 */
public final class SegmentFamily implements InstructionFamily {
    @Override
    public void register(OpTable t) {
        // mov ss / pop ss open the interrupt shadow, so they end their block; other Sreg moves do not
        t.addForm(Mnemonic.MOV, i -> isSegment(first(i), Cpu.SS), SegmentFamily::movSreg, true);
        t.addForm(Mnemonic.MOV, SegmentFamily::namesSegment, SegmentFamily::movSreg, false);
        t.addForm(Mnemonic.PUSH, i -> isSegment(first(i)), SegmentFamily::pushSreg, false);
        t.addForm(Mnemonic.POP, i -> isSegment(first(i), Cpu.SS), SegmentFamily::popSreg, true);
        t.addForm(Mnemonic.POP, i -> isSegment(first(i)), SegmentFamily::popSreg, false);
        t.add(Mnemonic.LDS, (i, x) -> loadFarPointer(i, Cpu.DS));
        t.add(Mnemonic.LES, (i, x) -> loadFarPointer(i, Cpu.ES));
        t.add(Mnemonic.LFS, (i, x) -> loadFarPointer(i, Cpu.FS));
        t.add(Mnemonic.LGS, (i, x) -> loadFarPointer(i, Cpu.GS));
        t.addBlockEnd(Mnemonic.LSS, (i, x) -> loadFarPointer(i, Cpu.SS));
        t.addBlockEnd(Mnemonic.JMPF, (i, x) -> farTransfer(i, false));
        t.addBlockEnd(Mnemonic.CALLF, (i, x) -> farTransfer(i, true));
        t.addBlockEnd(Mnemonic.RETF, SegmentFamily::retf);
        t.addBlockEnd(Mnemonic.IRET, (i, x) -> {
            int size = i.operandSize();
            return c -> FarTransfer.interruptReturn(c, size);
        });
        new DescriptorTableInstructions().register(t);
    }

    private static Operand first(Instruction i) {
        return i.operands().isEmpty() ? null : i.operand(0);
    }

    private static boolean isSegment(Operand o, int number) {
        return isSegment(o) && ((Operand.Reg) o).register().number == number;
    }

    static boolean isSegment(Operand o) {
        return o instanceof Operand.Reg r && r.register().kind == Register.Kind.SEGMENT;
    }

    private static boolean namesSegment(Instruction i) {
        for (Operand o : i.operands()) {
            if (isSegment(o)) {
                return true;
            }
        }
        return false;
    }

    // ---- mov Sreg -------------------------------------------------------------------------------

    private static Op movSreg(Instruction i, TranslationContext ctx) {
        long next = i.nextAddress();
        if (isSegment(i.operand(0))) {
            int sreg = ((Operand.Reg) i.operand(0)).register().number;
            Location src = sourceWord(i, i.operand(1));
            if (sreg == Cpu.CS) {
                return c -> {
                    throw new InvalidOpcode("mov to CS");
                };
            }
            if (sreg == Cpu.SS) {
                return c -> {
                    SegmentLoader.load(c, Cpu.SS, (int) src.read(c) & 0xffff);
                    c.interruptShadow = true; // SDM Vol. 3 §6.8.3: mov ss inhibits interrupts for one instruction
                    c.rip = next;
                };
            }
            return c -> SegmentLoader.load(c, sreg, (int) src.read(c) & 0xffff);
        }
        int sreg = ((Operand.Reg) i.operand(1)).register().number;
        Operand dst = i.operand(0);
        // A register destination receives the selector zero-extended to the operand size; memory gets 16 bits.
        Location to = dst instanceof Operand.Mem m ? Locations.memory(m, i, 2) : Locations.of(dst, i);
        return c -> to.write(c, c.seg[sreg].selector);
    }

    private static Location sourceWord(Instruction i, Operand o) {
        if (o instanceof Operand.Mem m) {
            return Locations.memory(m, i, 2);
        }
        return Locations.of(o, i);
    }

    // ---- push / pop Sreg ------------------------------------------------------------------------

    private static Op pushSreg(Instruction i, TranslationContext ctx) {
        int sreg = ((Operand.Reg) i.operand(0)).register().number;
        int size = i.operandSize();
        return c -> {
            Stack st = Stack.current(c);
            // Recent processors write only the 16-bit selector but move the pointer by the operand size (SDM PUSH).
            st.sp = (st.sp - size) & Stack.mask(st.width());
            st.pokeWord(c.seg[sreg].selector, size);
            st.commitRsp();
        };
    }

    private static Op popSreg(Instruction i, TranslationContext ctx) {
        int sreg = ((Operand.Reg) i.operand(0)).register().number;
        int size = i.operandSize();
        long next = i.nextAddress();
        if (sreg == Cpu.CS) {
            return c -> {
                throw new InvalidOpcode("pop cs");
            };
        }
        boolean ss = sreg == Cpu.SS;
        return c -> {
            Stack st = Stack.current(c);
            int sel = (int) st.pop(size) & 0xffff;
            SegmentLoader.load(c, sreg, sel);
            if (ss) {
                c.interruptShadow = true;
                // pop ss: the new SS decides the stack width the pointer update uses
                Stack after = Stack.current(c);
                after.sp = st.sp;
                after.commitRsp();
                c.rip = next;
            } else {
                st.commitRsp();
            }
        };
    }

    // ---- lds / les / lfs / lgs / lss ------------------------------------------------------------

    private static Op loadFarPointer(Instruction i, int sreg) {
        Operand.Reg reg = (Operand.Reg) i.operand(0);
        if (!(i.operand(1) instanceof Operand.Mem m)) {
            return c -> {
                throw new InvalidOpcode("far pointer load from a register");
            };
        }
        int size = i.operandSize();
        Locations.MemoryLocation whole = Locations.memory(m, i, size + 2);
        Location dst = Locations.register(reg.register());
        boolean ss = sreg == Cpu.SS;
        long next = i.nextAddress();
        return c -> {
            long la = whole.linear(c, false);
            long offset = c.mmu.read(la, size);
            int sel = c.mmu.read16(la + size);
            SegmentLoader.load(c, sreg, sel);
            dst.write(c, offset);
            if (ss) {
                c.interruptShadow = true;
                c.rip = next;
            }
        };
    }

    // ---- far transfers --------------------------------------------------------------------------

    private static Op farTransfer(Instruction i, boolean call) {
        long next = i.nextAddress();
        int size = i.operandSize();
        Operand o = i.operand(0);
        if (o instanceof Operand.Far f) {
            int sel = f.selector();
            long off = f.offset();
            return c -> FarTransfer.transfer(c, sel, off, size, call, next);
        }
        if (!(o instanceof Operand.Mem m)) {
            return c -> {
                throw new InvalidOpcode("far transfer through a register");
            };
        }
        Locations.MemoryLocation whole = Locations.memory(m, i, size + 2);
        return c -> {
            long la = whole.linear(c, false);
            long off = c.mmu.read(la, size);
            int sel = c.mmu.read16(la + size);
            FarTransfer.transfer(c, sel, off, size, call, next);
        };
    }

    private static Op retf(Instruction i, TranslationContext ctx) {
        int size = i.operandSize();
        int release = i.operands().isEmpty() ? 0 : (int) ((Operand.Imm) i.operand(0)).value() & 0xffff;
        return c -> FarTransfer.returnFar(c, size, release);
    }

    static boolean is64(Instruction i) {
        return i.codeSize() == CodeSize.BITS64;
    }

    static void requireProtected(Cpu c, String what) {
        if (!c.mode.isProtected()) {
            throw new InvalidOpcode(what + " outside protected mode");
        }
    }

    static void setZf(Cpu c, boolean zf) {
        Flags.setFlag(c, Flags.ZF, zf);
    }

    static boolean realOrV86(Cpu c) {
        return c.mode == CpuMode.REAL || c.mode == CpuMode.VIRTUAL_8086;
    }
}
