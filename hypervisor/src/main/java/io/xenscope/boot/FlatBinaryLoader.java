package io.xenscope.boot;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.memory.PhysicalMemory;

/**
 * Loads a flat binary (raw bytes, no headers, entry at a known address) and puts the CPU straight
 * into the mode the code was built for, the way a boot loader would leave it, without executing any
 * mode-switch code. Used by the benchmark and by CPU tests that need a machine in a given mode.
 *
 * <p>Memory layout (all below 1 MiB, out of the way of a binary loaded at 1 MiB):
 * GDT ({@link FlatGdt}) at {@link #GDT_BASE}, identity page tables at {@link #PAGE_TABLES}
 * (long mode only). The caller chooses the load address, entry point and stack top.
 * Interrupts are disabled and the IDT is empty: any exception ends in a triple fault.
 */
public final class FlatBinaryLoader {
    public static final long GDT_BASE = 0x1000;
    public static final long PAGE_TABLES = 0x2000;
    /** A conventional default stack top, below the EBDA. */
    public static final long DEFAULT_STACK_TOP = 0x90000;

    private FlatBinaryLoader() {
    }

    /** Copies {@code image} into guest physical memory at {@code address}. */
    public static void load(PhysicalMemory memory, long address, byte[] image) {
        if (address < 0 || address + image.length > memory.ramBytes()) {
            throw new IllegalArgumentException(String.format("image of %d bytes at %#x does not fit in %d bytes of RAM",
                    image.length, address, memory.ramBytes()));
        }
        memory.writeBytes(address, image, 0, image.length);
    }

    /**
     * 64-bit long mode: paging with an identity map of the first 1 GiB, CS = 64-bit code (L=1),
     * flat SS/DS/ES/FS/GS, RIP = {@code entry}, RSP = {@code stackTop}.
     */
    public static void enterLongMode(Cpu cpu, long entry, long stackTop) {
        requireRam(cpu, PAGE_TABLES + IdentityPageTables.SIZE);
        FlatGdt.write(cpu.memory, GDT_BASE);
        loadGdtr(cpu);
        cpu.setCr3(IdentityPageTables.write(cpu.memory, PAGE_TABLES));
        cpu.setCr4(cpu.cr4 | Cpu.CR4_PAE);
        cpu.setEfer(cpu.efer | Cpu.EFER_LME);
        // Setting CR0.PG with EFER.LME set activates long mode (EFER.LMA), as on hardware.
        cpu.setCr0((cpu.cr0 & ~(Cpu.CR0_CD | Cpu.CR0_NW)) | Cpu.CR0_PE | Cpu.CR0_PG | Cpu.CR0_NE | Cpu.CR0_WP);
        loadFlatData(cpu);
        cpu.loadCs(FlatGdt.CODE64, 0, 0xffffffffL, FlatGdt.CODE64_ATTR);
        startAt(cpu, entry, stackTop);
    }

    /** 32-bit protected mode, paging off: CS = flat 32-bit code, flat data segments, EIP = entry, ESP = stackTop. */
    public static void enterProtectedMode(Cpu cpu, long entry, long stackTop) {
        requireRam(cpu, GDT_BASE + FlatGdt.SIZE);
        FlatGdt.write(cpu.memory, GDT_BASE);
        loadGdtr(cpu);
        cpu.setCr0((cpu.cr0 & ~(Cpu.CR0_CD | Cpu.CR0_NW | Cpu.CR0_PG)) | Cpu.CR0_PE | Cpu.CR0_NE);
        loadFlatData(cpu);
        cpu.loadCs(FlatGdt.CODE32, 0, 0xffffffffL, FlatGdt.CODE32_ATTR);
        startAt(cpu, entry & 0xffffffffL, stackTop & 0xffffffffL);
    }

    /**
     * 16-bit real mode: CS:IP = {@code entry >> 4 : entry & 0xf}, DS = ES = FS = GS = 0, SS:SP such that
     * the linear stack top is {@code stackTop}. Both addresses must lie below 1 MiB.
     */
    public static void enterRealMode(Cpu cpu, long entry, long stackTop) {
        if (entry >= 0x100000 || stackTop > 0x100000 || stackTop <= 0) {
            throw new IllegalArgumentException("real-mode entry and stack must lie below 1 MiB");
        }
        cpu.setCr0(cpu.cr0 & ~(Cpu.CR0_PE | Cpu.CR0_PG));
        for (int s : new int[] {Cpu.ES, Cpu.DS, Cpu.FS, Cpu.GS}) {
            cpu.seg[s].loadReal(0);
        }
        long ssBase = (stackTop - 1) & ~0xffffL;
        cpu.seg[Cpu.SS].loadReal((int) (ssBase >>> 4));
        cpu.loadCs((int) (entry >>> 4), entry & ~0xfL, 0xffff,
                SegmentRegister.P | SegmentRegister.S | SegmentRegister.TYPE_CODE | SegmentRegister.TYPE_RW
                        | SegmentRegister.TYPE_ACCESSED);
        Flags.write(cpu, 0);
        cpu.rip = entry & 0xf;
        cpu.gpr[4] = (stackTop - ssBase) & 0xffff;
        cpu.halted = false;
    }

    private static void loadGdtr(Cpu cpu) {
        cpu.gdtrBase = GDT_BASE;
        cpu.gdtrLimit = FlatGdt.SIZE - 1;
        cpu.idtrBase = 0;
        cpu.idtrLimit = 0;
    }

    private static void loadFlatData(Cpu cpu) {
        for (int s : new int[] {Cpu.ES, Cpu.SS, Cpu.DS, Cpu.FS, Cpu.GS}) {
            cpu.seg[s].set(FlatGdt.DATA, 0, 0xffffffffL, FlatGdt.DATA_ATTR);
        }
    }

    private static void startAt(Cpu cpu, long entry, long stackTop) {
        Flags.write(cpu, 0);
        cpu.rip = entry;
        cpu.gpr[4] = stackTop;
        cpu.halted = false;
    }

    private static void requireRam(Cpu cpu, long bytes) {
        if (cpu.memory.ramBytes() < bytes) {
            throw new IllegalArgumentException("the loader's tables need at least " + bytes + " bytes of RAM");
        }
    }
}
