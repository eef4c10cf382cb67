package io.xenscope.cpu.interrupt;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.ExceptionDelivery;
import io.xenscope.cpu.fault.DebugException;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.GuestFault;
import io.xenscope.cpu.fault.PageFault;
import io.xenscope.cpu.fault.SegmentNotPresent;
import io.xenscope.cpu.isa.segment.Descriptors;
import io.xenscope.cpu.isa.segment.FarTransfer;
import io.xenscope.cpu.isa.segment.SegmentLoader;
import io.xenscope.cpu.isa.segment.Stack;
import io.xenscope.cpu.isa.segment.TaskState;

/**
 * Exception and interrupt delivery as bare hardware does it (SDM Vol. 3 chapter 6): the real-mode
 * IVT (§20.1.4), protected-mode IDT interrupt and trap gates with the stack switch from the TSS
 * (§6.12.1), the IA-32e IDT with 16-byte gates, 64-bit frames and IST stacks (§6.14), error codes
 * with the EXT/IDT bits (§6.13), CR2 for #PF and DR6 for #DB. Task gates raise #GP with a detail
 * saying task switching is not supported. Faults raised here reach the engine, which turns them
 * into #DF or a triple fault.
 */
public final class HardwareExceptionDelivery implements ExceptionDelivery {
    private static final int IDT = 2;

    @Override
    public boolean deliverException(Cpu c, GuestFault fault) {
        if (fault instanceof PageFault pf) {
            c.cr2 = pf.linearAddress();
        } else if (fault instanceof DebugException db) {
            c.dr[6] = (c.dr[6] & ~0xfL) | db.dr6Bits() | 0xffff0ff0L & ~(1L << 16) | (c.dr[6] & (1L << 16));
        }
        deliver(c, fault.vector(), 1, fault.hasErrorCode(), fault.errorCode(), false);
        return true;
    }

    @Override
    public boolean deliverInterrupt(Cpu c, int vector, boolean software) {
        deliver(c, vector, software ? 0 : 1, false, 0, software);
        return true;
    }

    /** Delivers {@code vector}; {@code ext} is the EXT bit for error codes of faults during delivery. */
    private void deliver(Cpu c, int vector, int ext, boolean hasError, int error, boolean software) {
        c.halted = false;
        if (c.mode == CpuMode.REAL) {
            real(c, vector);
        } else if (c.mode.isLongMode()) {
            longMode(c, vector, ext, hasError, error, software);
        } else {
            protectedMode(c, vector, ext, hasError, error, software);
        }
        c.interruptShadow = false;
    }

    // ---- real mode ------------------------------------------------------------------------------

    private static void real(Cpu c, int vector) {
        if (vector * 4 + 3 > c.idtrLimit) {
            throw new GeneralProtection(0, "vector " + vector + " beyond the real-mode IDT limit");
        }
        long entry = c.mmu.read32(c.idtrBase + vector * 4L) & 0xffffffffL;
        Stack st = Stack.current(c);
        st.push(Flags.read(c), 2);
        st.push(c.seg[Cpu.CS].selector, 2);
        st.push(c.rip, 2);
        st.commitRsp();
        Flags.materialize(c);
        c.rflags &= ~(Flags.IF | Flags.TF | Flags.AC | Flags.RF);
        int cs = (int) (entry >>> 16);
        c.seg[Cpu.CS].selector = cs;
        c.seg[Cpu.CS].base = (long) cs << 4;
        c.updateMode();
        c.rip = entry & 0xffff;
    }

    // ---- gates ----------------------------------------------------------------------------------

    private static int gateError(int vector, int ext) {
        return vector << 3 | IDT | ext;
    }

    /** Reads and checks the gate; returns {low, high} (high only in IA-32e mode). */
    private static long[] gate(Cpu c, int vector, int ext, boolean software, boolean longMode) {
        int size = longMode ? 16 : 8;
        int gerr = gateError(vector, ext);
        if ((long) vector * size + size - 1 > c.idtrLimit) {
            throw new GeneralProtection(gerr, "vector " + vector + " beyond the IDT limit");
        }
        long base = c.idtrBase + (long) vector * size;
        long lo = c.mmu.readSupervisor(longMode ? base : base & 0xffffffffL, 8);
        long hi = longMode ? c.mmu.readSupervisor(base + 8, 8) : 0;
        int type = Descriptors.type(lo);
        boolean s = Descriptors.isCodeOrData(lo);
        if (!s && type == Descriptors.TASK_GATE && !longMode) {
            throw new GeneralProtection(gerr, "vector " + vector + " is a task gate: task switching is not supported by XenScope");
        }
        boolean valid = !s && (type == Descriptors.INTERRUPT_GATE || type == Descriptors.TRAP_GATE
                || !longMode && (type == Descriptors.INTERRUPT_GATE16 || type == Descriptors.TRAP_GATE16));
        if (!valid || longMode && ((hi >>> 40) & 0x1f) != 0) {
            throw new GeneralProtection(gerr, "IDT entry " + vector + " is not an interrupt or trap gate (type " + type + ")");
        }
        if (software && Descriptors.dpl(lo) < c.cpl) {
            throw new GeneralProtection(gerr, "int " + vector + ": gate DPL " + Descriptors.dpl(lo) + " < CPL " + c.cpl);
        }
        if (!Descriptors.present(lo)) {
            throw new SegmentNotPresent(gerr, "IDT gate " + vector + " not present");
        }
        return new long[] {lo, hi};
    }

    /** The handler's code segment: {descriptor, address}. */
    private static long[] handlerCode(Cpu c, int sel, int ext, boolean longMode) {
        int err = sel & 0xfffc;
        if (err == 0) {
            throw new GeneralProtection(ext, "interrupt gate with a null code selector");
        }
        long a = Descriptors.address(c, sel, 8);
        if (a == Descriptors.NONE) {
            throw new GeneralProtection(err | ext, String.format("handler selector %04x beyond the descriptor table limit", sel));
        }
        long d = Descriptors.read(c, a);
        if (!Descriptors.isCode(d) || Descriptors.dpl(d) > c.cpl) {
            throw new GeneralProtection(err | ext, String.format("handler selector %04x is not code at DPL <= CPL", sel));
        }
        if (longMode && (!Descriptors.longCode(d) || Descriptors.defaultBig(d))) {
            throw new GeneralProtection(err | ext, "IA-32e handler must be a 64-bit code segment");
        }
        if (!Descriptors.present(d)) {
            throw new SegmentNotPresent(err | ext, String.format("handler code segment %04x not present", sel));
        }
        return new long[] {d, a};
    }

    private static void clearFlags(Cpu c, long gate) {
        Flags.materialize(c);
        long clear = Flags.TF | Flags.NT | Flags.RF | Flags.VM;
        int type = Descriptors.type(gate) & 7;
        if (type == 6) { // interrupt gate (16- or 32/64-bit) clears IF; a trap gate leaves it
            clear |= Flags.IF;
        }
        c.setRflags(c.rflags & ~clear);
    }

    // ---- protected mode -------------------------------------------------------------------------

    private static void protectedMode(Cpu c, int vector, int ext, boolean hasError, int error, boolean software) {
        long[] g = gate(c, vector, ext, software, false);
        long gate = g[0];
        int sel = Descriptors.gateSelector(gate);
        long[] code = handlerCode(c, sel, ext, false);
        int dpl = Descriptors.dpl(code[0]);
        boolean gate32 = (Descriptors.type(gate) & 8) != 0;
        int size = gate32 ? 4 : 2;
        long offset = Descriptors.gateOffset(gate) & (gate32 ? 0xffffffffL : 0xffff);
        if (offset > Descriptors.limit(code[0])) {
            throw new GeneralProtection(ext, "handler offset beyond its code segment limit");
        }
        long flags = Flags.read(c);
        boolean v86 = c.mode == CpuMode.VIRTUAL_8086;
        boolean inner = !Descriptors.conforming(code[0]) && dpl < c.cpl;
        if (v86 && (!inner || dpl != 0)) {
            throw new GeneralProtection((sel & 0xfffc) | ext, "interrupt from virtual-8086 mode to a handler not at privilege 0");
        }
        int oldCs = c.seg[Cpu.CS].selector;
        long rip = c.rip;
        if (inner) {
            long[] ssp = TaskState.legacyStack(c, dpl, ext);
            int ss = (int) ssp[0];
            long ssDesc = FarTransfer.checkInnerStack(c, ss, dpl, ext);
            long ssAddr = Descriptors.address(c, ss, 8);
            Stack st = Stack.of(c, ssDesc, ss, ssp[1], true);
            if (v86) {
                st.push(c.seg[Cpu.GS].selector, size);
                st.push(c.seg[Cpu.FS].selector, size);
                st.push(c.seg[Cpu.DS].selector, size);
                st.push(c.seg[Cpu.ES].selector, size);
            }
            st.push(c.seg[Cpu.SS].selector, size);
            st.push(c.gpr[4], size);
            st.push(flags, size);
            st.push(oldCs, size);
            st.push(rip, size);
            if (hasError) {
                st.push(error, size);
            }
            if (v86) {
                for (int r : new int[] {Cpu.GS, Cpu.FS, Cpu.DS, Cpu.ES}) {
                    SegmentLoader.loadNull(c.seg[r], 0);
                }
            }
            clearFlags(c, gate);
            SegmentLoader.loadCode(c, sel, code[0], dpl, code[1]);
            SegmentLoader.loadStack(c, ss, ssDesc, ssAddr);
            st.commitRsp();
        } else {
            Stack st = Stack.current(c);
            st.push(flags, size);
            st.push(oldCs, size);
            st.push(rip, size);
            if (hasError) {
                st.push(error, size);
            }
            clearFlags(c, gate);
            SegmentLoader.loadCode(c, sel, code[0], c.cpl, code[1]);
            st.commitRsp();
        }
        c.rip = offset;
    }

    // ---- IA-32e mode ----------------------------------------------------------------------------

    private static void longMode(Cpu c, int vector, int ext, boolean hasError, int error, boolean software) {
        long[] g = gate(c, vector, ext, software, true);
        long gate = g[0];
        int sel = Descriptors.gateSelector(gate);
        long[] code = handlerCode(c, sel, ext, true);
        int dpl = Descriptors.dpl(code[0]);
        long offset = Descriptors.gateOffset(gate) | (g[1] & 0xffffffffL) << 32;
        if ((offset << 16) >> 16 != offset) {
            throw new GeneralProtection(ext, String.format("non-canonical handler address 0x%x", offset));
        }
        boolean inner = !Descriptors.conforming(code[0]) && dpl < c.cpl;
        int ist = Descriptors.gateCount(gate) & 7;
        long rsp;
        if (ist != 0) {
            rsp = TaskState.ist(c, ist, ext);
        } else if (inner) {
            rsp = TaskState.rsp(c, dpl, ext);
        } else {
            rsp = c.gpr[4];
        }
        rsp &= ~0xfL; // the 64-bit frame starts 16-byte aligned (SDM Vol. 3 §6.14.2)
        int newCpl = inner ? dpl : c.cpl;
        long flags = Flags.read(c);
        Stack st = Stack.flat64(c, rsp, newCpl < 3);
        st.push(c.seg[Cpu.SS].selector, 8);
        st.push(c.gpr[4], 8);
        st.push(flags, 8);
        st.push(c.seg[Cpu.CS].selector, 8);
        st.push(c.rip, 8);
        if (hasError) {
            st.push(error & 0xffffffffL, 8);
        }
        clearFlags(c, gate);
        SegmentLoader.loadCode(c, sel, code[0], newCpl, code[1]);
        if (inner) {
            SegmentLoader.loadStack(c, newCpl, 0, 0); // SS = null with RPL = the new CPL (SDM Vol. 3 §6.14.4)
        }
        c.gpr[4] = st.sp;
        c.rip = offset;
    }
}
