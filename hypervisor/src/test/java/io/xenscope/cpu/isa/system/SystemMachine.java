package io.xenscope.cpu.isa.system;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.boot.FlatGdt;
import io.xenscope.boot.IdentityPageTables;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.exec.ExceptionDelivery;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.interrupt.HardwareExceptionDelivery;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.testing.GnuAssembler;
import io.xenscope.testing.GnuAssembler.Mode;
import io.xenscope.testing.GnuAssembler.Syntax;

/**
 * A small machine for system-instruction tests: 16 MiB, the flat GDT of {@link FlatGdt} extended
 * with user segments, a TSS and spare slots, an IDT at {@link #IDT}, code assembled with GNU as.
 */
public final class SystemMachine {
    public static final long GDT = FlatBinaryLoader.GDT_BASE, IDT = 0x6000, TSS = 0x7000, CODE = 0x10000,
            STACK = 0x90000, RING0_STACK = 0x80000, IST_STACK = 0x70000;
    /** Extra GDT selectors: user 32-bit code, user data, user 64-bit code, TSS (16 bytes), 16-bit data. */
    public static final int USER_CODE32 = 0x28, USER_DATA = 0x30, USER_CODE64 = 0x38, TSS_SEL = 0x40, DATA16 = 0x50;
    public static final int USER_CODE32_ATTR = FlatGdt.CODE32_ATTR | 3 << SegmentRegister.DPL_SHIFT;
    public static final int USER_DATA_ATTR = FlatGdt.DATA_ATTR | 3 << SegmentRegister.DPL_SHIFT;
    public static final int USER_CODE64_ATTR = FlatGdt.CODE64_ATTR | 3 << SegmentRegister.DPL_SHIFT;
    private static final GnuAssembler AS = GnuAssembler.inTarget();

    public final PhysicalMemory memory = new PhysicalMemory(16 << 20);
    public final IoBus io = new IoBus();
    public final Cpu cpu = new Cpu(memory, io, new CpuModel());
    public final ExecutionEngine engine = new ExecutionEngine(cpu);

    private SystemMachine() {
        engine.setExceptionDelivery(new HardwareExceptionDelivery());
    }

    public static SystemMachine real() {
        SystemMachine m = new SystemMachine();
        FlatBinaryLoader.enterRealMode(m.cpu, CODE, STACK);
        m.cpu.idtrBase = 0;
        m.cpu.idtrLimit = 0x3ff;
        return m;
    }

    public static SystemMachine protected32() {
        SystemMachine m = new SystemMachine();
        FlatBinaryLoader.enterProtectedMode(m.cpu, CODE, STACK);
        m.extendGdt(false);
        return m;
    }

    public static SystemMachine long64() {
        SystemMachine m = new SystemMachine();
        FlatBinaryLoader.enterLongMode(m.cpu, CODE, STACK);
        // user-accessible identity map: set U/S at every level
        long pt = FlatBinaryLoader.PAGE_TABLES;
        m.memory.write64(pt, m.memory.read64(pt) | 4);
        m.memory.write64(pt + 0x1000, m.memory.read64(pt + 0x1000) | 4);
        for (int i = 0; i < 512; i++) {
            long a = pt + 0x2000 + 8L * i;
            m.memory.write64(a, m.memory.read64(a) | 4);
        }
        m.cpu.mmu.flushAll();
        m.extendGdt(true);
        return m;
    }

    private void extendGdt(boolean longMode) {
        gdt(USER_CODE32, FlatGdt.descriptor(0, 0xfffff, USER_CODE32_ATTR));
        gdt(USER_DATA, FlatGdt.descriptor(0, 0xfffff, USER_DATA_ATTR));
        gdt(USER_CODE64, FlatGdt.descriptor(0, 0xfffff, USER_CODE64_ATTR));
        gdt(DATA16, FlatGdt.descriptor(0, 0xffff, SegmentRegister.P | SegmentRegister.S | SegmentRegister.TYPE_RW
                | SegmentRegister.TYPE_ACCESSED));
        cpu.gdtrLimit = 0xff;
        // TSS: 32-bit (or 64-bit) available TSS, limit 0x67 + I/O bitmap of 8 KiB + 1
        long limit = 0x68 + 0x2000;
        gdt(TSS_SEL, FlatGdt.descriptor(TSS, limit, SegmentRegister.P | 9));
        gdt(TSS_SEL + 8, 0);
        memory.write16(TSS + 0x66, 0x68);
        memory.fill(TSS + 0x68, 0xff, 0x2001); // every port denied
        if (longMode) {
            memory.write64(TSS + 4, RING0_STACK);
            memory.write64(TSS + 0x24, IST_STACK);
        } else {
            memory.write32(TSS + 4, (int) RING0_STACK);
            memory.write16(TSS + 8, FlatGdt.DATA);
        }
        cpu.tr.set(TSS_SEL, TSS, limit, SegmentRegister.P | 11);
        cpu.idtrBase = IDT;
        cpu.idtrLimit = longMode ? 256 * 16 - 1 : 256 * 8 - 1;
    }

    public void gdt(int selector, long descriptor) {
        memory.write64(GDT + (selector & 0xfff8), descriptor);
    }

    /** Writes a 32-bit (type 14 interrupt / 15 trap) gate. */
    public void gate32(int vector, int selector, long offset, int type, int dpl) {
        long d = (offset & 0xffff) | (long) selector << 16 | (long) (0x80 | dpl << 5 | type) << 40
                | (offset & 0xffff0000L) << 32;
        memory.write64(IDT + vector * 8L, d);
    }

    /** Writes a 64-bit interrupt/trap gate with an IST index. */
    public void gate64(int vector, int selector, long offset, int type, int dpl, int ist) {
        long d = (offset & 0xffff) | (long) selector << 16 | (long) ist << 32 | (long) (0x80 | dpl << 5 | type) << 40
                | (offset & 0xffff0000L) << 32;
        memory.write64(IDT + vector * 16L, d);
        memory.write64(IDT + vector * 16L + 8, offset >>> 32);
    }

    public byte[] assemble(Mode mode, String source) {
        return AS.assemble(mode, Syntax.ATT, source);
    }

    /** Assembles {@code source} and places it at physical (= linear) address {@code address}. */
    public SystemMachine code(long address, Mode mode, String source) {
        byte[] b = assemble(mode, source);
        memory.writeBytes(address, b, 0, b.length);
        return this;
    }

    public SystemMachine code32(String source) {
        return code(CODE, Mode.CODE32, source);
    }

    public SystemMachine code64(String source) {
        return code(CODE, Mode.CODE64, source);
    }

    public SystemMachine code16(String source) {
        return code(CODE, Mode.CODE16, source);
    }

    public SystemMachine stopOnFaults() {
        engine.setExceptionDelivery(ExceptionDelivery.STOP);
        return this;
    }

    /** Puts the vCPU at CPL 3 with the user code and data segments (32-bit or 64-bit code). */
    public SystemMachine user(boolean bits64) {
        if (bits64) {
            cpu.loadCs(USER_CODE64 | 3, 0, 0xffffffffL, USER_CODE64_ATTR);
        } else {
            cpu.loadCs(USER_CODE32 | 3, 0, 0xffffffffL, USER_CODE32_ATTR);
        }
        for (int s : new int[] {Cpu.SS, Cpu.DS, Cpu.ES}) {
            cpu.seg[s].set(USER_DATA | 3, 0, 0xffffffffL, USER_DATA_ATTR);
        }
        return this;
    }

    public RunResult run() {
        return engine.run(1000);
    }

    public long read32(long a) {
        return memory.read32(a) & 0xffffffffL;
    }

    public long read64(long a) {
        return memory.read64(a);
    }
}
