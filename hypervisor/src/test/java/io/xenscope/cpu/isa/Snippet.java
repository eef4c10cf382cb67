package io.xenscope.cpu.isa;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Decoder;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.cpu.fault.GuestFault;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture for the ALU families: assembles Intel-syntax text with GNU as, runs it in 64-bit long
 * mode from registers and flags the test sets, and stops at the HLT appended after it.
 * {@code new Snippet("add rax, rbx").rax(1).rbx(2).run()}; then {@link #rax()}, {@link #flag}, {@link #fault()}.
 */
public final class Snippet {
    public static final long CODE = 0x100000, DATA = 0x200000, STACK = 0x90000, REAL_CODE = 0x8000;
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSI = 6, RDI = 7;

    public final Cpu cpu = new Cpu(new PhysicalMemory(64L << 20), new IoBus(), new CpuModel());
    private final byte[] code;
    private GuestFault fault;
    private long end;

    public Snippet(String asm) {
        this(CodeSize.BITS64, asm);
    }

    /** A snippet for 16-bit real mode (code at 0x8000), 32-bit protected mode or 64-bit long mode. */
    public Snippet(CodeSize mode, String asm) {
        String directive = mode == CodeSize.BITS16 ? ".code16\n" : mode == CodeSize.BITS32 ? ".code32\n" : "";
        this.code = assemble(directive + asm + "\nhlt");
        long at = mode == CodeSize.BITS16 ? REAL_CODE : CODE;
        FlatBinaryLoader.load(cpu.memory, at, code);
        switch (mode) {
            case BITS16 -> FlatBinaryLoader.enterRealMode(cpu, at, STACK);
            case BITS32 -> FlatBinaryLoader.enterProtectedMode(cpu, at, STACK);
            default -> FlatBinaryLoader.enterLongMode(cpu, at, STACK);
        }
        Flags.write(cpu, 0x2);
        end = (mode == CodeSize.BITS16 ? (at & 0xf) : at) + code.length - 1;
    }

    public Snippet reg(int n, long v) {
        cpu.gpr[n] = v;
        return this;
    }

    public Snippet rax(long v) {
        return reg(RAX, v);
    }

    public Snippet rbx(long v) {
        return reg(RBX, v);
    }

    public Snippet rcx(long v) {
        return reg(RCX, v);
    }

    public Snippet rdx(long v) {
        return reg(RDX, v);
    }

    public Snippet flags(long f) {
        Flags.write(cpu, f | 0x2);
        return this;
    }

    public Snippet mem64(long address, long v) {
        cpu.memory.write64(address, v);
        return this;
    }

    public Snippet bytes(long address, byte[] b) {
        cpu.memory.writeBytes(address, b, 0, b.length);
        return this;
    }

    /** Runs to the HLT (or to a fault, see {@link #fault()}). */
    public Snippet run() {
        RunResult r = new ExecutionEngine(cpu).run(1000);
        if (r.reason() == StopReason.GUEST_FAULT && cpu.rip != end) {
            fault = r.fault();
        } else if (!(r.reason() == StopReason.GUEST_FAULT || r.reason() == StopReason.HALTED)) {
            throw new AssertionError("snippet did not reach its end: " + r);
        }
        return this;
    }

    public long rax() {
        return cpu.gpr[RAX];
    }

    public long rbx() {
        return cpu.gpr[RBX];
    }

    public long rcx() {
        return cpu.gpr[RCX];
    }

    public long rdx() {
        return cpu.gpr[RDX];
    }

    public long mem64(long address) {
        return cpu.memory.read64(address);
    }

    public boolean flag(long f) {
        return (Flags.read(cpu) & f) != 0;
    }

    /** The status flags that are set, e.g. {@code Flags.CF | Flags.ZF}. */
    public long status() {
        return Flags.read(cpu) & Flags.ARITH;
    }

    public GuestFault fault() {
        return fault;
    }

    /** The {@code index}-th instruction of the snippet, decoded. */
    public Instruction instruction(int index) {
        long at = CODE;
        Instruction insn = null;
        for (int i = 0; i <= index; i++) {
            insn = Decoder.decode(a -> code[(int) (a - CODE)] & 0xff, at, CodeSize.BITS64);
            at = insn.nextAddress();
        }
        return insn;
    }

    public static byte[] assemble(String asm) {
        try {
            Path dir = Files.createTempDirectory("snippet");
            Path s = dir.resolve("a.s"), o = dir.resolve("a.o"), b = dir.resolve("a.bin");
            Files.writeString(s, ".intel_syntax noprefix\n" + asm + "\n");
            exec(dir, "as", "--64", "-o", o.toString(), s.toString());
            exec(dir, "objcopy", "-O", "binary", "-j", ".text", o.toString(), b.toString());
            byte[] bytes = Files.readAllBytes(b);
            for (Path p : new Path[] {s, o, b}) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
            return bytes;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void exec(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }
}
