package io.xenscope.xen.hypercall;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.xen.GuestFaultOnCopy;
import io.xenscope.xen.PvTraps;
import io.xenscope.xen.Vcpu;

/**
 * HYPERVISOR_iret (xen/arch/x86/pv/iret.c do_iret, 64-bit): the hypercall page's iret stub pushes
 * rcx, r11, rax on top of the guest's frame, so the guest stack holds struct iret_context
 * {rax, r11, rcx, flags, rip, cs, rflags, rsp, ss}. A return to user mode (CS.RPL 3) switches to
 * the user page tables; RFLAGS.IF becomes the inverse of evtchn_upcall_mask; rcx/r11 come back
 * unless VGCF_in_syscall. Loading CS/SS happens on the way out (Xen's iretq): a bad selector
 * goes to the failsafe callback.
 */
public final class Iret {
    public static final int NR = 23;
    public static final int VGCF_IN_SYSCALL = 1 << 8;

    private Iret() {
    }

    public static long call(Vcpu v) {
        Cpu c = v.cpu();
        long sp = c.gpr[4];
        long[] f = new long[9];
        try {
            for (int i = 0; i < 9; i++) {
                f[i] = v.guest().read64(sp + 8L * i);
            }
        } catch (GuestFaultOnCopy e) {
            v.domain().crash(String.format("iret hypercall: fault while reading the iret context at rsp 0x%x", sp));
            return c.gpr[0];
        }
        long rax = f[0], r11 = f[1], rcx = f[2], flags = f[3], rip = f[4], cs = f[5], rflags = f[6], rsp = f[7],
                ss = f[8];
        if ((cs & 3) == 3) {
            if (v.domain().mmuDomain().vcpu(v.id()).guestTableUser() == 0) {
                v.domain().crash("iret hypercall: guest switching to user mode with no user page tables"
                        + " (MMUEXT_NEW_USER_BASEPTR)");
                return c.gpr[0];
            }
            PvTraps.toggleGuestMode(v);
        }
        long newFlags = (rflags & ~(Flags.IOPL | Flags.VM)) | Flags.IF;
        c.rip = rip;
        c.gpr[4] = rsp;
        c.setRflags(newFlags | Flags.FIXED);
        if ((flags & VGCF_IN_SYSCALL) == 0) {
            c.gpr[11] = r11;
            c.gpr[1] = rcx;
        } else {
            c.gpr[1] = rip;
            c.gpr[11] = Flags.read(c);
        }
        v.setUpcallMask((rflags & Flags.IF) == 0 ? 1 : 0);
        int csSel = (int) (cs | 3) & 0xffff;
        int ssSel = (int) (ss | 3) & 0xffff;
        if (!load(c, csSel, true) || !load(c, ssSel, false)) {
            c.seg[Cpu.CS].selector = csSel;
            c.seg[Cpu.SS].selector = ssSel;
            c.gpr[0] = rax;
            if (v.failsafeCallback == 0) {
                v.domain().crash(String.format("iret hypercall: bad selector (cs 0x%x, ss 0x%x) and no failsafe"
                        + " callback", csSel, ssSel));
                return rax;
            }
            v.domain().traps(v).createBounceFrame(v.failsafeCallback,
                    PvTraps.TBF_FAILSAFE | (v.failsafeDisablesEvents ? PvTraps.TBF_INTERRUPT : 0), 0);
            return c.gpr[0];
        }
        return rax;
    }

    /** What iretq does with a selector: descriptor from the GDT, present, DPL 3, code (CS) or writable data (SS). */
    static boolean load(Cpu c, int sel, boolean code) {
        if ((sel & ~3) == 0 || (sel & 4) != 0) {
            return false;
        }
        int index = sel >>> 3;
        if (index * 8L + 7 > c.gdtrLimit) {
            return false;
        }
        long desc;
        try {
            desc = c.mmu.readSupervisor(c.gdtrBase + index * 8L, 8);
        } catch (RuntimeException e) {
            return false;
        }
        long hi = desc >>> 32;
        boolean present = (hi & 1 << 15) != 0;
        boolean s = (hi & 1 << 12) != 0;
        int type = (int) (hi >>> 8) & 0xf;
        int dpl = (int) (hi >>> 13) & 3;
        if (!present || !s || dpl != 3) {
            return false;
        }
        if (code) {
            if ((type & 8) == 0) {
                return false;
            }
            c.seg[Cpu.CS].loadDescriptor(sel, desc);
            c.updateMode();
        } else {
            if ((type & 8) != 0 || (type & 2) == 0) {
                return false;
            }
            c.seg[Cpu.SS].loadDescriptor(sel, desc);
        }
        return true;
    }
}
