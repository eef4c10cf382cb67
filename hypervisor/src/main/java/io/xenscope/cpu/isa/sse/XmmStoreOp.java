package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Locations.MemoryLocation;
import io.xenscope.cpu.exec.Op;

/** {@code mov m128, xmm} (movdqa/movdqu/movaps/movups/movapd/movupd/movntdq/movntps/movntpd). */
public record XmmStoreOp(MemoryLocation m, int s, boolean aligned) implements Op {
    @Override
    public void execute(Cpu c) {
        SseAvailability.check(c);
        long la = m.linear(c, true);
        if (aligned && (la & 15) != 0) {
            throw XmmMemory.misaligned(la);
        }
        c.mmu.probeWrite(la, 16); // both halves or neither (SDM Vol. 3 §6.5)
        c.mmu.write64(la, c.xmm[2 * s]);
        c.mmu.write64(la + 8, c.xmm[2 * s + 1]);
    }
}
