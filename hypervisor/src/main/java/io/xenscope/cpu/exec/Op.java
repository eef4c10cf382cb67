package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;

/**
 * One translated instruction: everything the decoder found is already resolved into fields, so
 * executing never looks at instruction bytes again.
 *
 * <p>Contract, so that a fault leaves no partial state (SDM Vol. 3 §6.5): an op first reads, then
 * writes memory, then writes registers and flags. An op that ends its block ({@link OpTable}
 * registers which) sets {@link Cpu#rip} itself; other ops never touch it.
 */
@FunctionalInterface
public interface Op {
    void execute(Cpu cpu);
}
