package io.xenscope.cpu.exec;

import io.xenscope.cpu.decoder.Instruction;

/**
 * Builds one op for a flag-setting instruction and the conditional branch that follows it
 * ({@code cmp; jl} — macro-op fusion, as Intel cores do and QEMU's flag optimisation aims at).
 * The op records the flags as the first instruction would (they stay visible to later code) and
 * sets RIP to the branch target or the fall-through. Returns null when it cannot fuse the pair.
 */
@FunctionalInterface
public interface FusionFactory {
    Op fuse(Instruction flagSetter, Instruction branch, TranslationContext context);
}
