package io.xenscope.xen.hypercall;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.PerdomainArea;
import io.xenscope.xen.PvTraps;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;
import io.xenscope.xen.mm.FrameTable;
import io.xenscope.xen.mm.MmuResult;
import io.xenscope.xen.mm.MmuextOp;

import java.util.List;

/**
 * VCPUOP_initialise for a 64-bit PV vCPU: struct vcpu_guest_context (arch-x86/xen.h, 5168 bytes)
 * applied as arch_set_info_guest() (xen/arch/x86/domain.c) does for a vCPU not yet initialised:
 * canonical addresses checked, selectors given RPL 3, the LDT and GDT checked, IOPL virtualised and
 * IF forced on, the trap table, callbacks, kernel stack and FS/GS bases taken, the GDT frames typed
 * (pv_set_gdt), CR3 (ctrlreg[3]) and the user CR3 (ctrlreg[1]) taken as root page tables (validated
 * and referenced like MMUEXT_NEW_BASEPTR), and the vCPU left up only with VGCF_online.
 */
public final class VcpuGuestContext {
    public static final int SIZE = 5168;
    static final int FLAGS = 512, USER_REGS = 520, TRAP_CTXT = 720, LDT_BASE = 4816, LDT_ENTS = 4824,
            GDT_FRAMES = 4832, GDT_ENTS = 4960, KERNEL_SS = 4968, KERNEL_SP = 4976, CTRLREG = 4984,
            DEBUGREG = 5048, EVENT_CALLBACK = 5112, FAILSAFE_CALLBACK = 5120, SYSCALL_CALLBACK = 5128,
            VM_ASSIST = 5136, FS_BASE = 5144, GS_BASE_KERNEL = 5152, GS_BASE_USER = 5160;
    /** struct cpu_user_regs (x86_64): r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx rsi rdi, then these. */
    static final int UR_RIP = 128, UR_CS = 136, UR_RFLAGS = 144, UR_RSP = 152, UR_SS = 160, UR_ES = 168, UR_DS = 176,
            UR_FS = 184, UR_GS = 192;
    /** Our GPR index of each of the first 15 cpu_user_regs fields. */
    private static final int[] GPR_ORDER = {15, 14, 13, 12, 5, 3, 11, 10, 9, 8, 0, 1, 2, 6, 7};
    public static final int VGCF_I387_VALID = 1, VGCF_IN_KERNEL = 1 << 2, VGCF_FAILSAFE_DISABLES_EVENTS = 1 << 3,
            VGCF_SYSCALL_DISABLES_EVENTS = 1 << 4, VGCF_ONLINE = 1 << 5;

    private VcpuGuestContext() {
    }

    /** default_initialise_vcpu(): -EEXIST when {@code v} already has a context. */
    public static long initialise(Vcpu cur, Vcpu v, long arg) {
        byte[] raw = cur.guest().readBytes(arg, SIZE);
        java.nio.ByteBuffer c = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (v.initialised) {
            return -Errno.EEXIST;
        }
        return setInfoGuest(v, c);
    }

    private static long setInfoGuest(Vcpu v, java.nio.ByteBuffer c) {
        long flags = c.getLong(FLAGS);
        if (c.getLong(DEBUGREG + 6 * 8) != (c.getLong(DEBUGREG + 6 * 8) & 0xffffffffL)
                || c.getLong(DEBUGREG + 7 * 8) != (c.getLong(DEBUGREG + 7 * 8) & 0xffffffffL)) {
            return -Errno.EINVAL;
        }
        long ldtBase = c.getLong(LDT_BASE), ldtEnts = c.getLong(LDT_ENTS);
        for (int off : new int[] {USER_REGS + UR_RIP, USER_REGS + UR_RSP, KERNEL_SP, FS_BASE, GS_BASE_KERNEL,
                GS_BASE_USER, EVENT_CALLBACK, SYSCALL_CALLBACK, FAILSAFE_CALLBACK}) {
            if (!canonical(c.getLong(off))) {
                return -Errno.EINVAL;
            }
        }
        if (ldtEnts != 0 && !canonical(ldtBase)) {
            return -Errno.EINVAL;
        }
        for (int i = 0; i < 256; i++) {
            if (!canonical(c.getLong(TRAP_CTXT + 16 * i + 8))) {
                return -Errno.EINVAL;
            }
        }
        if (!GuestMemory.addressOk(ldtBase) || (ldtBase & 4095) != 0 || Long.compareUnsigned(ldtEnts, 8192) > 0) {
            return -Errno.EINVAL; // LDT safety checks
        }
        long gdtEnts = c.getLong(GDT_ENTS);
        long cr3 = c.getLong(CTRLREG + 3 * 8), userCr3 = c.getLong(CTRLREG + 8);
        if ((flags & VGCF_IN_KERNEL) == 0 && userCr3 == 0) {
            return -Errno.EINVAL; // user mode needs user page tables
        }
        if (Long.compareUnsigned(gdtEnts, PerdomainArea.FIRST_RESERVED_GDT_ENTRY) > 0) {
            return -Errno.EINVAL; // pv_set_gdt
        }
        long[] gdt = new long[(int) ((gdtEnts + 511) / 512)];
        for (int i = 0; i < gdt.length; i++) {
            gdt[i] = c.getLong(GDT_FRAMES + 8 * i);
        }
        long rc = DescriptorTables.setGdtFrames(v, gdt);
        if (rc != 0) {
            return rc;
        }
        rc = setBasePointers(v, cr3 >>> 12, userCr3 >>> 12, ldtBase, ldtEnts);
        if (rc != 0) {
            DescriptorTables.setGdtFrames(v, new long[0]); // pv_destroy_gdt
            return rc;
        }
        applyState(v, c, flags);
        v.initialised = true;
        if ((flags & VGCF_ONLINE) != 0) {
            v.goUp();
        }
        return 0;
    }

    /** CR3 and the user CR3 taken as the domain's root page tables, and the LDT, on {@code v}'s MMU state. */
    private static long setBasePointers(Vcpu v, long cr3Mfn, long userCr3Mfn, long ldtBase, long ldtEnts) {
        var d = v.domain();
        FrameTable ft = d.frames();
        if (!ft.isValid(cr3Mfn) || ft.owner(cr3Mfn) != d.domid()) {
            return -Errno.EINVAL; // get_page_from_mfn() failed
        }
        List<MmuextOp> ops = new java.util.ArrayList<>(List.of(MmuextOp.of(MmuextOp.NEW_BASEPTR, cr3Mfn)));
        if (userCr3Mfn != 0) {
            ops.add(MmuextOp.of(MmuextOp.NEW_USER_BASEPTR, userCr3Mfn));
        }
        if (ldtEnts != 0) {
            ops.add(new MmuextOp(MmuextOp.SET_LDT, ldtBase, ldtEnts));
        }
        MmuResult r = d.mmu().mmuextOp(d.domid(), v.id(), ops, FrameTable.DOMID_SELF);
        if (r.rc() != 0) {
            if (r.done() > 0) {
                d.mmu().mmuextOp(d.domid(), v.id(), List.of(MmuextOp.of(MmuextOp.NEW_BASEPTR, 0)), FrameTable.DOMID_SELF);
            }
            return r.rc() < 0 ? r.rc() : -Errno.EINVAL;
        }
        v.cpu().setCr3(cr3Mfn << 12);
        v.cpu().mmu.flushAll();
        return 0;
    }

    /** The registers, trap table, callbacks and segments as the vCPU will first run. */
    private static void applyState(Vcpu v, java.nio.ByteBuffer c, long flags) {
        Cpu cpu = v.cpu();
        for (int i = 0; i < GPR_ORDER.length; i++) {
            cpu.gpr[GPR_ORDER[i]] = c.getLong(USER_REGS + 8 * i);
        }
        cpu.rip = c.getLong(USER_REGS + UR_RIP);
        cpu.gpr[4] = c.getLong(USER_REGS + UR_RSP);
        long rflags = c.getLong(USER_REGS + UR_RFLAGS);
        v.iopl = (int) (rflags >>> 12) & 3; // IOPL privileges are virtualised
        cpu.setRflags((rflags & ~(Flags.IOPL | Flags.VM)) | Flags.IF | Flags.FIXED);
        v.kernelMode = (flags & VGCF_IN_KERNEL) != 0;
        for (int i = 0; i < 256; i++) {
            int e = TRAP_CTXT + 16 * i;
            v.trapFlags[i] = c.get(e + 1) & 0xff;
            v.trapCs[i] = (c.getShort(e + 2) & 0xffff) | 3; // fixup_guest_code_selector
            v.trapAddress[i] = c.getLong(e + 8);
        }
        v.kernelSs = (c.getLong(KERNEL_SS) & 0xffff) | 3; // fixup_guest_stack_selector
        v.kernelSp = c.getLong(KERNEL_SP);
        v.eventCallback = c.getLong(EVENT_CALLBACK);
        v.failsafeCallback = c.getLong(FAILSAFE_CALLBACK);
        v.failsafeDisablesEvents = (flags & VGCF_FAILSAFE_DISABLES_EVENTS) != 0;
        v.syscallCallback = c.getLong(SYSCALL_CALLBACK);
        v.syscallDisablesEvents = (flags & VGCF_SYSCALL_DISABLES_EVENTS) != 0;
        int cs = (c.getShort(USER_REGS + UR_CS) & 0xffff) | 3;
        int ss = (c.getShort(USER_REGS + UR_SS) & 0xffff) | 3;
        if (!Iret.load(cpu, cs, true) || !Iret.load(cpu, ss, false)) {
            PvTraps.loadFlatKernelSegments(cpu); // an unusable selector: the failsafe path's flat kernel segments
        }
        int[] data = {Cpu.ES, Cpu.DS, Cpu.FS, Cpu.GS};
        for (int i = 0; i < 4; i++) {
            loadData(cpu, data[i], c.getShort(USER_REGS + UR_ES + 8 * i) & 0xffff);
        }
        cpu.seg[Cpu.FS].base = c.getLong(FS_BASE);
        cpu.seg[Cpu.GS].base = v.kernelMode ? c.getLong(GS_BASE_KERNEL) : c.getLong(GS_BASE_USER);
        cpu.msr.kernelGsBase = v.kernelMode ? c.getLong(GS_BASE_USER) : c.getLong(GS_BASE_KERNEL);
        cpu.updateMode();
    }

    /** load_segments(): a data selector from the GDT, or the null selector when it cannot be loaded. */
    private static void loadData(Cpu cpu, int seg, int sel) {
        if ((sel & ~3) != 0 && (sel & 4) == 0 && (sel >>> 3) * 8L + 7 <= cpu.gdtrLimit) {
            try {
                long desc = cpu.mmu.readSupervisor(cpu.gdtrBase + (sel >>> 3) * 8L, 8);
                if ((desc >>> 47 & 1) != 0 && (desc >>> 44 & 1) != 0) {
                    cpu.seg[seg].loadDescriptor(sel, desc);
                    return;
                }
            } catch (RuntimeException e) {
                // not mapped: null selector
            }
        }
        cpu.seg[seg].loadDescriptor(0, 0);
    }

    private static boolean canonical(long a) {
        return a >> 47 == 0 || a >> 47 == -1;
    }
}
