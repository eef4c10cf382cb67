package io.xenscope.cpu.isa;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.cpu.fault.GuestFault;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A 64-bit long-mode vCPU with SSE enabled (CR4.OSFXSR|OSXMMEXCPT) for SIMD/x87 tests: assembles an
 * Intel-syntax snippet with GNU as, runs it instruction by instruction, exposes registers and memory.
 * (Minimal stand-in until the infra branch's GnuAssembler lands.)
 */
public final class SimdMachine {
    public static final long CODE = 0x100000, DATA = 0x200000;
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    public final Cpu cpu = new Cpu(new PhysicalMemory(64L << 20), new IoBus(), new CpuModel());
    public final ExecutionEngine engine = new ExecutionEngine(cpu);

    public SimdMachine() {
        FlatBinaryLoader.enterLongMode(cpu, CODE, 0x90000);
        cpu.setCr4(cpu.cr4 | Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT);
        cpu.setCr0(cpu.cr0 | Cpu.CR0_MP | Cpu.CR0_NE);
    }

    /** Runs the snippet to its end; returns the fault that stopped it, or null. */
    public GuestFault run(String asm) {
        byte[] code = assemble(asm);
        FlatBinaryLoader.load(cpu.memory, CODE, code);
        cpu.rip = CODE;
        long end = CODE + code.length;
        for (int i = 0; i < 10_000 && cpu.rip != end; i++) {
            RunResult r = engine.step();
            if (r.reason() == StopReason.GUEST_FAULT) {
                return r.fault();
            }
        }
        return null;
    }

    /** Runs and fails the test on a fault. */
    public SimdMachine exec(String asm) {
        GuestFault f = run(asm);
        if (f != null) {
            throw new AssertionError("unexpected fault " + f.getMessage() + " in: " + asm);
        }
        return this;
    }

    public SimdMachine xmm(int n, long lo, long hi) {
        cpu.xmm[2 * n] = lo;
        cpu.xmm[2 * n + 1] = hi;
        return this;
    }

    public long lo(int n) {
        return cpu.xmm[2 * n];
    }

    public long hi(int n) {
        return cpu.xmm[2 * n + 1];
    }

    public SimdMachine gpr(int n, long v) {
        cpu.gpr[n] = v;
        return this;
    }

    public long gpr(int n) {
        return cpu.gpr[n];
    }

    public SimdMachine write64(long pa, long v) {
        cpu.memory.write64(pa, v);
        return this;
    }

    public long read64(long pa) {
        return cpu.memory.read64(pa);
    }

    public SimdMachine writeFloats(long pa, float... fs) {
        for (int i = 0; i < fs.length; i++) {
            cpu.memory.write32(pa + 4L * i, Float.floatToRawIntBits(fs[i]));
        }
        return this;
    }

    public static long floats(float a, float b) {
        return (Float.floatToRawIntBits(a) & 0xffffffffL) | (long) Float.floatToRawIntBits(b) << 32;
    }

    public static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    public long rflags() {
        return cpu.rflags();
    }

    public static byte[] assemble(String asm) {
        return CACHE.computeIfAbsent(asm, SimdMachine::gas);
    }

    private static byte[] gas(String asm) {
        try {
            Path dir = Files.createTempDirectory("simd-asm");
            Path src = dir.resolve("a.s");
            Path obj = dir.resolve("a.o");
            Path bin = dir.resolve("a.bin");
            Files.writeString(src, ".intel_syntax noprefix\n.code64\n" + asm.replace(";", "\n") + "\n");
            exec("as", "--64", "-o", obj.toString(), src.toString());
            exec("objcopy", "-O", "binary", "-j", ".text", obj.toString(), bin.toString());
            byte[] b = Files.readAllBytes(bin);
            for (Path p : new Path[] {src, obj, bin}) {
                Files.deleteIfExists(p);
            }
            Files.delete(dir);
            return b;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
