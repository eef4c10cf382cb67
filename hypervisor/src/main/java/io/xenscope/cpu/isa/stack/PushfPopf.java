package io.xenscope.cpu.isa.stack;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.fault.GeneralProtection;

/**
 * PUSHF and POPF (SDM Vol. 2 PUSHF/PUSHFD/PUSHFQ, POPF/POPFD/POPFQ, and Vol. 3 §20.2.7 for VME).
 *
 * <p>PUSHF stores RFLAGS with VM and RF cleared. In virtual-8086 mode with IOPL &lt; 3 it raises
 * #GP(0), unless CR4.VME is set and the operand size is 16 (then IF is replaced by VIF and IOPL
 * reads as 3).
 *
 * <p>POPF changes only the flags the mode allows: at CPL 0 (and in real mode) everything but VIP,
 * VIF and VM; at CPL &gt; 0 IOPL is kept, and IF too when CPL &gt; IOPL; in virtual-8086 mode with
 * IOPL = 3 IOPL is kept; with IOPL &lt; 3 #GP(0) unless CR4.VME with a 16-bit operand, where the
 * popped IF goes to VIF (#GP(0) if that would set VIF with VIP pending, or set TF). RF is cleared;
 * VM, VIP and VIF are never changed by a 32/64-bit POPF. A 16-bit POPF touches only bits 0..15.
 * POPF ends its block: a change of TF or IF must be seen before the next instruction.
 */
final class PushfPopf {
    /** Bits POPF may ever change (CF PF AF ZF SF TF IF DF OF IOPL NT AC ID). */
    static final long WRITABLE = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.TF | Flags.IF
            | Flags.DF | Flags.OF | Flags.IOPL | Flags.NT | Flags.AC | Flags.ID;

    private PushfPopf() {
    }

    static int iopl(long flags) {
        return (int) (flags >>> 12) & 3;
    }

    record Pushf(int size) implements Op {
        @Override
        public void execute(Cpu c) {
            long f = Flags.read(c);
            if (c.mode == CpuMode.VIRTUAL_8086 && iopl(f) < 3) {
                if ((c.cr4 & Cpu.CR4_VME) == 0 || size != 2) {
                    throw new GeneralProtection(0, "pushf in virtual-8086 mode with IOPL < 3");
                }
                f = (f & ~Flags.IF) | ((f & Flags.VIF) != 0 ? Flags.IF : 0) | Flags.IOPL;
            }
            Stack.push(c, size, f & ~(Flags.VM | Flags.RF));
        }
    }

    record Popf(int size, long nextRip) implements Op {
        @Override
        public void execute(Cpu c) {
            long old = Flags.read(c);
            long mask = size == 2 ? 0xffffL : -1L;
            long writable = WRITABLE;
            long popped;
            boolean vme16 = false;
            if (c.mode == CpuMode.VIRTUAL_8086) {
                if (iopl(old) == 3) {
                    writable &= ~Flags.IOPL;
                } else if ((c.cr4 & Cpu.CR4_VME) != 0 && size == 2) {
                    vme16 = true;
                    writable &= ~(Flags.IOPL | Flags.IF);
                } else {
                    throw new GeneralProtection(0, "popf in virtual-8086 mode with IOPL < 3");
                }
            } else if (c.cpl > 0) {
                writable &= ~Flags.IOPL;
                if (c.cpl > iopl(old)) {
                    writable &= ~Flags.IF;
                }
            }
            popped = Stack.top(c, size);
            if (vme16 && ((popped & Flags.IF) != 0 && (old & Flags.VIP) != 0 || (popped & Flags.TF) != 0)) {
                throw new GeneralProtection(0, "popf under VME would set VIF with VIP pending, or TF");
            }
            Stack.pop(c, size);
            writable &= mask;
            long f = (old & ~writable) | (popped & writable);
            if (size != 2) {
                f &= ~Flags.RF;
            }
            if (vme16) {
                f = (f & ~Flags.VIF) | ((popped & Flags.IF) != 0 ? Flags.VIF : 0);
            }
            Flags.write(c, f);
            c.rip = nextRip;
        }
    }
}
