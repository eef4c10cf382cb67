package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;

/**
 * A block compiled to JVM bytecode by {@link BlockCompiler}: runs the block's ops in order and
 * returns how many completed. On an exception it records the index of the op that threw in
 * {@link Block#faultIndex} and rethrows; it returns early if the block invalidated itself.
 */
public interface CompiledBlock {
    int run(Cpu cpu, Block block);
}
