package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.Instruction;
import java.util.function.LongFunction;

/** AT&T syntax as {@code objdump -d} prints it: {@code movl   $0x0,0x8(%rax)}. */
public final class AttSyntax implements Syntax {
    @Override
    public String format(Instruction insn, byte[] bytes, LongFunction<String> symbolizer) {
        return new IntelSyntax().format(insn, bytes, symbolizer); // TODO
    }
}
