package io.xenscope.cpu.isa.segment;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.InvalidTss;
import io.xenscope.cpu.fault.SegmentNotPresent;
import io.xenscope.cpu.fault.StackSegmentFault;

/**
 * Far control transfers: jmp far, call far (direct, indirect, through call gates), ret far and iret,
 * following the pseudo-code of SDM Vol. 2 (JMP, CALL, RET, IRET) and the privilege rules of Vol. 3
 * §5.8. Task switches (task gates, TSS selectors, IRET with NT) raise #GP with a detail saying so.
 * Every check happens before any register changes.
 */
public final class FarTransfer {
    private FarTransfer() {
    }

    // ---- jmp far / call far ---------------------------------------------------------------------

    /**
     * jmp far or call far to {@code selector:offset}; {@code opSize} is the operand size (2, 4, 8),
     * {@code returnRip} the address of the next instruction (pushed by call).
     */
    public static void transfer(Cpu c, int selector, long offset, int opSize, boolean call, long returnRip) {
        int sel = selector & 0xffff;
        if (!c.mode.isProtected()) {
            long ip = offset & Stack.mask(opSize);
            if (c.mode == CpuMode.REAL && ip > c.seg[Cpu.CS].limit) {
                throw new GeneralProtection(0, "far target beyond the CS limit");
            }
            if (call) {
                Stack st = Stack.current(c);
                st.push(c.seg[Cpu.CS].selector, opSize);
                st.push(returnRip, opSize);
                st.commitRsp();
            }
            SegmentLoader.loadRealMode(c, c.seg[Cpu.CS], sel);
            c.seg[Cpu.CS].attributes |= SegmentRegister.TYPE_CODE;
            c.updateMode();
            c.rip = ip;
            return;
        }
        if ((sel & 0xfffc) == 0) {
            throw new GeneralProtection(0, "far " + (call ? "call" : "jmp") + " to a null selector");
        }
        boolean longMode = c.mode.isLongMode();
        long address = Descriptors.address(c, sel, 8);
        if (address == Descriptors.NONE) {
            throw new GeneralProtection(sel & 0xfffc, String.format("selector %04x beyond the descriptor table limit", sel));
        }
        long d = Descriptors.read(c, address);
        if (Descriptors.isCode(d)) {
            checkDirectCode(c, sel, d);
            long ip = targetOffset(c, d, offset, opSize);
            if (call) {
                Stack st = Stack.current(c);
                st.push(c.seg[Cpu.CS].selector, opSize);
                st.push(returnRip, opSize);
                SegmentLoader.loadCode(c, sel, d, c.cpl, address);
                st.commitRsp();
            } else {
                SegmentLoader.loadCode(c, sel, d, c.cpl, address);
            }
            c.rip = ip;
            return;
        }
        if (Descriptors.isData(d)) {
            throw new GeneralProtection(sel & 0xfffc, String.format("far transfer to data segment %04x", sel));
        }
        int type = Descriptors.type(d);
        if (type == Descriptors.TASK_GATE || !longMode && (type == Descriptors.TSS_AVAILABLE || type == Descriptors.TSS16_AVAILABLE)) {
            throw new GeneralProtection(sel & 0xfffc, String.format(
                    "task switch through selector %04x (task gate or TSS) is not supported by XenScope", sel));
        }
        if (type == Descriptors.CALL_GATE || !longMode && type == Descriptors.CALL_GATE16) {
            throughCallGate(c, sel, d, address, call, returnRip);
            return;
        }
        throw new GeneralProtection(sel & 0xfffc, String.format("selector %04x: descriptor type %d is not a code segment or call gate", sel, type));
    }

    /** Direct jmp/call: conforming DPL <= CPL; non-conforming RPL <= CPL and DPL = CPL; present; not L+D. */
    private static void checkDirectCode(Cpu c, int sel, long d) {
        int err = sel & 0xfffc;
        int dpl = Descriptors.dpl(d);
        if (Descriptors.conforming(d) ? dpl > c.cpl : (sel & 3) > c.cpl || dpl != c.cpl) {
            throw new GeneralProtection(err, String.format("code segment %04x (DPL %d) not reachable from CPL %d", sel, dpl, c.cpl));
        }
        checkCodeFlags(c, err, d);
    }

    private static void checkCodeFlags(Cpu c, int err, long d) {
        if (c.mode.isLongMode() && Descriptors.longCode(d) && Descriptors.defaultBig(d)) {
            throw new GeneralProtection(err, "code segment with both L and D set");
        }
        if (!Descriptors.present(d)) {
            throw new SegmentNotPresent(err, String.format("code segment %04x not present", err));
        }
    }

    /** The new RIP: truncated to the operand size, and within the limit unless the target is 64-bit code. */
    private static long targetOffset(Cpu c, long d, long offset, int opSize) {
        boolean target64 = c.mode.isLongMode() && Descriptors.longCode(d);
        long ip = target64 ? offset : offset & Stack.mask(Math.min(opSize, 4));
        if (target64) {
            if ((ip << 16) >> 16 != ip) {
                throw new GeneralProtection(0, String.format("non-canonical far target 0x%x", ip));
            }
        } else if (ip > Descriptors.limit(d)) {
            throw new GeneralProtection(0, String.format("far target 0x%x beyond the code segment limit", ip));
        }
        return ip;
    }

    private static void throughCallGate(Cpu c, int gateSel, long gate, long gateAddress, boolean call, long returnRip) {
        int gerr = gateSel & 0xfffc;
        boolean longMode = c.mode.isLongMode();
        int gateDpl = Descriptors.dpl(gate);
        if (gateDpl < c.cpl || gateDpl < (gateSel & 3)) {
            throw new GeneralProtection(gerr, String.format("call gate %04x (DPL %d) not accessible at CPL %d RPL %d",
                    gateSel, gateDpl, c.cpl, gateSel & 3));
        }
        if (!Descriptors.present(gate)) {
            throw new SegmentNotPresent(gerr, String.format("call gate %04x not present", gateSel));
        }
        long offset = Descriptors.gateOffset(gate);
        int gateSize = Descriptors.type(gate) == Descriptors.CALL_GATE16 ? 2 : 4;
        if (longMode) {
            long hiAddress = Descriptors.address(c, gateSel, 16);
            if (hiAddress == Descriptors.NONE) {
                throw new GeneralProtection(gerr, "64-bit call gate beyond the descriptor table limit");
            }
            long hi = Descriptors.read(c, gateAddress + 8);
            if (((hi >>> 40) & 0x1f) != 0) {
                throw new GeneralProtection(gerr, "upper half of a 64-bit call gate has a non-zero type");
            }
            offset |= (hi & 0xffffffffL) << 32;
            gateSize = 8;
        } else if (gateSize == 2) {
            offset &= 0xffff;
        }
        int codeSel = Descriptors.gateSelector(gate);
        if ((codeSel & 0xfffc) == 0) {
            throw new GeneralProtection(0, "call gate with a null code selector");
        }
        int cerr = codeSel & 0xfffc;
        long codeAddress = Descriptors.address(c, codeSel, 8);
        if (codeAddress == Descriptors.NONE) {
            throw new GeneralProtection(cerr, String.format("call gate target %04x beyond the descriptor table limit", codeSel));
        }
        long code = Descriptors.read(c, codeAddress);
        int dpl = Descriptors.dpl(code);
        if (!Descriptors.isCode(code) || dpl > c.cpl) {
            throw new GeneralProtection(cerr, String.format("call gate target %04x is not code at DPL <= CPL", codeSel));
        }
        if (longMode && (!Descriptors.longCode(code) || Descriptors.defaultBig(code))) {
            throw new GeneralProtection(cerr, "a 64-bit call gate must target 64-bit code");
        }
        if (!call && !Descriptors.conforming(code) && dpl != c.cpl) {
            throw new GeneralProtection(cerr, "jmp through a call gate to non-conforming code of another privilege level");
        }
        checkCodeFlags(c, cerr, code);
        if (!longMode && offset > Descriptors.limit(code)) {
            throw new GeneralProtection(0, "call gate offset beyond the target's limit");
        }
        if (!call) {
            SegmentLoader.loadCode(c, codeSel, code, c.cpl, codeAddress);
            c.rip = offset;
            return;
        }
        int oldCs = c.seg[Cpu.CS].selector;
        if (!Descriptors.conforming(code) && dpl < c.cpl) {
            callToInnerLevel(c, code, codeSel, codeAddress, dpl, gate, gateSize, offset, oldCs, returnRip);
            return;
        }
        Stack st = Stack.current(c);
        st.push(oldCs, gateSize);
        st.push(returnRip, gateSize);
        SegmentLoader.loadCode(c, codeSel, code, c.cpl, codeAddress);
        st.commitRsp();
        c.rip = offset;
    }

    /** Call gate to more privileged code: the stack switch of SDM Vol. 3 §5.8.5 (Figure 5-13) and §5.8.6. */
    private static void callToInnerLevel(Cpu c, long code, int codeSel, long codeAddress, int dpl, long gate,
                                         int gateSize, long offset, int oldCs, long returnRip) {
        int oldSs = c.seg[Cpu.SS].selector;
        long oldSp = c.gpr[4];
        if (c.mode.isLongMode()) {
            Stack st = Stack.flat64(c, TaskState.rsp(c, dpl, 0), true);
            st.push(oldSs, 8);
            st.push(oldSp, 8);
            st.push(oldCs, 8);
            st.push(returnRip, 8);
            SegmentLoader.loadCode(c, codeSel, code, dpl, codeAddress);
            SegmentLoader.loadStack(c, dpl, 0, 0);
            c.gpr[4] = st.sp;
            c.rip = offset;
            return;
        }
        long[] ssp = TaskState.legacyStack(c, dpl, 0);
        int newSs = (int) ssp[0];
        long ssDesc = checkInnerStack(c, newSs, dpl, 0);
        long ssAddress = Descriptors.address(c, newSs, 8);
        Stack old = Stack.current(c);
        Stack st = Stack.of(c, ssDesc, newSs, ssp[1], dpl < 3);
        int count = Descriptors.gateCount(gate);
        long[] params = new long[count];
        for (int i = 0; i < count; i++) {
            params[i] = old.peek(i * gateSize, gateSize);
        }
        st.push(oldSs, gateSize);
        st.push(oldSp & Stack.mask(old.width()), gateSize);
        for (int i = count - 1; i >= 0; i--) {
            st.push(params[i], gateSize);
        }
        st.push(oldCs, gateSize);
        st.push(returnRip, gateSize);
        SegmentLoader.loadCode(c, codeSel, code, dpl, codeAddress);
        SegmentLoader.loadStack(c, newSs, ssDesc, ssAddress);
        st.commitRsp();
        c.rip = offset;
    }

    /**
     * The inner stack named by a TSS: #TS unless it is a present-or-not writable data segment with
     * RPL = DPL = the new CPL; #SS if not present (SDM Vol. 2 CALL, Vol. 3 §6.12.1). Returns its descriptor.
     */
    public static long checkInnerStack(Cpu c, int ss, int cpl, int ext) {
        int err = ss & 0xfffc;
        if (err == 0) {
            throw new InvalidTss(ext, "TSS names a null stack selector for privilege level " + cpl);
        }
        long a = Descriptors.address(c, ss, 8);
        if (a == Descriptors.NONE) {
            throw new InvalidTss(err | ext, String.format("TSS stack selector %04x beyond the descriptor table limit", ss));
        }
        long d = Descriptors.read(c, a);
        if ((ss & 3) != cpl || Descriptors.dpl(d) != cpl || !Descriptors.writableData(d)) {
            throw new InvalidTss(err | ext, String.format("TSS stack selector %04x is not a writable data segment at DPL %d", ss, cpl));
        }
        if (!Descriptors.present(d)) {
            throw new StackSegmentFault(err | ext, String.format("stack segment %04x not present", ss));
        }
        return d;
    }

    // ---- ret far --------------------------------------------------------------------------------

    /** ret far, releasing {@code release} bytes of parameters (SDM Vol. 2 RET). */
    public static void returnFar(Cpu c, int opSize, int release) {
        Stack st = Stack.current(c);
        if (!c.mode.isProtected()) {
            long ip = st.pop(opSize) & Stack.mask(opSize);
            int cs = (int) st.pop(opSize) & 0xffff;
            st.skip(release);
            if (ip > c.seg[Cpu.CS].limit) {
                throw new GeneralProtection(0, "return address beyond the CS limit");
            }
            SegmentLoader.loadRealMode(c, c.seg[Cpu.CS], cs);
            c.updateMode();
            st.commitRsp();
            c.rip = ip;
            return;
        }
        long ip = st.pop(opSize);
        int cs = (int) st.pop(opSize) & 0xffff;
        st.skip(release);
        int rpl = cs & 3;
        long[] code = checkReturnCode(c, cs);
        if (rpl == c.cpl) {
            long target = returnOffset(c, code[0], ip, opSize);
            SegmentLoader.loadCode(c, cs, code[0], rpl, code[1]);
            st.commitRsp();
            c.rip = target;
            return;
        }
        long sp = st.pop(opSize);
        int ss = (int) st.pop(opSize) & 0xffff;
        long[] stack = checkReturnStack(c, ss, rpl, code[0]);
        long target = returnOffset(c, code[0], ip, opSize);
        SegmentLoader.loadCode(c, cs, code[0], rpl, code[1]);
        SegmentLoader.loadStack(c, ss, stack[0], stack[1]);
        c.gpr[4] = c.mode == CpuMode.LONG_64 ? sp + release
                : c.seg[Cpu.SS].defaultBig() ? (sp + release) & 0xffffffffL
                : (c.gpr[4] & ~0xffffL) | ((sp + release) & 0xffff);
        c.rip = target;
        SegmentLoader.nullInaccessibleDataSegments(c);
    }

    /** The return CS of ret far / iret: {descriptor, address}. */
    private static long[] checkReturnCode(Cpu c, int cs) {
        int err = cs & 0xfffc;
        if (err == 0) {
            throw new GeneralProtection(0, "return to a null code selector");
        }
        long a = Descriptors.address(c, cs, 8);
        if (a == Descriptors.NONE) {
            throw new GeneralProtection(err, String.format("return selector %04x beyond the descriptor table limit", cs));
        }
        long d = Descriptors.read(c, a);
        int rpl = cs & 3;
        if (!Descriptors.isCode(d)) {
            throw new GeneralProtection(err, String.format("return selector %04x is not a code segment", cs));
        }
        if (rpl < c.cpl) {
            throw new GeneralProtection(err, String.format("return to a more privileged level (RPL %d < CPL %d)", rpl, c.cpl));
        }
        int dpl = Descriptors.dpl(d);
        if (Descriptors.conforming(d) ? dpl > rpl : dpl != rpl) {
            throw new GeneralProtection(err, String.format("return code segment %04x has DPL %d for RPL %d", cs, dpl, rpl));
        }
        checkCodeFlags(c, err, d);
        return new long[] {d, a};
    }

    /** The SS of an outer-level return: {descriptor, address}; null allowed for 64-bit code at RPL < 3. */
    private static long[] checkReturnStack(Cpu c, int ss, int rpl, long code) {
        int err = ss & 0xfffc;
        if (err == 0) {
            if (c.mode.isLongMode() && Descriptors.longCode(code) && rpl != 3) {
                return new long[] {0, 0};
            }
            throw new GeneralProtection(0, "return to a null stack selector");
        }
        long a = Descriptors.address(c, ss, 8);
        if (a == Descriptors.NONE) {
            throw new GeneralProtection(err, String.format("return SS %04x beyond the descriptor table limit", ss));
        }
        long d = Descriptors.read(c, a);
        if ((ss & 3) != rpl || Descriptors.dpl(d) != rpl || !Descriptors.writableData(d)) {
            throw new GeneralProtection(err, String.format("return SS %04x is not a writable data segment at DPL %d", ss, rpl));
        }
        if (!Descriptors.present(d)) {
            throw new StackSegmentFault(err, String.format("return stack segment %04x not present", ss));
        }
        return new long[] {d, a};
    }

    private static long returnOffset(Cpu c, long code, long ip, int opSize) {
        boolean target64 = c.mode.isLongMode() && Descriptors.longCode(code);
        if (target64) {
            if ((ip << 16) >> 16 != ip) {
                throw new GeneralProtection(0, String.format("non-canonical return address 0x%x", ip));
            }
            return ip;
        }
        long t = ip & Stack.mask(Math.min(opSize, 4));
        if (t > Descriptors.limit(code)) {
            throw new GeneralProtection(0, String.format("return address 0x%x beyond the code segment limit", t));
        }
        return t;
    }

    // ---- iret -----------------------------------------------------------------------------------

    /** iret / iretd / iretq (SDM Vol. 2 IRET). */
    public static void interruptReturn(Cpu c, int opSize) {
        long flagsNow = Flags.read(c);
        int iopl = (int) (flagsNow >>> 12) & 3;
        Stack st = Stack.current(c);
        if (c.mode == CpuMode.REAL || c.mode == CpuMode.VIRTUAL_8086) {
            if (c.mode == CpuMode.VIRTUAL_8086 && iopl < 3) {
                throw new GeneralProtection(0, "iret in virtual-8086 mode with IOPL < 3");
            }
            long ip = st.pop(opSize) & Stack.mask(opSize);
            int cs = (int) st.pop(opSize) & 0xffff;
            long fl = st.pop(opSize);
            if (ip > c.seg[Cpu.CS].limit) {
                throw new GeneralProtection(0, "iret target beyond the CS limit");
            }
            long keep = c.mode == CpuMode.VIRTUAL_8086 ? Flags.IOPL | Flags.VM | Flags.VIF | Flags.VIP
                    : Flags.VM | Flags.VIF | Flags.VIP;
            long writable = (opSize == 2 ? 0xffffL : 0x3f7fd5L) & ~keep;
            SegmentLoader.loadRealMode(c, c.seg[Cpu.CS], cs);
            st.commitRsp();
            c.setRflags((flagsNow & ~writable) | (fl & writable));
            c.rip = ip;
            return;
        }
        if ((flagsNow & Flags.NT) != 0) {
            throw new GeneralProtection(0, c.mode.isLongMode() ? "iret with NT set in IA-32e mode"
                    : "iret with NT set (return from a nested task) is not supported by XenScope");
        }
        long ip = st.pop(opSize);
        int cs = (int) st.pop(opSize) & 0xffff;
        long fl = st.pop(opSize);
        if (opSize == 4 && (fl & Flags.VM) != 0 && c.cpl == 0 && !c.mode.isLongMode()) {
            returnToVirtual8086(c, st, ip, cs, fl);
            return;
        }
        int rpl = cs & 3;
        long[] code = checkReturnCode(c, cs);
        boolean popStack = c.mode == CpuMode.LONG_64 || rpl != c.cpl;
        long sp = 0;
        int ss = 0;
        long[] stack = null;
        if (popStack) {
            sp = st.pop(opSize);
            ss = (int) st.pop(opSize) & 0xffff;
            stack = checkReturnStack(c, ss, rpl, code[0]);
        }
        long target = returnOffset(c, code[0], ip, opSize);
        long writable = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.TF | Flags.DF | Flags.OF
                | Flags.NT | Flags.RF | Flags.AC | Flags.ID;
        if (c.cpl == 0) {
            writable |= Flags.IOPL | Flags.VIF | Flags.VIP;
        }
        if (c.cpl <= iopl) {
            writable |= Flags.IF;
        }
        if (opSize == 2) {
            writable &= 0xffff;
        }
        long newFlags = (flagsNow & ~writable) | (fl & writable);
        boolean outer = rpl > c.cpl;
        SegmentLoader.loadCode(c, cs, code[0], rpl, code[1]);
        if (popStack) {
            SegmentLoader.loadStack(c, ss, stack[0], stack[1]);
            c.gpr[4] = c.mode == CpuMode.LONG_64 ? sp
                    : c.seg[Cpu.SS].defaultBig() ? sp & 0xffffffffL : (c.gpr[4] & ~0xffffL) | (sp & 0xffff);
        } else {
            st.commitRsp();
        }
        c.setRflags(newFlags);
        c.rip = target;
        if (outer) {
            SegmentLoader.nullInaccessibleDataSegments(c);
        }
    }

    /** iret from CPL 0 with VM set in the popped EFLAGS (SDM Vol. 2 IRET, RETURN-TO-VIRTUAL-8086-MODE). */
    private static void returnToVirtual8086(Cpu c, Stack st, long ip, int cs, long fl) {
        long esp = st.pop(4);
        int ss = (int) st.pop(4);
        int es = (int) st.pop(4);
        int ds = (int) st.pop(4);
        int fs = (int) st.pop(4);
        int gs = (int) st.pop(4);
        c.setRflags((fl & 0x3f7fd5L) | Flags.VM);
        for (int[] r : new int[][] {{Cpu.CS, cs}, {Cpu.SS, ss}, {Cpu.ES, es}, {Cpu.DS, ds}, {Cpu.FS, fs}, {Cpu.GS, gs}}) {
            SegmentLoader.loadRealMode(c, c.seg[r[0]], r[1] & 0xffff);
        }
        c.seg[Cpu.CS].attributes |= SegmentRegister.TYPE_CODE;
        c.updateMode();
        c.gpr[4] = esp & 0xffffffffL;
        c.rip = ip & 0xffff;
    }
}
