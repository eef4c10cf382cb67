package io.xenscope.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.ExceptionDelivery;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.GuestFault;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.testing.GnuAssembler;
import io.xenscope.testing.GnuAssembler.Mode;
import io.xenscope.testing.GnuAssembler.Syntax;

/**
 * A machine for instruction tests: assembles an Intel-syntax snippet for the mode, loads it, runs it
 * until the {@code hlt} appended to it (or a fault: the STOP delivery policy), and exposes registers,
 * flags and memory. Code at {@link #CODE} (0x8000 in real mode), data free at {@link #DATA}, stack
 * top at {@link #STACK}; all identity-mapped.
 */
public final class IsaMachine {
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
    public static final long CODE = 0x100000, DATA = 0x200000, STACK = 0x90000;
    public static final long REAL_CODE = 0x8000, REAL_DATA = 0x4000, REAL_STACK = 0x7000;
    private static final GnuAssembler AS = GnuAssembler.inTarget();

    public final Cpu cpu;
    public final ExecutionEngine engine;
    private final Mode mode;
    private RunResult result;
    private long endRip;
    private long entryRip;

    private IsaMachine(Mode mode, CpuModel model) {
        this.mode = mode;
        this.cpu = new Cpu(new PhysicalMemory(64L << 20), new IoBus(), model);
        this.engine = new ExecutionEngine(cpu);
        engine.setExceptionDelivery(ExceptionDelivery.STOP);
        reset();
    }

    public static IsaMachine long64() {
        return new IsaMachine(Mode.CODE64, new CpuModel());
    }

    /** 64-bit mode on a CPU model of the test's choosing (e.g. one without a CPUID feature). */
    public static IsaMachine long64(CpuModel model) {
        return new IsaMachine(Mode.CODE64, model);
    }

    public static IsaMachine protected32() {
        return new IsaMachine(Mode.CODE32, new CpuModel());
    }

    public static IsaMachine real16() {
        return new IsaMachine(Mode.CODE16, new CpuModel());
    }

    private void reset() {
        switch (mode) {
            case CODE64 -> FlatBinaryLoader.enterLongMode(cpu, CODE, STACK);
            case CODE32 -> FlatBinaryLoader.enterProtectedMode(cpu, CODE, STACK);
            default -> FlatBinaryLoader.enterRealMode(cpu, REAL_CODE, REAL_STACK);
        }
        entryRip = cpu.rip;
    }

    public long codeBase() {
        return mode == Mode.CODE16 ? REAL_CODE : CODE;
    }

    public long dataBase() {
        return mode == Mode.CODE16 ? REAL_DATA : DATA;
    }

    public IsaMachine set(int reg, long value) {
        cpu.gpr[reg] = value;
        return this;
    }

    public IsaMachine flags(long rflags) {
        Flags.write(cpu, rflags);
        return this;
    }

    public IsaMachine poke(long pa, int size, long value) {
        switch (size) {
            case 1 -> cpu.memory.write8(pa, (int) value);
            case 2 -> cpu.memory.write16(pa, (int) value);
            case 4 -> cpu.memory.write32(pa, (int) value);
            default -> cpu.memory.write64(pa, value);
        }
        return this;
    }

    public long peek(long pa, int size) {
        return switch (size) {
            case 1 -> cpu.memory.read8(pa);
            case 2 -> cpu.memory.read16(pa);
            case 4 -> cpu.memory.read32(pa) & 0xffffffffL;
            default -> cpu.memory.read64(pa);
        };
    }

    /** Long mode: makes the 2 MiB identity page holding {@code linear} not present. */
    public IsaMachine unmap2M(long linear) {
        cpu.memory.write64(FlatBinaryLoader.PAGE_TABLES + 0x2000 + 8 * (linear >>> 21), 0);
        cpu.mmu.flushAll();
        return this;
    }

    /** Long mode: makes the 2 MiB identity page holding {@code linear} read-only. */
    public IsaMachine readOnly2M(long linear) {
        cpu.memory.write64(FlatBinaryLoader.PAGE_TABLES + 0x2000 + 8 * (linear >>> 21), (linear & ~0x1fffffL) | 0x81);
        cpu.mmu.flushAll();
        return this;
    }

    public long reg(int n) {
        return cpu.gpr[n];
    }

    public long rflags() {
        return Flags.read(cpu);
    }

    public boolean flag(long f) {
        return (Flags.read(cpu) & f) != 0;
    }

    /** Assembles the lines (Intel syntax) plus a final hlt, and runs up to 100,000 instructions. */
    public IsaMachine run(String... lines) {
        byte[] code = AS.assemble(mode, Syntax.INTEL, String.join("\n", lines) + "\nhlt\n");
        FlatBinaryLoader.load(cpu.memory, codeBase(), code);
        endRip = entryRip + code.length - 1;
        cpu.rip = entryRip;
        cpu.halted = false;
        result = engine.run(100_000);
        return this;
    }

    /** Runs and checks the snippet reached its final hlt. */
    public IsaMachine exec(String... lines) {
        run(lines);
        assertCompleted();
        return this;
    }

    public void assertCompleted() {
        if (result.reason() == StopReason.HALTED) {
            assertEquals(endRip + 1, cpu.rip, "halted elsewhere");
            return;
        }
        if (result.reason() == StopReason.GUEST_FAULT && cpu.rip == endRip
                && (result.fault() instanceof InvalidOpcode || result.fault() instanceof GeneralProtection && cpu.cpl > 0)) {
            return; // the final hlt: #UD where the system family is absent, #GP at CPL > 0
        }
        fail("did not reach the end: " + result + (result.error() != null ? " " + result.error() : "")
                + String.format(" rip=0x%x end=0x%x", cpu.rip, endRip));
    }

    /** The fault the run stopped on (asserting there was one, not at the sentinel). */
    public GuestFault fault() {
        assertEquals(StopReason.GUEST_FAULT, result.reason(), () -> "expected a fault: " + result);
        assertNotNull(result.fault());
        assertTrue(cpu.rip != endRip, "stopped at the final hlt, not on a fault");
        return result.fault();
    }

    public RunResult result() {
        return result;
    }

    /** RIP relative to the start of the snippet. */
    public long ripOffset() {
        return cpu.rip - entryRip;
    }
}
