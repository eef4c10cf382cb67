package io.xenscope.cpu.isa.system;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.fault.DebugException;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.mmu.PageWalker;

/**
 * Writes to CR0, CR3, CR4, CR8, EFER and the debug registers with the checks hardware makes (SDM
 * Vol. 2 MOV CR / MOV DR, Vol. 3 §2.5, §9.8.5 initialising IA-32e mode, §9.9 mode switching):
 * #GP(0) for reserved bits, PG without PE, NW without CD, enabling paging with LME but no PAE,
 * clearing PAE or PG in IA-32e mode, CR3 reserved bits. The side effects (mode, LMA, TLB flushes)
 * are {@link Cpu#setCr0} and friends.
 */
public final class ControlRegisters {
    /** The CR4 bits this CPU model supports (cpuid advertises fsgsbase and xsave, no smep/smap/pcid/umip). */
    public static final long CR4_SUPPORTED = Cpu.CR4_VME | Cpu.CR4_PVI | Cpu.CR4_TSD | Cpu.CR4_DE | Cpu.CR4_PSE
            | Cpu.CR4_PAE | Cpu.CR4_MCE | Cpu.CR4_PGE | Cpu.CR4_PCE | Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT
            | Cpu.CR4_FSGSBASE | Cpu.CR4_OSXSAVE;
    /** EFER bits that exist: SCE, LME, LMA, NXE (SDM Vol. 3 §2.2.1). */
    public static final long EFER_SUPPORTED = Cpu.EFER_SCE | Cpu.EFER_LME | Cpu.EFER_LMA | Cpu.EFER_NXE;

    private ControlRegisters() {
    }

    public static void writeCr0(Cpu c, long v) {
        if ((v >>> 32) != 0) {
            throw new GeneralProtection(0, "mov cr0: bits 63..32 set");
        }
        if ((v & Cpu.CR0_PG) != 0 && (v & Cpu.CR0_PE) == 0) {
            throw new GeneralProtection(0, "mov cr0: PG set without PE");
        }
        if ((v & Cpu.CR0_NW) != 0 && (v & Cpu.CR0_CD) == 0) {
            throw new GeneralProtection(0, "mov cr0: NW set without CD");
        }
        boolean enablingPaging = (v & Cpu.CR0_PG) != 0 && (c.cr0 & Cpu.CR0_PG) == 0;
        if (enablingPaging && (c.efer & Cpu.EFER_LME) != 0) {
            if ((c.cr4 & Cpu.CR4_PAE) == 0) {
                throw new GeneralProtection(0, "mov cr0: enabling paging with EFER.LME set but CR4.PAE clear");
            }
            if (c.seg[Cpu.CS].longMode()) {
                throw new GeneralProtection(0, "mov cr0: activating IA-32e mode with CS.L set");
            }
        }
        if ((v & Cpu.CR0_PG) == 0 && (c.cr0 & Cpu.CR0_PG) != 0 && c.mode == CpuMode.LONG_64) {
            throw new GeneralProtection(0, "mov cr0: clearing PG in 64-bit mode (leave IA-32e mode from compatibility mode)");
        }
        c.setCr0(v);
    }

    public static void writeCr3(Cpu c, long v) {
        if (c.mode.isLongMode() && (v & ~((1L << PageWalker.MAXPHYADDR) - 1)) != 0) {
            throw new GeneralProtection(0, String.format("mov cr3: reserved bits set in 0x%x", v));
        }
        c.setCr3(c.mode.isLongMode() ? v : v & 0xffffffffL);
    }

    public static void writeCr4(Cpu c, long v) {
        if ((v & ~CR4_SUPPORTED) != 0) {
            throw new GeneralProtection(0, String.format("mov cr4: reserved or unsupported bits 0x%x", v & ~CR4_SUPPORTED));
        }
        if (c.mode.isLongMode() && (v & Cpu.CR4_PAE) == 0) {
            throw new GeneralProtection(0, "mov cr4: clearing PAE in IA-32e mode");
        }
        c.setCr4(v);
    }

    public static void writeCr8(Cpu c, long v) {
        if ((v & ~0xfL) != 0) {
            throw new GeneralProtection(0, "mov cr8: bits 63..4 are reserved");
        }
        c.cr8 = v;
    }

    public static void writeEfer(Cpu c, long v) {
        if ((v & ~EFER_SUPPORTED) != 0) {
            throw new GeneralProtection(0, String.format("wrmsr EFER: reserved bits 0x%x", v & ~EFER_SUPPORTED));
        }
        if ((c.cr0 & Cpu.CR0_PG) != 0 && ((v ^ c.efer) & Cpu.EFER_LME) != 0) {
            throw new GeneralProtection(0, "wrmsr EFER: changing LME while paging is enabled");
        }
        // LMA is read-only: the processor sets it when paging is enabled with LME (SDM Vol. 3 §9.8.5)
        c.setEfer((v & ~Cpu.EFER_LMA) | (c.efer & Cpu.EFER_LMA));
    }

    public static long readCr(Cpu c, int n) {
        return switch (n) {
            case 0 -> c.cr0;
            case 2 -> c.cr2;
            case 3 -> c.cr3;
            case 4 -> c.cr4;
            case 8 -> c.cr8;
            default -> throw new InvalidOpcode("mov from cr" + n);
        };
    }

    public static void writeCr(Cpu c, int n, long v) {
        switch (n) {
            case 0 -> writeCr0(c, v);
            case 2 -> c.cr2 = v;
            case 3 -> writeCr3(c, v);
            case 4 -> writeCr4(c, v);
            case 8 -> writeCr8(c, v);
            default -> throw new InvalidOpcode("mov to cr" + n);
        }
    }

    /** DR4/DR5 alias DR6/DR7 unless CR4.DE, then #UD; DR8+ #UD; DR7.GD makes the access #DB (SDM Vol. 3 §17.2.2). */
    public static int debugRegister(Cpu c, int n) {
        if (n >= 8 || (n == 4 || n == 5) && (c.cr4 & Cpu.CR4_DE) != 0) {
            throw new InvalidOpcode("mov dr" + n);
        }
        if ((c.dr[7] & (1L << 13)) != 0) {
            c.dr[7] &= ~(1L << 13);
            throw new DebugException(1L << 13, false, "general detect: debug register access with DR7.GD set");
        }
        return n == 4 ? 6 : n == 5 ? 7 : n;
    }

    public static void writeDr(Cpu c, int n, long v) {
        int r = debugRegister(c, n);
        if (r >= 6 && c.mode == CpuMode.LONG_64 && (v >>> 32) != 0) {
            throw new GeneralProtection(0, "mov dr" + r + ": bits 63..32 must be 0");
        }
        c.dr[r] = switch (r) {
            case 6 -> (v & 0x1e00fL) | 0xfffe0ff0L;
            case 7 -> (v & 0xffff2fffL) | 0x400;
            default -> c.mode == CpuMode.LONG_64 ? v : v & 0xffffffffL;
        };
    }
}
