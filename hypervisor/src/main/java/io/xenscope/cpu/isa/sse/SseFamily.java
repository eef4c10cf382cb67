package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.exec.InstructionFamily;
import io.xenscope.cpu.exec.OpTable;

/**
 * SSE, SSE2, the SSE3 moves and SSSE3 pshufb/palignr on XMM registers: what gcc -O2 emits for
 * freestanding C. MMX-register forms raise #UD (not implemented). Every op checks availability
 * ({@link SseAvailability}) first.
 */
public final class SseFamily implements InstructionFamily {
    @Override
    public void register(OpTable table) {
        SseMoves.register(table);
        SseInteger.register(table);
        SseArithmetic.register(table);
        SseConversions.register(table);
    }
}
