package io.xenscope.cpu;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.mmu.Mmu;

/**
 * The architectural state of one x86-64 logical processor (one vCPU): what the Intel SDM calls the
 * processor state, and nothing about how instructions execute (that is {@code cpu.exec}).
 *
 * <p>Fields are public and mutable on purpose: translated ops touch them millions of times per
 * second. Invariants that span fields (the current {@link #mode}, {@link #cpl}) are kept by the
 * methods that change the fields they derive from: {@link #setCr0}, {@link #setEfer}, {@link #loadCs}...
 */
public final class Cpu {
    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    /** CR0 bits (SDM Vol. 3 §2.5). */
    public static final long CR0_PE = 1, CR0_MP = 1 << 1, CR0_EM = 1 << 2, CR0_TS = 1 << 3, CR0_ET = 1 << 4,
            CR0_NE = 1 << 5, CR0_WP = 1 << 16, CR0_AM = 1 << 18, CR0_NW = 1L << 29, CR0_CD = 1L << 30,
            CR0_PG = 1L << 31;
    /** CR4 bits (SDM Vol. 3 §2.5). */
    public static final long CR4_VME = 1, CR4_PVI = 1 << 1, CR4_TSD = 1 << 2, CR4_DE = 1 << 3, CR4_PSE = 1 << 4,
            CR4_PAE = 1 << 5, CR4_MCE = 1 << 6, CR4_PGE = 1 << 7, CR4_PCE = 1 << 8, CR4_OSFXSR = 1 << 9,
            CR4_OSXMMEXCPT = 1 << 10, CR4_UMIP = 1 << 11, CR4_FSGSBASE = 1 << 16, CR4_PCIDE = 1 << 17,
            CR4_OSXSAVE = 1 << 18, CR4_SMEP = 1 << 20, CR4_SMAP = 1 << 21;
    /** IA32_EFER bits (SDM Vol. 3 §2.2.1). */
    public static final long EFER_SCE = 1, EFER_LME = 1 << 8, EFER_LMA = 1 << 10, EFER_NXE = 1 << 11;

    // ---- general-purpose state ------------------------------------------------------------------
    /** RAX..R15 by encoding number. */
    public final long[] gpr = new long[16];
    public long rip;

    /** RFLAGS; the arithmetic bits are valid only while {@code flagOp == Flags.OP_NONE} (see {@link Flags}). */
    public long rflags = Flags.FIXED;
    public int flagOp;
    public long flagDst, flagSrc, flagRes;

    // ---- segmentation ---------------------------------------------------------------------------
    public final SegmentRegister[] seg = {new SegmentRegister(), new SegmentRegister(), new SegmentRegister(),
            new SegmentRegister(), new SegmentRegister(), new SegmentRegister()};
    public final SegmentRegister ldtr = new SegmentRegister();
    public final SegmentRegister tr = new SegmentRegister();
    public long gdtrBase, idtrBase;
    public int gdtrLimit = 0xffff, idtrLimit = 0xffff;

    // ---- system state ---------------------------------------------------------------------------
    public long cr0 = CR0_ET | CR0_CD | CR0_NW;
    public long cr2, cr3, cr4, cr8;
    public long efer;
    public long xcr0 = 1;
    public final long[] dr = {0, 0, 0, 0, 0, 0, 0xffff0ff0L, 0x400};
    /** Current privilege level (CS.RPL outside real mode; 3 in virtual-8086 mode). */
    public int cpl;
    /** Derived from CR0.PE, RFLAGS.VM, EFER.LMA and CS.L; recomputed by {@link #updateMode()}. */
    public CpuMode mode = CpuMode.REAL;
    /** The decoder's view of {@link #mode} with the current CS. */
    public CodeSize codeSize = CodeSize.BITS16;

    // ---- SIMD and x87 state -------------------------------------------------------------------
    /** XMM0..XMM15: xmm[2n] holds bits 0..63 of XMMn, xmm[2n+1] bits 64..127. */
    public final long[] xmm = new long[32];
    public int mxcsr = 0x1f80;
    public final X87State x87 = new X87State();

    // ---- MSRs and time --------------------------------------------------------------------------
    public final ModelSpecificRegisters msr = new ModelSpecificRegisters();
    /** Instructions retired since reset: the source of virtual time (the virtual TSC derives from it). */
    public long instructionCount;

    // ---- execution control ----------------------------------------------------------------------
    /** Interrupts are inhibited until after the next instruction (sti, mov ss; SDM Vol. 3 §6.8.3). */
    public boolean interruptShadow;
    public boolean halted;
    /**
     * Takes vmcall/vmmcall (the hypervisor's hypercall path); null means none, and the instructions
     * raise #UD as on hardware outside VMX non-root operation. Entered with RIP at the next instruction.
     */
    public HypercallHandler vmcallHandler;
    /**
     * Takes syscall before the hardware does (Xen's LSTAR entry for PV guests: a 64-bit PV kernel's
     * syscall is a hypercall, a PV user's is bounced to the guest kernel); null means the hardware
     * behaviour. Entered after the architectural checks (#UD without EFER.SCE or outside 64-bit
     * mode), with RCX = next RIP, R11 = RFLAGS and RIP at the next instruction.
     */
    public HypercallHandler syscallIntercept;
    /**
     * CPUID faulting (Intel MISC_FEATURES_ENABLES bit 0 / AMD CpuidUserDis) as a hypervisor uses
     * it: when set, cpuid is answered by this handler (it writes RAX/RBX/RCX/RDX and must not touch
     * RIP); null means the CPU model answers.
     */
    public HypercallHandler cpuidIntercept;
    /** MSRs a hypervisor answers before the CPU model does (MSR exiting); null means none. */
    public MsrIntercept msrIntercept;

    // ---- the world around the core ------------------------------------------------------------
    public final PhysicalMemory memory;
    public final Mmu mmu;
    public final IoBus io;
    public final CpuModel model;

    public Cpu(PhysicalMemory memory, IoBus io, CpuModel model) {
        this.memory = memory;
        this.io = io;
        this.model = model;
        this.mmu = new Mmu(this, memory);
        reset();
    }

    /** Power-on / INIT state (SDM Vol. 3 §10.1.1, Table 10-1): real mode at F000:FFF0. */
    public void reset() {
        java.util.Arrays.fill(gpr, 0);
        gpr[2] = model.resetEdx();
        Flags.write(this, 0);
        for (SegmentRegister s : seg) {
            s.loadReal(0);
        }
        seg[CS].set(0xf000, 0xffff0000L, 0xffff,
                SegmentRegister.P | SegmentRegister.S | SegmentRegister.TYPE_CODE | SegmentRegister.TYPE_RW
                        | SegmentRegister.TYPE_ACCESSED);
        rip = 0xfff0;
        ldtr.set(0, 0, 0xffff, SegmentRegister.P | 2);
        tr.set(0, 0, 0xffff, SegmentRegister.P | 11);
        gdtrBase = idtrBase = 0;
        gdtrLimit = idtrLimit = 0xffff;
        cr0 = CR0_ET | CR0_CD | CR0_NW;
        cr2 = cr3 = cr4 = cr8 = efer = 0;
        xcr0 = 1;
        java.util.Arrays.fill(dr, 0);
        dr[6] = 0xffff0ff0L;
        dr[7] = 0x400;
        java.util.Arrays.fill(xmm, 0);
        mxcsr = 0x1f80;
        x87.reset();
        msr.reset();
        interruptShadow = false;
        halted = false;
        updateMode();
        mmu.flushAll();
    }

    // ---- register access with x86 write semantics ------------------------------------------------

    /** Reads a GPR of {@code size} bytes; {@code highByte} selects AH..BH. */
    public long readGpr(int number, int size, boolean highByte) {
        long v = gpr[number];
        return switch (size) {
            case 1 -> highByte ? (v >>> 8) & 0xff : v & 0xff;
            case 2 -> v & 0xffff;
            case 4 -> v & 0xffffffffL;
            default -> v;
        };
    }

    /** Writes a GPR: 32-bit writes zero-extend to 64 bits, 8/16-bit writes merge (SDM Vol. 1 §3.4.1.1). */
    public void writeGpr(int number, int size, boolean highByte, long value) {
        switch (size) {
            case 1 -> gpr[number] = highByte
                    ? (gpr[number] & ~0xff00L) | ((value & 0xff) << 8)
                    : (gpr[number] & ~0xffL) | (value & 0xff);
            case 2 -> gpr[number] = (gpr[number] & ~0xffffL) | (value & 0xffff);
            case 4 -> gpr[number] = value & 0xffffffffL;
            default -> gpr[number] = value;
        }
    }

    // ---- flags ------------------------------------------------------------------------------------

    public long rflags() {
        return Flags.read(this);
    }

    public void setRflags(long value) {
        boolean vmChanged = ((value ^ rflags) & Flags.VM) != 0;
        Flags.write(this, value);
        if (vmChanged) {
            updateMode();
        }
    }

    public boolean interruptsEnabled() {
        return (rflags & Flags.IF) != 0;
    }

    // ---- control registers and mode ---------------------------------------------------------------

    public void setCr0(long value) {
        long changed = cr0 ^ value;
        cr0 = value | CR0_ET;
        if ((changed & (CR0_PG | CR0_WP | CR0_PE)) != 0) {
            if ((value & CR0_PG) != 0 && (efer & EFER_LME) != 0 && (changed & CR0_PG) != 0) {
                efer |= EFER_LMA;
            } else if ((value & CR0_PG) == 0) {
                efer &= ~EFER_LMA;
            }
            mmu.flushAll();
        }
        updateMode();
    }

    public void setCr3(long value) {
        cr3 = value;
        if ((cr4 & CR4_PGE) != 0) {
            mmu.flushNonGlobal();
        } else {
            mmu.flushAll();
        }
    }

    public void setCr4(long value) {
        long changed = cr4 ^ value;
        cr4 = value;
        if ((changed & (CR4_PAE | CR4_PGE | CR4_PSE | CR4_SMEP | CR4_SMAP | CR4_PCIDE)) != 0) {
            mmu.flushAll();
        }
    }

    public void setEfer(long value) {
        long changed = efer ^ value;
        efer = value;
        if ((changed & EFER_NXE) != 0) {
            mmu.flushAll();
        }
        updateMode();
    }

    /** Loads CS and recomputes the mode (CS.L and CS.D select 64-bit, compatibility, 16/32-bit code). */
    public void loadCs(int selector, long base, long limit, int attributes) {
        seg[CS].set(selector, base, limit, attributes);
        updateMode();
    }

    /** Recomputes {@link #mode}, {@link #codeSize} and {@link #cpl} from CR0, RFLAGS, EFER and CS. */
    public void updateMode() {
        SegmentRegister cs = seg[CS];
        if ((cr0 & CR0_PE) == 0) {
            mode = CpuMode.REAL;
            cpl = 0;
        } else if ((rflags & Flags.VM) != 0) {
            mode = CpuMode.VIRTUAL_8086;
            cpl = 3;
        } else {
            mode = (efer & EFER_LMA) != 0
                    ? (cs.longMode() ? CpuMode.LONG_64 : CpuMode.COMPATIBILITY)
                    : CpuMode.PROTECTED;
            cpl = cs.rpl();
        }
        codeSize = mode.codeSize(cs);
    }

    /** Width of the stack pointer in bytes (SS.B; 8 in 64-bit mode). */
    public int stackSize() {
        if (mode == CpuMode.LONG_64) {
            return 8;
        }
        return mode.isProtected() && seg[SS].defaultBig() ? 4 : 2;
    }
}
