package io.xenscope.cpu.isa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A differential oracle for SIMD snippets until the infra branch's NativeCpu handles XMM state: the
 * snippet runs on the host CPU inside a gcc-compiled program with XMM0..7, MXCSR, RCX, RDX and a
 * 64-byte memory block (pointed to by RAX) loaded from a {@link State}, and the same fields read back.
 */
public final class NativeSimd {
    private NativeSimd() {
    }

    /** xmm[16] (lo/hi per register), mxcsr, rcx, rdx, arithmetic flags, 8 quadwords of memory. */
    public static final class State {
        public final long[] xmm = new long[16];
        public int mxcsr = 0x1f80;
        public long rcx, rdx, flags;
        public final long[] mem = new long[8];

        public String describe() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                b.append(String.format("xmm%d=%016x:%016x ", i, xmm[2 * i + 1], xmm[2 * i]));
            }
            b.append(String.format("mxcsr=%x rcx=%x rdx=%x flags=%x mem=", mxcsr, rcx, rdx, flags));
            for (long q : mem) {
                b.append(String.format("%016x ", q));
            }
            return b.toString();
        }
    }

    private static final Map<String, State[]> CACHE = new ConcurrentHashMap<>();

    public static boolean available() {
        return System.getProperty("os.arch").matches("amd64|x86_64") && new java.io.File("/usr/bin/gcc").canExecute();
    }

    /** Runs the snippet natively once per input state (one compilation). */
    public static State[] run(String snippet, State... in) {
        StringBuilder key = new StringBuilder(snippet);
        for (State s : in) {
            key.append('\n').append(s.describe());
        }
        return CACHE.computeIfAbsent(key.toString(), k -> compileAndRun(snippet, in));
    }

    /** Runs on the emulator with the same protocol. */
    public static State emulate(String snippet, State in) {
        SimdMachine m = new SimdMachine();
        System.arraycopy(in.xmm, 0, m.cpu.xmm, 0, 16);
        m.cpu.mxcsr = in.mxcsr;
        m.gpr(0, SimdMachine.DATA).gpr(1, in.rcx).gpr(2, in.rdx);
        for (int i = 0; i < 8; i++) {
            m.write64(SimdMachine.DATA + 8L * i, in.mem[i]);
        }
        var f = m.run(snippet);
        if (f != null) {
            throw new AssertionError("emulator fault " + f.getMessage() + " in " + snippet);
        }
        State out = new State();
        System.arraycopy(m.cpu.xmm, 0, out.xmm, 0, 16);
        out.mxcsr = m.cpu.mxcsr;
        out.rcx = m.gpr(1);
        out.rdx = m.gpr(2);
        out.flags = m.rflags() & 0x8d5;
        for (int i = 0; i < 8; i++) {
            out.mem[i] = m.read64(SimdMachine.DATA + 8L * i);
        }
        return out;
    }

    private static State[] compileAndRun(String snippet, State[] states) {
        StringBuilder init = new StringBuilder();
        for (State in : states) {
            init.append('{');
            for (long x : in.xmm) {
                init.append(String.format("0x%xULL,", x));
            }
            init.append(String.format("0x%xULL,0x%xULL,0x%xULL,0ULL,", (long) in.mxcsr, in.rcx, in.rdx));
            for (long q : in.mem) {
                init.append(String.format("0x%xULL,", q));
            }
            init.append("},");
        }
        String c = """
                #include <stdio.h>
                #include <stdint.h>
                static uint64_t all[][28] __attribute__((aligned(64))) = { INIT };
                int main(void) {
                 for (unsigned n = 0; n < sizeof all / sizeof all[0]; n++) {
                  uint64_t *st = all[n];
                  __asm__ volatile(
                    "mov %0, %%rsi\\n"
                    "movdqa 0(%%rsi), %%xmm0\\n movdqa 16(%%rsi), %%xmm1\\n movdqa 32(%%rsi), %%xmm2\\n movdqa 48(%%rsi), %%xmm3\\n"
                    "movdqa 64(%%rsi), %%xmm4\\n movdqa 80(%%rsi), %%xmm5\\n movdqa 96(%%rsi), %%xmm6\\n movdqa 112(%%rsi), %%xmm7\\n"
                    "ldmxcsr 128(%%rsi)\\n mov 136(%%rsi), %%rcx\\n mov 144(%%rsi), %%rdx\\n lea 160(%%rsi), %%rax\\n"
                    "push %%rsi\\n"
                    ".intel_syntax noprefix\\n" SNIPPET "\\n.att_syntax prefix\\n"
                    "pop %%rsi\\n"
                    "pushfq\\n pop %%rax\\n mov %%rax, 152(%%rsi)\\n"
                    "movdqa %%xmm0, 0(%%rsi)\\n movdqa %%xmm1, 16(%%rsi)\\n movdqa %%xmm2, 32(%%rsi)\\n movdqa %%xmm3, 48(%%rsi)\\n"
                    "movdqa %%xmm4, 64(%%rsi)\\n movdqa %%xmm5, 80(%%rsi)\\n movdqa %%xmm6, 96(%%rsi)\\n movdqa %%xmm7, 112(%%rsi)\\n"
                    "stmxcsr 128(%%rsi)\\n mov %%rcx, 136(%%rsi)\\n mov %%rdx, 144(%%rsi)\\n"
                    "ldmxcsr 4+st_default(%%rip)\\n"
                    : : "r"(st) : "rax","rcx","rdx","rsi","memory","cc","xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7");
                  for (int i = 0; i < 28; i++) printf("%llx\\n", (unsigned long long) st[i]);
                 }
                  return 0;
                }
                uint32_t st_default[2] = {0, 0x1f80};
                """.replace("INIT", init).replace("SNIPPET", '"' + snippet.replace(";", "\\n") + '"');
        try {
            Path dir = Files.createTempDirectory("native-simd");
            Path src = dir.resolve("t.c");
            Path exe = dir.resolve("t");
            Files.writeString(src, c);
            Process cc = new ProcessBuilder("gcc", "-O1", "-mno-red-zone", "-o", exe.toString(), src.toString())
                    .redirectErrorStream(true).start();
            String err = new String(cc.getInputStream().readAllBytes());
            if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                throw new IllegalStateException("gcc failed: " + err);
            }
            Process p = new ProcessBuilder(exe.toString()).start();
            String[] lines = new String(p.getInputStream().readAllBytes()).trim().split("\n");
            p.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(src);
            Files.deleteIfExists(exe);
            Files.delete(dir);
            State[] result = new State[states.length];
            for (int n = 0; n < states.length; n++) {
                State out = new State();
                int b = 28 * n;
                for (int i = 0; i < 16; i++) {
                    out.xmm[i] = Long.parseUnsignedLong(lines[b + i], 16);
                }
                out.mxcsr = (int) Long.parseUnsignedLong(lines[b + 16], 16);
                out.rcx = Long.parseUnsignedLong(lines[b + 17], 16);
                out.rdx = Long.parseUnsignedLong(lines[b + 18], 16);
                out.flags = Long.parseUnsignedLong(lines[b + 19], 16) & 0x8d5;
                for (int i = 0; i < 8; i++) {
                    out.mem[i] = Long.parseUnsignedLong(lines[b + 20 + i], 16);
                }
                result[n] = out;
            }
            return result;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
