package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.ExceptionDelivery;
import io.xenscope.cpu.exec.InterruptSource;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.GuestFault;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.cpu.fault.PageFault;

/**
 * How Xen delivers events to a 64-bit PV vCPU (xen/arch/x86/x86_64/entry.S create_bounce_frame,
 * pv/traps.c pv_inject_event, traps.c do_general_protection / do_invalid_op): every guest
 * exception and software interrupt is taken by Xen, which emulates privileged instructions where
 * it does (pv/emul-priv-op.c) and otherwise bounces the event to the handler registered with
 * set_trap_table, building the PV exception frame on the guest kernel stack. Event-channel upcalls
 * go to the event callback the same way, at block boundaries, when evtchn_upcall_pending is set
 * and evtchn_upcall_mask is clear.
 */
public final class PvTraps implements ExceptionDelivery, InterruptSource {
    /** TRAPBOUNCE flags. */
    public static final int TBF_EXCEPTION = 1, TBF_EXCEPTION_ERRCODE = 2, TBF_INTERRUPT = 8, TBF_FAILSAFE = 16;
    /** The pseudo vector this source acknowledges for an event upcall. */
    public static final int UPCALL_VECTOR = 0x1000;
    public static final int FLAT_KERNEL_CS = 0xe033, FLAT_KERNEL_SS = 0xe02b, FLAT_KERNEL_DS = 0xe02b,
            FLAT_USER_CS32 = 0xe023;

    private static final String[] NAMES = {"#DE divide error", "#DB debug", "NMI", "#BP int3", "#OF overflow",
        "#BR bound", "#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor segment overrun",
        "#TS invalid TSS", "#NP segment not present", "#SS stack segment", "#GP general protection", "#PF page fault",
        "vector 15", "#MF x87 floating point", "#AC alignment check", "#MC machine check", "#XM SIMD floating point",
        "#VE virtualisation", "#CP control protection"};

    private final Vcpu v;
    private final PvPrivilegedOps privOps;
    private final PvRoPageFault roPageFault;

    public PvTraps(Vcpu v) {
        this.v = v;
        this.privOps = new PvPrivilegedOps(v);
        this.roPageFault = new PvRoPageFault(v);
    }

    public static String vectorName(int vector) {
        return vector < NAMES.length ? NAMES[vector] : "vector " + vector;
    }

    // ---- ExceptionDelivery --------------------------------------------------------------------

    @Override
    public boolean deliverException(Cpu cpu, GuestFault f) {
        if (v.domain.shutdown) {
            return false;
        }
        long rip = cpu.rip;
        if (f instanceof GeneralProtection && f.errorCode() == 0 && privOps.emulate()) {
            v.domain.emit(new MachineEvent.GuestFault(cpu.instructionCount, v.id, rip, f.vector(), 0, 0,
                    "emulated by Xen: " + privOps.lastEmulated(), false, true));
            return true;
        }
        if (f instanceof InvalidOpcode && privOps.emulateForcedInvalidOp()) {
            v.domain.emit(new MachineEvent.GuestFault(cpu.instructionCount, v.id, rip, f.vector(), 0, 0,
                    "emulated by Xen: forced-emulation prefix (ud2a; .ascii \"xen\") + cpuid", false, true));
            return true;
        }
        if (f instanceof PageFault pf && roPageFault.fixup(cpu, pf)) {
            // fixup_page_fault: Xen fixed the fault itself; the guest never sees it
            v.domain.emit(new MachineEvent.GuestFault(cpu.instructionCount, v.id, rip, f.vector(), pf.errorCode(),
                    pf.linearAddress(), "emulated by Xen: " + roPageFault.lastEmulated(), false, true));
            return true;
        }
        long cr2 = f instanceof PageFault pf0 ? pf0.linearAddress() : 0;
        var intercept = v.domain.faultIntercept;
        if (intercept != null) {
            int ec = f instanceof PageFault
                    ? (f.errorCode() & ~PageFault.U) | (v.kernelMode ? 0 : PageFault.U) : f.errorCode();
            MachineEvent.GuestFault pending = new MachineEvent.GuestFault(cpu.instructionCount, v.id, rip,
                    f.vector(), f.hasErrorCode() ? ec : 0, cr2, f.getMessage(), v.trapAddress[f.vector()] != 0, false);
            if (intercept.test(pending)) {
                // a debugger stops here, before Xen delivers anything: rip is the faulting instruction,
                // which runs (and faults) again when the guest resumes
                if (f instanceof PageFault) {
                    cpu.cr2 = cr2;
                }
                v.engine.requestStop();
                return true;
            }
        }
        if (f instanceof PageFault pf) {
            hintPageTableWrite(cpu, pf);
            cpu.cr2 = cr2;
            cpu.memory.write64(v.vcpuInfoMaddr + SharedInfo.VI_ARCH_CR2, cr2);
        }
        int errorCode = f.errorCode();
        if (f instanceof PageFault) {
            // pv_inject_event: the user bit says guest user mode, not CPL (the kernel runs in ring 3)
            errorCode = (errorCode & ~PageFault.U) | (v.kernelMode ? 0 : PageFault.U);
        }
        injectException(f.vector(), f.hasErrorCode(), errorCode, cr2, f.getMessage());
        return true;
    }

    /** A write fault on a page-table frame: the classic mistake of a kernel ported from bare metal. */
    private void hintPageTableWrite(Cpu cpu, PageFault pf) {
        if ((pf.errorCode() & (PageFault.P | PageFault.W)) != (PageFault.P | PageFault.W)) {
            return;
        }
        long mfn;
        try {
            mfn = v.guest.translate(pf.linearAddress(), io.xenscope.mmu.AccessType.READ) >>> 12;
        } catch (GuestFaultOnCopy e) {
            return;
        }
        var type = v.domain.frames.type(mfn);
        if (type == io.xenscope.xen.mm.FrameType.L1 || type == io.xenscope.xen.mm.FrameType.L2
                || type == io.xenscope.xen.mm.FrameType.L3 || type == io.xenscope.xen.mm.FrameType.L4
                || type == io.xenscope.xen.mm.FrameType.SEG_DESC) {
            boolean ptwrOff = type == io.xenscope.xen.mm.FrameType.L1
                    && !v.domain.vmAssist(Domain.VMASST_TYPE_WRITABLE_PAGETABLES);
            v.domain.emit(new MachineEvent.Hint(cpu.instructionCount, v.id, cpu.rip, String.format(
                    "write to 0x%x, a %s (mfn 0x%x): Xen maps these read-only for a PV guest; change entries with"
                    + " mmu_update / update_va_mapping (or update_descriptor for descriptor tables)%s",
                    pf.linearAddress(), type.words(), mfn, ptwrOff ? "; direct writes to L1 tables work only after"
                    + " vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables)" : "")));
        }
    }

    /** pv_inject_hw_exception(): bounce {@code vector} through the virtual trap table, or crash the domain. */
    public void injectException(int vector, boolean hasErrorCode, int errorCode, long cr2, String description) {
        Cpu cpu = v.cpu;
        long eip = v.trapAddress[vector];
        boolean handled = eip != 0;
        v.domain.emit(new MachineEvent.GuestFault(cpu.instructionCount, v.id, cpu.rip, vector,
                hasErrorCode ? errorCode : 0, cr2, description, handled, false));
        if (!handled) {
            v.domain.crash(String.format("unhandled %s at rip 0x%x (%s mode)%s: no handler in the trap table"
                    + " (set_trap_table)", vectorName(vector), cpu.rip, v.kernelMode ? "kernel" : "user",
                    vector == 14 ? String.format(", cr2 0x%x", cr2) : ""));
            return;
        }
        int flags = TBF_EXCEPTION | (hasErrorCode ? TBF_EXCEPTION_ERRCODE : 0)
                | ((v.trapFlags[vector] & 4) != 0 ? TBF_INTERRUPT : 0);
        createBounceFrame(eip, flags, errorCode);
    }

    @Override
    public boolean deliverInterrupt(Cpu cpu, int vector, boolean software) {
        if (v.domain.shutdown) {
            return false;
        }
        if (vector == UPCALL_VECTOR) {
            if (v.eventCallback == 0) {
                v.domain.crash("event upcall pending and unmasked but no event callback registered"
                        + " (CALLBACKOP_register CALLBACKTYPE_event / set_callbacks)");
                return true;
            }
            createBounceFrame(v.eventCallback, TBF_INTERRUPT, 0);
            return true;
        }
        if (vector == 3 || vector == 4 || vector == 1) {
            // int3 / into have DPL 3 gates in Xen's IDT; icebp raises #DB
            injectException(vector, false, 0, 0, vectorName(vector));
            return true;
        }
        // int $n: allowed only when the trap table entry's DPL permits ring 3 (PERMIT_SOFTINT)
        if (v.trapAddress[vector & 0xff] != 0 && (v.trapFlags[vector & 0xff] & 3) == 3) {
            int flags = TBF_EXCEPTION | ((v.trapFlags[vector & 0xff] & 4) != 0 ? TBF_INTERRUPT : 0);
            createBounceFrame(v.trapAddress[vector & 0xff], flags, 0);
            return true;
        }
        cpu.rip -= 2; // a #GP would not have advanced RIP past int $n
        injectException(13, true, (vector & 0xff) << 3 | 2, 0,
                String.format("#GP general protection: int $0x%x with no DPL 3 trap table entry", vector & 0xff));
        return true;
    }

    // ---- InterruptSource ----------------------------------------------------------------------

    @Override
    public boolean pending(Cpu cpu) {
        if (v.nextTimerDeadline() <= v.now()) {
            v.runExpiredTimers();
        }
        return !v.domain.shutdown && v.upcallPending() != 0 && v.upcallMask() == 0;
    }

    @Override
    public int acknowledge(Cpu cpu) {
        return UPCALL_VECTOR;
    }

    // ---- create_bounce_frame ------------------------------------------------------------------

    /**
     * create_bounce_frame: switch to guest kernel mode (and its stack) if needed, push
     * {RCX, R11, [DS, ES, FS, GS,] [ERRCODE,] RIP, CS, RFLAGS, RSP, SS} (lowest first, 16-byte
     * aligned), and enter {@code eip} with FLAT_KERNEL_CS/SS. CS in the frame has RPL 0 when the
     * guest was in kernel mode and the saved upcall mask in bits 32-39; RFLAGS.IF is the inverse
     * of the saved mask. A frame Xen cannot write crashes the domain.
     */
    public boolean createBounceFrame(long eip, int flags, int errorCode) {
        Cpu c = v.cpu;
        long ss = c.seg[Cpu.SS].selector;
        long rsp = c.gpr[4];
        long rflags = Flags.read(c);
        long rip = c.rip;
        long rcx = c.gpr[1];
        long r11 = c.gpr[11];
        long cs = c.seg[Cpu.CS].selector;
        int[] segs = {c.seg[Cpu.DS].selector, c.seg[Cpu.ES].selector, c.seg[Cpu.FS].selector, c.seg[Cpu.GS].selector};
        long sp;
        if (!v.kernelMode) {
            toggleGuestMode(v);
            sp = v.kernelSp;
        } else {
            sp = rsp;
            cs &= ~3L;
        }
        sp &= ~0xfL;
        if (Long.compareUnsigned(sp, GuestMemory.HYPERVISOR_VIRT_START) >= 0
                && Long.compareUnsigned(sp, GuestMemory.HYPERVISOR_VIRT_END + 60) < 0) {
            v.domain.crash(String.format("bounce frame: guest kernel stack 0x%x lies in Xen's reserved area", sp));
            return false;
        }
        if (eip == 0) {
            v.domain.crash("bounce frame to a null handler address");
            return false;
        }
        int savedMask = v.upcallMask();
        if ((flags & TBF_INTERRUPT) != 0) {
            v.setUpcallMask(1);
        }
        long frameFlags = (rflags & ~Flags.IF) | (savedMask == 0 ? Flags.IF : 0);
        int n = 7 + ((flags & TBF_EXCEPTION_ERRCODE) != 0 ? 1 : 0) + ((flags & TBF_FAILSAFE) != 0 ? 4 : 0);
        long[] frame = new long[n];
        int i = 0;
        frame[i++] = rcx;
        frame[i++] = r11;
        if ((flags & TBF_FAILSAFE) != 0) {
            for (int s : segs) {
                frame[i++] = s;
            }
        }
        if ((flags & TBF_EXCEPTION_ERRCODE) != 0) {
            frame[i++] = errorCode & 0xffffffffL;
        }
        frame[i++] = rip;
        frame[i++] = cs | (long) savedMask << 32;
        frame[i++] = frameFlags;
        frame[i++] = rsp;
        frame[i] = ss;
        sp -= 8L * n;
        try {
            for (int k = 0; k < n; k++) {
                v.guest.write64(sp + 8L * k, frame[k]);
            }
        } catch (GuestFaultOnCopy e) {
            v.domain.crash(String.format("bounce frame: cannot write the exception frame on the guest kernel stack"
                    + " at 0x%x (%s)", sp, e.getMessage()));
            return false;
        }
        long newFlags = rflags & ~(Flags.AC | Flags.VM | Flags.RF | Flags.NT | Flags.TF);
        c.setRflags(newFlags | Flags.IF);
        loadFlatKernelSegments(c);
        c.gpr[4] = sp;
        c.rip = eip;
        // return to the guest through the sysret path: rcx = rip, r11 = rflags
        c.gpr[1] = eip;
        c.gpr[11] = Flags.read(c);
        return true;
    }

    /** CS = FLAT_KERNEL_CS, SS = FLAT_KERNEL_SS, from Xen's reserved GDT entries. */
    public static void loadFlatKernelSegments(Cpu c) {
        c.seg[Cpu.SS].loadDescriptor(FLAT_KERNEL_SS, PerdomainArea.XEN_GDT[5] | 1L << 40);
        c.loadCs(FLAT_KERNEL_CS, 0, 0xffffffffL, 0);
        c.seg[Cpu.CS].loadDescriptor(FLAT_KERNEL_CS, PerdomainArea.XEN_GDT[6] | 1L << 40);
        c.updateMode();
    }

    /**
     * toggle_guest_mode(): flip TF_kernel_mode, swapgs (kernel and user GS bases), and load the
     * kernel or user page-table base.
     */
    public static void toggleGuestMode(Vcpu v) {
        Cpu c = v.cpu;
        v.kernelMode = !v.kernelMode;
        long gs = c.seg[Cpu.GS].base;
        c.seg[Cpu.GS].base = c.msr.kernelGsBase;
        c.msr.kernelGsBase = gs;
        long table = v.kernelMode ? v.domain.mmuDomain.vcpu(v.id).guestTable()
                : v.domain.mmuDomain.vcpu(v.id).guestTableUser();
        if (table != 0) {
            c.setCr3(table << 12);
        }
    }
}
