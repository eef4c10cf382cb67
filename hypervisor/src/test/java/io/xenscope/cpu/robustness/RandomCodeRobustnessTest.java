package io.xenscope.cpu.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.ExceptionDelivery;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random byte sequences run from random register states must end the way a real CPU's would: a
 * normal stop (instruction budget, hlt) or a guest fault. Never an emulator error or a Java
 * exception of any other kind. 10,000 sequences per mode, fixed seed, the STOP delivery policy, a
 * budget of 32 instructions.
 */
class RandomCodeRobustnessTest {
    enum Mode { REAL, PROTECTED32, LONG64 }

    private static final int TRIALS = 10_000, CODE_BYTES = 48, BUDGET = 32;
    private static final long CODE = 0x100000, REAL_CODE = 0x8000, STACK = 0x90000, DATA = 0x200000;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void randomCodeEndsInAStopOrAGuestFault(Mode mode) {
        Cpu cpu = new Cpu(new PhysicalMemory(64L << 20), new IoBus(), new CpuModel());
        ExecutionEngine engine = new ExecutionEngine(cpu);
        engine.setExceptionDelivery(ExceptionDelivery.STOP);
        SplittableRandom random = new SplittableRandom(0x5eed_0000L + mode.ordinal());
        Map<StopReason, Integer> outcomes = new EnumMap<>(StopReason.class);
        List<String> failures = new ArrayList<>();
        byte[] code = new byte[CODE_BYTES];
        long slowest = 0;
        String slowestTrial = "";
        for (int trial = 0; trial < TRIALS; trial++) {
            random.nextBytes(code);
            setUp(cpu, mode, code, random);
            RunResult r;
            long t0 = System.nanoTime();
            try {
                r = engine.run(BUDGET);
            } catch (Throwable t) {
                failures.add(describe(trial, code, "threw " + t));
                continue;
            }
            long t = System.nanoTime() - t0;
            if (t > slowest) {
                slowest = t;
                slowestTrial = describe(trial, code, String.format("%.1f ms, %s at rip=0x%x", t / 1e6, r, cpu.rip));
            }
            outcomes.merge(r.reason(), 1, Integer::sum);
            boolean ok = switch (r.reason()) {
                case INSTRUCTION_LIMIT, HALTED, STOP_REQUESTED, BREAKPOINT, WATCHPOINT -> true;
                case GUEST_FAULT, TRIPLE_FAULT -> r.fault() != null;
                case EMULATOR_ERROR -> false;
            };
            if (!ok) {
                failures.add(describe(trial, code, r + (r.error() != null ? " " + stackTop(r.error()) : "")
                        + String.format(" at rip=0x%x", cpu.rip)));
            }
        }
        System.out.println(mode + ": " + outcomes + "; slowest: " + slowestTrial);
        assertTrue(failures.isEmpty(), failures.size() + " failures, first ones:\n"
                + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    private static void setUp(Cpu cpu, Mode mode, byte[] code, SplittableRandom random) {
        cpu.reset();
        switch (mode) {
            case REAL -> FlatBinaryLoader.enterRealMode(cpu, REAL_CODE, 0x7000);
            case PROTECTED32 -> FlatBinaryLoader.enterProtectedMode(cpu, CODE, STACK);
            default -> FlatBinaryLoader.enterLongMode(cpu, CODE, STACK);
        }
        FlatBinaryLoader.load(cpu.memory, mode == Mode.REAL ? REAL_CODE : CODE, code);
        for (int r = 0; r < 16; r++) {
            if (r == 4 && random.nextInt(4) != 0) {
                continue; // mostly keep a usable stack
            }
            cpu.gpr[r] = switch (random.nextInt(6)) {
                case 0 -> random.nextLong();
                case 1 -> 0;
                case 2 -> -1L;
                case 3 -> random.nextInt(0x10000);
                default -> DATA + random.nextInt(0x100000);
            };
        }
        // Repeat counts stay below 2^20: rep ins/outs (system family) run all their iterations in
        // one execution, so a 32/64-bit count keeps one trial busy for tens of seconds (found by
        // this test: a rep outsb with ECX = 0xffffffff over a flat 4 GiB segment took 40 s).
        // Huge counts on rep movs/stos, which are bounded per execution, are tested in StringTest.
        cpu.gpr[1] &= random.nextInt(4) == 0 ? 0xfffff : 0xff;
        long flags = random.nextLong() & (Flags.ARITH | Flags.DF);
        Flags.write(cpu, flags);
    }

    private static String describe(int trial, byte[] code, String what) {
        return "trial " + trial + " code " + HexFormat.of().formatHex(code) + ": " + what;
    }

    private static String stackTop(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return t + (st.length > 0 ? " @ " + st[0] : "") + (st.length > 1 ? " @ " + st[1] : "");
    }
}
