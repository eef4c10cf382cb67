package io.xenscope.cpu.isa.system;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.InvalidOpcode;

/**
 * syscall/sysret, sysenter/sysexit and swapgs (SDM Vol. 2): flat segments loaded from STAR or
 * SYSENTER_CS without reading descriptors, as the hardware does.
 */
public final class FastSystemCalls {
    private static final int CODE = SegmentRegister.P | SegmentRegister.S | SegmentRegister.TYPE_CODE
            | SegmentRegister.TYPE_RW | SegmentRegister.TYPE_ACCESSED | SegmentRegister.G;
    private static final int DATA = SegmentRegister.P | SegmentRegister.S | SegmentRegister.TYPE_RW
            | SegmentRegister.TYPE_ACCESSED | SegmentRegister.G | SegmentRegister.DB;
    private static final int DPL3 = 3 << SegmentRegister.DPL_SHIFT;

    private FastSystemCalls() {
    }

    public static void syscall(Cpu c, long next) {
        if ((c.efer & Cpu.EFER_SCE) == 0 || c.mode != CpuMode.LONG_64) {
            throw new InvalidOpcode("syscall " + ((c.efer & Cpu.EFER_SCE) == 0 ? "with EFER.SCE clear" : "outside 64-bit mode"));
        }
        long flags = Flags.read(c);
        if (c.syscallIntercept != null) {
            c.gpr[1] = next;
            c.gpr[11] = flags & ~Flags.RF;
            c.rip = next;
            c.syscallIntercept.vmcall(c);
            return;
        }
        int sel = (int) (c.msr.star >>> 32) & 0xffff;
        c.gpr[1] = next;
        c.gpr[11] = flags & ~Flags.RF;
        c.seg[Cpu.CS].set(sel & 0xfffc, 0, 0xffffffffL, CODE | SegmentRegister.L);
        c.seg[Cpu.SS].set((sel + 8) & 0xfffc, 0, 0xffffffffL, DATA);
        c.updateMode();
        c.setRflags(flags & ~c.msr.fmask & ~Flags.RF);
        c.rip = c.msr.lstar;
    }

    public static void sysret(Cpu c, int opSize) {
        if ((c.efer & Cpu.EFER_SCE) == 0 || c.mode != CpuMode.LONG_64) {
            throw new InvalidOpcode("sysret " + ((c.efer & Cpu.EFER_SCE) == 0 ? "with EFER.SCE clear" : "outside 64-bit mode"));
        }
        if (c.cpl != 0) {
            throw new GeneralProtection(0, "sysret at CPL " + c.cpl);
        }
        long rip = opSize == 8 ? c.gpr[1] : c.gpr[1] & 0xffffffffL;
        if ((rip << 16) >> 16 != rip) {
            throw new GeneralProtection(0, String.format("sysret to non-canonical RCX 0x%x", rip));
        }
        int sel = (int) (c.msr.star >>> 48) & 0xffff;
        if (opSize == 8) {
            c.seg[Cpu.CS].set(((sel + 16) & 0xfffc) | 3, 0, 0xffffffffL, CODE | SegmentRegister.L | DPL3);
        } else {
            c.seg[Cpu.CS].set((sel & 0xfffc) | 3, 0, 0xffffffffL, CODE | SegmentRegister.DB | DPL3);
        }
        c.seg[Cpu.SS].set(((sel + 8) & 0xfffc) | 3, 0, 0xffffffffL, DATA | DPL3);
        c.setRflags((c.gpr[11] & 0x3c7fd7L) | Flags.FIXED);
        c.updateMode();
        c.rip = rip;
    }

    public static void sysenter(Cpu c) {
        if (c.mode == CpuMode.REAL) {
            throw new GeneralProtection(0, "sysenter in real mode");
        }
        int cs = (int) c.msr.sysenterCs & 0xfffc;
        if (cs == 0) {
            throw new GeneralProtection(0, "sysenter with IA32_SYSENTER_CS = 0");
        }
        boolean longMode = c.mode.isLongMode();
        c.setRflags(Flags.read(c) & ~(Flags.VM | Flags.IF | Flags.RF));
        c.seg[Cpu.CS].set(cs, 0, 0xffffffffL, CODE | (longMode ? SegmentRegister.L : SegmentRegister.DB));
        c.seg[Cpu.SS].set(cs + 8, 0, 0xffffffffL, DATA);
        c.updateMode();
        c.gpr[4] = longMode ? c.msr.sysenterEsp : c.msr.sysenterEsp & 0xffffffffL;
        c.rip = longMode ? c.msr.sysenterEip : c.msr.sysenterEip & 0xffffffffL;
    }

    public static void sysexit(Cpu c, int opSize) {
        int cs = (int) c.msr.sysenterCs & 0xfffc;
        if (!c.mode.isProtected() || cs == 0 || c.cpl != 0) {
            throw new GeneralProtection(0, "sysexit outside protected mode, at CPL > 0 or with IA32_SYSENTER_CS = 0");
        }
        long rip = opSize == 8 ? c.gpr[2] : c.gpr[2] & 0xffffffffL;
        long rsp = opSize == 8 ? c.gpr[1] : c.gpr[1] & 0xffffffffL;
        if (opSize == 8 && ((rip << 16) >> 16 != rip || (rsp << 16) >> 16 != rsp)) {
            throw new GeneralProtection(0, "sysexit to a non-canonical RIP or RSP");
        }
        if (opSize == 8) {
            c.seg[Cpu.CS].set((cs + 32) | 3, 0, 0xffffffffL, CODE | SegmentRegister.L | DPL3);
            c.seg[Cpu.SS].set((cs + 40) | 3, 0, 0xffffffffL, DATA | DPL3);
        } else {
            c.seg[Cpu.CS].set((cs + 16) | 3, 0, 0xffffffffL, CODE | SegmentRegister.DB | DPL3);
            c.seg[Cpu.SS].set((cs + 24) | 3, 0, 0xffffffffL, DATA | DPL3);
        }
        c.updateMode();
        c.gpr[4] = rsp;
        c.rip = rip;
    }

    public static void swapgs(Cpu c) {
        if (c.mode != CpuMode.LONG_64) {
            throw new InvalidOpcode("swapgs outside 64-bit mode");
        }
        if (c.cpl != 0) {
            throw new GeneralProtection(0, "swapgs at CPL " + c.cpl);
        }
        long t = c.seg[Cpu.GS].base;
        c.seg[Cpu.GS].base = c.msr.kernelGsBase;
        c.msr.kernelGsBase = t;
    }
}
