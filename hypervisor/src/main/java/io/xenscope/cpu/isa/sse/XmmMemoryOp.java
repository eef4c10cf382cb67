package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Locations.MemoryLocation;
import io.xenscope.cpu.exec.Op;

/**
 * {@code op xmm, m128} (or m64/m32 read zero-extended into lo). Legacy SSE 128-bit memory operands
 * must be 16-byte aligned except for the unaligned moves (SDM Vol. 1 §11.4.1, Vol. 2 §2.4): #GP(0).
 */
public record XmmMemoryOp(int d, MemoryLocation m, int size, boolean aligned, XmmBinary f) implements Op {
    @Override
    public void execute(Cpu c) {
        SseAvailability.check(c);
        long la = m.linear(c, false);
        long lo;
        long hi = 0;
        if (size == 16) {
            if (aligned && (la & 15) != 0) {
                throw XmmMemory.misaligned(la);
            }
            lo = c.mmu.read64(la);
            hi = c.mmu.read64(la + 8);
        } else {
            lo = size == 8 ? c.mmu.read64(la) : c.mmu.read32(la) & 0xffffffffL;
        }
        f.apply(c, d, lo, hi);
    }
}
