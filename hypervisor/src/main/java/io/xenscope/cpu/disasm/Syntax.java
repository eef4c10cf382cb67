package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.Instruction;
import java.util.function.LongFunction;

/** An assembler syntax: formats one decoded instruction as objdump prints it. */
public interface Syntax {
    /**
     * @param bytes      the instruction's bytes (its length)
     * @param symbolizer names an address ({@code "main+0x10"}) or returns null; may be null
     */
    String format(Instruction insn, byte[] bytes, LongFunction<String> symbolizer);
}
