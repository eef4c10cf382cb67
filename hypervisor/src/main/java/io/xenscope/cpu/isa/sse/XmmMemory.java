package io.xenscope.cpu.isa.sse;

import io.xenscope.cpu.fault.GeneralProtection;

/** Shared rules of 128-bit memory operands. */
final class XmmMemory {
    private XmmMemory() {
    }

    static GeneralProtection misaligned(long la) {
        return new GeneralProtection(0, String.format("16-byte operand at 0x%x is not 16-byte aligned", la));
    }
}
