package io.xenscope.cli;

import io.xenscope.cpu.Cpu;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Runs a vCPU with {@code io.xenscope.cpu.exec.ExecutionEngine}, whose agreed API is
 * {@code new ExecutionEngine(Cpu)}, {@code RunResult run(long maxInstructions)} with
 * {@code record RunResult(StopReason reason, long instructions)}.
 *
 * <p>MERGE NOTE: the engine was being written on another branch when this was; it is reached by
 * reflection only so that this branch compiles without it. Once {@code cpu.exec} is on the same
 * branch, replace the body of {@link #factory()} with
 * {@code cpu -> { var e = new ExecutionEngine(cpu); return max -> { var r = e.run(max);
 * return new Outcome(r.reason().name(), r.instructions()); }; }} and delete the reflection.
 */
public final class ExecutionEngineAdapter {
    static final String ENGINE_CLASS = "io.xenscope.cpu.exec.ExecutionEngine";

    private ExecutionEngineAdapter() {
    }

    /** The real engine; fails with a clear message when this build has none. */
    public static VcpuRunner.Factory factory() {
        return cpu -> create(cpu);
    }

    private static VcpuRunner create(Cpu cpu) {
        final Object engine;
        final Method run;
        try {
            Class<?> type = Class.forName(ENGINE_CLASS);
            Constructor<?> constructor = type.getConstructor(Cpu.class);
            engine = constructor.newInstance(cpu);
            run = type.getMethod("run", long.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this build has no execution engine (" + ENGINE_CLASS + " is missing)");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the execution engine does not have the agreed API: " + e, e);
        }
        return max -> {
            try {
                Object result = run.invoke(engine, max);
                Object reason = result.getClass().getMethod("reason").invoke(result);
                long instructions = (Long) result.getClass().getMethod("instructions").invoke(result);
                return new VcpuRunner.Outcome(((Enum<?>) reason).name(), instructions);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the execution engine does not have the agreed API: " + e, e);
            }
        };
    }
}
