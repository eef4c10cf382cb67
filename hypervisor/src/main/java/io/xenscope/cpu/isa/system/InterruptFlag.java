package io.xenscope.cpu.isa.system;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.fault.GeneralProtection;

/**
 * cli/sti (SDM Vol. 2 CLI, STI; Vol. 3 §20.4 for VME/PVI): IF changes when CPL <= IOPL (always in
 * real mode); otherwise VIF changes in virtual-8086 mode with CR4.VME or at CPL 3 with CR4.PVI;
 * otherwise #GP(0). sti that sets IF opens the one-instruction interrupt shadow.
 */
final class InterruptFlag {
    private InterruptFlag() {
    }

    static void cli(Cpu c) {
        set(c, false);
    }

    static void sti(Cpu c) {
        boolean wasEnabled = (c.rflags & Flags.IF) != 0;
        set(c, true);
        if (!wasEnabled && (c.rflags & Flags.IF) != 0) {
            c.interruptShadow = true;
        }
    }

    private static void set(Cpu c, boolean value) {
        int iopl = (int) (c.rflags >>> 12) & 3;
        long flag;
        if (c.mode == CpuMode.REAL || c.cpl <= iopl && c.mode != CpuMode.VIRTUAL_8086 || c.mode == CpuMode.VIRTUAL_8086 && iopl == 3) {
            flag = Flags.IF;
        } else if (c.mode == CpuMode.VIRTUAL_8086 ? (c.cr4 & Cpu.CR4_VME) != 0
                : c.cpl == 3 && (c.cr4 & Cpu.CR4_PVI) != 0) {
            if (value && (c.rflags & Flags.VIP) != 0) {
                throw new GeneralProtection(0, "sti with VIP set");
            }
            flag = Flags.VIF;
        } else {
            throw new GeneralProtection(0, (value ? "sti" : "cli") + " at CPL " + c.cpl + " above IOPL " + iopl);
        }
        c.rflags = value ? c.rflags | flag : c.rflags & ~flag;
    }
}
