package io.xenscope.cpu.exec;

/**
 * A group of instructions that share their semantics' building blocks (arithmetic, shifts, string
 * operations, system instructions...). Each family registers a factory per mnemonic; the
 * {@link Translator} knows nothing of what instructions do.
 */
public interface InstructionFamily {
    void register(OpTable table);
}
