package io.xenscope.cpu.exec;

import io.xenscope.cpu.decoder.Instruction;

/** Turns one decoded instruction into an executable {@link Op}. */
@FunctionalInterface
public interface OpFactory {
    Op translate(Instruction instruction, TranslationContext context);
}
