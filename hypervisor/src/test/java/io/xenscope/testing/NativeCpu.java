package io.xenscope.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The host CPU as an oracle: runs a 64-bit x86 instruction sequence natively, in user mode, from a
 * given register state, and returns the state it leaves behind. Differential CPU tests run the same
 * case here and in the emulator and compare.
 *
 * <h2>The machine a snippet sees</h2>
 * <ul>
 *   <li>Code is copied to {@link #CODE_BASE} (read/write/execute, at most {@link #MAX_CODE} bytes)
 *   and followed by a jump back to the harness, so a snippet simply falls off its end. Unused bytes
 *   of the code page are {@code int3}.</li>
 *   <li>A {@link #DATA_SIZE}-byte data block is mapped at {@link #DATA_BASE}; the bytes you pass are
 *   copied in (the rest zero) before each case, and the block is returned afterwards. The pages
 *   around it are unmapped, so an access outside it faults (SIGSEGV) rather than corrupting things.</li>
 *   <li>All sixteen GPRs are loaded from {@code gprs} (index = encoding number: RAX, RCX, RDX, RBX,
 *   RSP, RBP, RSI, RDI, R8..R15), including RSP. A snippet that pushes, pops or calls must set RSP to
 *   point into the data block (e.g. {@code DATA_BASE + DATA_SIZE}), so the stack is compared too.</li>
 *   <li>RFLAGS is loaded with popfq; only {@link #USER_FLAGS} (CF PF AF ZF SF OF DF) are taken from
 *   the case, so TF and AC never trap. The returned RFLAGS is the raw value (IF set, RF possibly set
 *   after a fault): compare it through {@link #USER_FLAGS}, masking flags the SDM leaves undefined.</li>
 *   <li>x87 and SSE state (control word, MXCSR, registers) is reset to the harness's initial state
 *   before every case; it is not part of the input or the result.</li>
 * </ul>
 * A snippet must not make system calls, change segment registers or FS/GS base, or write outside
 * the data block and its stack: it shares the harness's address space. It may fault: the harness
 * catches SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGTRAP and reports the signal, the faulting RIP and
 * the registers at the fault. A snippet still running after 2 s is stopped with SIGALRM.
 * 16- and 32-bit code cannot run here (Linux gives user space no 16-bit segments; compatibility mode
 * is not worth the trouble): the emulator alone checks those modes.
 *
 * <h2>Use</h2>
 * Start one per test class (the process build and start take ~0.1 s; a case takes a few µs):
 * <pre>{@code
 * static NativeCpu cpu;
 * @BeforeAll static void start() { assumeTrue(NativeCpu.isSupported()); cpu = NativeCpu.start(); }
 * @AfterAll static void stop() { cpu.close(); }
 * ...
 * Result r = cpu.run(code, gprs, Flags.CF, new byte[0]);
 * List<Result> rs = cpu.runAll(cases);   // pipelined: 100,000 cases in well under a second
 * }</pre>
 * If a snippet kills the harness (say, by overwriting it), that call throws and the next one runs
 * in a fresh process. Not thread-safe: one caller at a time.
 */
public final class NativeCpu implements AutoCloseable {
    public static final long CODE_BASE = 0x2000_0000L;
    public static final int MAX_CODE = 65536 - 14;
    public static final long DATA_BASE = 0x1000_0000L;
    public static final int DATA_SIZE = 4096;
    /** CF PF AF ZF SF OF DF: the flags a case sets and a comparison looks at. */
    public static final long USER_FLAGS = 0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x800 | 0x400;
    /** Signal numbers (Linux x86-64) that {@link Result#signal()} may hold. */
    public static final int SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11, SIGALRM = 14;

    private static final int RESPONSE_HEAD = 4 + 4 + 8 + 8 + 16 * 8 + 8;

    /** One input: code bytes, the sixteen GPRs, RFLAGS (masked to {@link #USER_FLAGS}) and the initial data block. */
    public record Case(byte[] code, long[] gprs, long rflags, byte[] data) {
        public Case {
            Objects.requireNonNull(code, "code");
            if (gprs.length != 16) {
                throw new IllegalArgumentException("need all 16 GPRs, got " + gprs.length);
            }
            if (code.length > MAX_CODE || data.length > DATA_SIZE) {
                throw new IllegalArgumentException("code or data too long");
            }
        }
    }

    /**
     * The state after a case. {@code signal} is 0 when the snippet ran to its end; otherwise the
     * registers are those at the fault and {@code faultRip} the address of the faulting instruction
     * (after it, for int3), {@code faultAddress} the signal's si_addr (the linear address for SIGSEGV).
     * {@code data} always holds the whole {@link #DATA_SIZE}-byte block.
     */
    public record Result(long[] gprs, long rflags, byte[] data, int signal, long faultRip, long faultAddress) {
        public boolean faulted() {
            return signal != 0;
        }

        public long gpr(int number) {
            return gprs[number];
        }

        /** RFLAGS restricted to {@link #USER_FLAGS}. */
        public long userFlags() {
            return rflags & USER_FLAGS;
        }

        /** Offset of the faulting instruction within the snippet. */
        public long faultOffset() {
            return faultRip - CODE_BASE;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(signal == 0 ? "completed" : "signal " + signal + " at +" + Long.toHexString(faultOffset()));
            for (int i = 0; i < 16; i++) {
                s.append(i % 4 == 0 ? "\n " : " ").append(String.format("r%-2d=%016x", i, gprs[i]));
            }
            return s.append(String.format("%n rflags=%x", rflags)).toString();
        }
    }

    private Process process;
    private OutputStream toHarness;
    private DataInputStream fromHarness;

    private NativeCpu(Process process) {
        attach(process);
    }

    private void attach(Process p) {
        this.process = p;
        this.toHarness = new BufferedOutputStream(p.getOutputStream(), 1 << 16);
        this.fromHarness = new DataInputStream(new BufferedInputStream(p.getInputStream(), 1 << 16));
    }

    /** True on an x86-64 Linux host, the only one that can run the snippets. */
    public static boolean isSupported() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").startsWith("Linux") && ("amd64".equals(arch) || "x86_64".equals(arch));
    }

    /** Builds the harness if needed and starts it. */
    public static NativeCpu start() {
        return new NativeCpu(launch());
    }

    private static Process launch() {
        Path binary = NativeHarnessBuild.ensureBuilt();
        try {
            return new ProcessBuilder(binary.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    public Result run(byte[] code, long[] gprs, long rflags, byte[] data) {
        return runAll(List.of(new Case(code, gprs, rflags, data))).get(0);
    }

    /**
     * Runs many cases, writing from a second thread while this one reads, so that neither pipe ever
     * waits for the other: throughput is limited by the host, not by round trips.
     */
    public List<Result> runAll(List<Case> cases) {
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (Case c : cases) {
                    write(c);
                }
                toHarness.flush();
            } catch (IOException e) {
                writeFailure.set(e);
            }
        }, "nativecpu-writer");
        writer.setDaemon(true);
        writer.start();
        List<Result> results = new ArrayList<>(cases.size());
        try {
            for (Case c : cases) {
                results.add(read(c));
            }
            writer.join();
        } catch (IOException e) {
            // A snippet wrecked the harness (it shares its address space): start a fresh one for the
            // next call, and fail this one.
            process.destroyForcibly();
            attach(launch());
            IOException w = writeFailure.get();
            throw new UncheckedIOException("the native harness died during case " + results.size()
                    + (w != null ? " (" + w.getMessage() + ")" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return results;
    }

    private void write(Case c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + c.code().length + c.data().length + 17 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(c.code().length).putInt(c.data().length).put(c.code()).put(c.data());
        for (long r : c.gprs()) {
            b.putLong(r);
        }
        b.putLong((c.rflags() & USER_FLAGS) | 2);
        toHarness.write(b.array());
    }

    private Result read(Case c) throws IOException {
        byte[] head = new byte[RESPONSE_HEAD];
        fromHarness.readFully(head);
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int signal = b.getInt();
        boolean dataChanged = b.getInt() != 0;
        long faultRip = b.getLong();
        long faultAddress = b.getLong();
        long[] gprs = new long[16];
        for (int i = 0; i < 16; i++) {
            gprs[i] = b.getLong();
        }
        long rflags = b.getLong();
        byte[] data;
        if (dataChanged) {
            data = new byte[DATA_SIZE];
            fromHarness.readFully(data);
        } else {
            data = Arrays.copyOf(c.data(), DATA_SIZE);
        }
        return new Result(gprs, rflags, data, signal, faultRip, faultAddress);
    }

    @Override
    public void close() {
        try {
            toHarness.close();
            process.waitFor();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }

    /** Convenience for the common input: sixteen zero GPRs with a few set, e.g. {@code gprs(RAX, 1, RBX, 2)}. */
    public static long[] gprs(long... numberValuePairs) {
        long[] g = new long[16];
        for (int i = 0; i + 1 < numberValuePairs.length; i += 2) {
            g[(int) numberValuePairs[i]] = numberValuePairs[i + 1];
        }
        return g;
    }
}
